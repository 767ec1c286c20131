// The service's log line: a time stamp, priority, source and the message,
// with every control character of the message escaped (api/header_text.h),
// so that one record is always one line whatever text a request carried
// into it. The access log and the audit log of who revealed personal records
// are read by people and by tools line by line: a forged line there is a lie
// in the record.
#ifndef AIDLEDGER_API_LOG_FORMATTER_H_
#define AIDLEDGER_API_LOG_FORMATTER_H_

#include <Poco/Formatter.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>

#include <string>

namespace aidledger::api {

class LogFormatter final : public Poco::Formatter {
 public:
  LogFormatter();
  void format(const Poco::Message& msg, std::string& text) override;

 private:
  Poco::PatternFormatter pattern_;
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_LOG_FORMATTER_H_
