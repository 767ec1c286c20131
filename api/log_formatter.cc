#include "api/log_formatter.h"

#include "api/header_text.h"

namespace aidledger::api {

LogFormatter::LogFormatter() : pattern_("%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t") {
  pattern_.setProperty("times", "UTC");
}

void LogFormatter::format(const Poco::Message& msg, std::string& text) {
  Poco::Message escaped(msg);
  escaped.setText(EscapeForLog(msg.getText()));
  escaped.setSource(EscapeForLog(msg.getSource()));
  pattern_.format(escaped, text);
}

}  // namespace aidledger::api
