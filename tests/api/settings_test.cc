#include "api/settings.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "tests/support/test_util.h"

namespace aidledger::api {
namespace {

// config/aidledger.properties documents every setting with its default, and
// nothing else.
TEST(SettingsTest, ThePropertiesFileListsEverySettingWithItsDefault) {
  std::istringstream in(testing::ReadFile(testing::SourcePath("config/aidledger.properties")));
  std::map<std::string, std::string> file;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t eq = line.find('=');
    ASSERT_NE(eq, std::string::npos) << line;
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    file[key] = value;
  }
  std::map<std::string, std::string> code;
  for (const Setting& s : ServiceSettings()) code[s.key] = s.default_value;
  EXPECT_EQ(file, code);
}

}  // namespace
}  // namespace aidledger::api
