// A small command-line parser: "--name value", "--name=value" and boolean
// flags, with the help text generated from the same table that parses.
#ifndef AIDLEDGER_APP_CLI_ARGS_H_
#define AIDLEDGER_APP_CLI_ARGS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace aidledger::cli {

struct OptionSpec {
  std::string name;        // without dashes
  std::string value_name;  // empty for a flag
  std::string help;
  std::string default_value;
};

struct CommandSpec {
  std::string name;
  std::string summary;
  std::string usage;  // after "aidledger NAME"
  std::vector<OptionSpec> options;
};

class ParsedArgs {
 public:
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The value given, else the spec's default.
  std::string Get(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend std::optional<ParsedArgs> Parse(const CommandSpec&, const std::vector<std::string>&,
                                         std::string*);
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> defaults_;
  std::vector<std::string> positional_;
};

// nullopt and *error set on an unknown option or a missing value.
std::optional<ParsedArgs> Parse(const CommandSpec& spec, const std::vector<std::string>& args,
                                std::string* error);

std::string HelpText(const CommandSpec& spec);

}  // namespace aidledger::cli

#endif  // AIDLEDGER_APP_CLI_ARGS_H_
