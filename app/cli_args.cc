#include "app/cli_args.h"

#include <algorithm>

namespace aidledger::cli {

std::string ParsedArgs::Get(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  if (auto it = defaults_.find(name); it != defaults_.end()) return it->second;
  return {};
}

std::optional<ParsedArgs> Parse(const CommandSpec& spec, const std::vector<std::string>& args,
                                std::string* error) {
  ParsedArgs out;
  for (const auto& o : spec.options) {
    if (!o.default_value.empty()) out.defaults_[o.name] = o.default_value;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 3 || a.rfind("--", 0) != 0) {
      out.positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto spec_it = std::find_if(spec.options.begin(), spec.options.end(),
                                [&](const OptionSpec& o) { return o.name == name; });
    if (spec_it == spec.options.end()) {
      *error = "unknown option --" + name + " (see: aidledger " + spec.name + " --help)";
      return std::nullopt;
    }
    if (spec_it->value_name.empty()) {
      if (inline_value) {
        *error = "--" + name + " takes no value";
        return std::nullopt;
      }
      out.values_[name] = "true";
      continue;
    }
    if (inline_value) {
      out.values_[name] = *inline_value;
    } else if (i + 1 < args.size()) {
      out.values_[name] = args[++i];
    } else {
      *error = "--" + name + " needs a value (" + spec_it->value_name + ")";
      return std::nullopt;
    }
  }
  return out;
}

std::string HelpText(const CommandSpec& spec) {
  std::string out =
      "usage: aidledger " + spec.name + " " + spec.usage + "\n\n" + spec.summary + "\n";
  if (!spec.options.empty()) out += "\noptions:\n";
  for (const auto& o : spec.options) {
    std::string left = "  --" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    if (left.size() < 28) {
      left.resize(28, ' ');
    } else {
      left += "\n" + std::string(28, ' ');
    }
    out += left + o.help;
    if (!o.default_value.empty()) out += " (default: " + o.default_value + ")";
    out += "\n";
  }
  out += "  --help                    show this help\n";
  return out;
}

}  // namespace aidledger::cli
