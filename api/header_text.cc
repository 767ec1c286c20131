#include "api/header_text.h"

#include <algorithm>
#include <cstdio>

namespace aidledger::api {

bool IsHeaderName(std::string_view name) {
  static constexpr std::string_view kTokenPunct = "!#$%&'*+-.^_`|~";
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           kTokenPunct.find(c) != std::string_view::npos;
  });
}

bool IsHeaderValue(std::string_view value) {
  return value.size() <= 8192 && std::all_of(value.begin(), value.end(), [](char c) {
           const auto b = static_cast<unsigned char>(c);
           return b == '\t' || (b >= 0x20 && b != 0x7F);
         });
}

std::string AttachmentDisposition(std::string_view stem, std::string_view extension) {
  std::string safe;
  for (char c : stem.substr(0, 100)) {
    const bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      c == '.' || c == '_' || c == '-';
    safe += keep ? c : '_';
  }
  if (safe.empty()) safe = "aidledger";
  std::string ext;
  for (char c : extension) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ext += c;
  }
  return "attachment; filename=\"" + safe + (ext.empty() ? "" : "." + ext) + "\"";
}

std::string EscapeForLog(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F || c == '\\') {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", b);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace aidledger::api
