#include "ledger/base/canonical_json.h"

#include <charconv>
#include <cstdint>
#include <limits>

#include "ledger/base/json_doc.h"
#include "ledger/base/utf8.h"

namespace aidledger {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void AppendString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run_start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHexDigits[c >> 4]);
        out->push_back(kHexDigits[c & 0xF]);
    }
  }
  out->append(s.data() + run_start, s.size() - run_start);
  out->push_back('"');
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The relaxed parser (RFC 8259 minus floats, duplicates and bad UTF-8). The
// strict canonical parser is ParseCanonicalDoc (json_doc.cc).
class Parser {
 public:
  Parser(std::string_view in, JsonLimits limits) : in_(in), limits_(limits) {}

  Result<Value> Run() {
    Value v;
    SkipWs();
    if (!ParseValue(&v, 0)) return error_;
    SkipWs();
    if (pos_ != in_.size()) {
      Fail("trailing bytes after the value");
      return error_;
    }
    return v;
  }

 private:
  bool Fail(const std::string& what) {
    if (error_.ok()) {
      error_ = InvalidArgument("at byte " + std::to_string(pos_) + ": " + what);
    }
    return false;
  }

  void SkipWs() {
    while (pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Consume(std::string_view lit) {
    if (in_.substr(pos_, lit.size()) != lit) return false;
    pos_ += lit.size();
    return true;
  }

  bool ParseValue(Value* out, int depth) {
    if (pos_ >= in_.size()) return Fail("unexpected end of input");
    const char c = in_[pos_];
    switch (c) {
      case '{':
        return ParseObject(out, depth + 1);
      case '[':
        return ParseArray(out, depth + 1);
      case '"': {
        std::string s;
        if (!ParseString(&s)) return false;
        *out = Value(std::move(s));
        return true;
      }
      case 't':
        if (!Consume("true")) return Fail("invalid literal");
        *out = Value(true);
        return true;
      case 'f':
        if (!Consume("false")) return Fail("invalid literal");
        *out = Value(false);
        return true;
      case 'n':
        if (!Consume("null")) return Fail("invalid literal");
        *out = Value(nullptr);
        return true;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(out);
        return Fail("unexpected character");
    }
  }

  bool ParseNumber(Value* out) {
    const size_t start = pos_;
    if (in_[pos_] == '-') ++pos_;
    const size_t digits_start = pos_;
    while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_;
    const size_t ndigits = pos_ - digits_start;
    if (ndigits == 0) return Fail("a number needs digits");
    if (pos_ < in_.size() && (in_[pos_] == '.' || in_[pos_] == 'e' || in_[pos_] == 'E')) {
      return Fail("numbers with a fraction or exponent are not allowed (use integers)");
    }
    if (ndigits > 1 && in_[digits_start] == '0') {
      pos_ = digits_start;
      return Fail("leading zero in a number");
    }
    const std::string_view text = in_.substr(start, pos_ - start);
    if (text == "-0") {
      pos_ = start;
      return Fail("-0 is not allowed");
    }
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      pos_ = start;
      return Fail("integer outside the signed 64-bit range");
    }
    *out = Value(v);
    return true;
  }

  bool ParseHex4(uint32_t* cp) {
    if (pos_ + 4 > in_.size()) return Fail("short \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = in_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= static_cast<uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        v |= static_cast<uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        v |= static_cast<uint32_t>(h - 'A' + 10);
      } else {
        return Fail("bad hex digit in \\u escape");
      }
    }
    *cp = v;
    return true;
  }

  bool ParseString(std::string* out) {
    ++pos_;  // opening quote
    while (true) {
      // Copy the longest run of bytes that need no decoding in one append.
      const size_t run_start = pos_;
      while (pos_ < in_.size()) {
        const auto c = static_cast<unsigned char>(in_[pos_]);
        if (c < 0x80) {
          if (c < 0x20 || c == '"' || c == '\\') break;
          ++pos_;
        } else {
          const size_t n = Utf8SequenceLength(in_, pos_);
          if (n == 0) return Fail("invalid UTF-8");
          pos_ += n;
        }
      }
      out->append(in_.data() + run_start, pos_ - run_start);
      if (pos_ >= in_.size()) return Fail("unterminated string");
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return Fail("control character in a string must be escaped");
      const size_t esc_at = pos_;
      ++pos_;
      if (pos_ >= in_.size()) return Fail("unterminated escape");
      const char e = in_[pos_++];
      switch (e) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!ParseHex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = 0;
            if (!Consume("\\u")) return Fail("lone surrogate in \\u escape");
            if (!ParseHex4(&lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) return Fail("lone surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("lone surrogate in \\u escape");
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          pos_ = esc_at;
          return Fail("invalid escape");
      }
    }
  }

  bool ParseArray(Value* out, int depth) {
    if (depth > limits_.max_depth) return Fail("nesting too deep");
    ++pos_;
    Array arr;
    SkipWs();
    if (pos_ < in_.size() && in_[pos_] == ']') {
      ++pos_;
      *out = Value(std::move(arr));
      return true;
    }
    while (true) {
      SkipWs();
      Value v;
      if (!ParseValue(&v, depth)) return false;
      arr.push_back(std::move(v));
      SkipWs();
      if (pos_ >= in_.size()) return Fail("unterminated array");
      if (in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (in_[pos_] == ']') {
        ++pos_;
        *out = Value(std::move(arr));
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }

  bool ParseObject(Value* out, int depth) {
    if (depth > limits_.max_depth) return Fail("nesting too deep");
    ++pos_;
    Object obj;
    SkipWs();
    if (pos_ < in_.size() && in_[pos_] == '}') {
      ++pos_;
      *out = Value(std::move(obj));
      return true;
    }
    while (true) {
      SkipWs();
      if (pos_ >= in_.size() || in_[pos_] != '"') return Fail("expected a key string");
      const size_t key_at = pos_;
      std::string key;
      if (!ParseString(&key)) return false;
      if (obj.Contains(key)) {
        pos_ = key_at;
        return Fail("duplicate key \"" + key + "\"");
      }
      SkipWs();
      if (pos_ >= in_.size() || in_[pos_] != ':') return Fail("expected ':'");
      ++pos_;
      SkipWs();
      Value v;
      if (!ParseValue(&v, depth)) return false;
      obj.Set(std::move(key), std::move(v));
      SkipWs();
      if (pos_ >= in_.size()) return Fail("unterminated object");
      if (in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (in_[pos_] == '}') {
        ++pos_;
        *out = Value(std::move(obj));
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }

  std::string_view in_;
  JsonLimits limits_;
  size_t pos_ = 0;
  Status error_;
};

}  // namespace

void AppendCanonical(const Value& value, std::string* out) {
  switch (value.type()) {
    case Value::Type::kNull:
      out->append("null");
      return;
    case Value::Type::kBool:
      out->append(value.as_bool() ? "true" : "false");
      return;
    case Value::Type::kInt: {
      char buf[24];
      auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value.as_int());
      out->append(buf, ptr);
      return;
    }
    case Value::Type::kString:
      AppendString(value.as_string(), out);
      return;
    case Value::Type::kArray: {
      out->push_back('[');
      bool first = true;
      for (const auto& v : value.as_array()) {
        if (!first) out->push_back(',');
        first = false;
        AppendCanonical(v, out);
      }
      out->push_back(']');
      return;
    }
    case Value::Type::kObject:
      AppendCanonical(value.as_object(), out);
      return;
  }
}

void AppendCanonical(const Object& object, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const auto& [k, v] : object.members()) {
    if (!first) out->push_back(',');
    first = false;
    AppendString(k, out);
    out->push_back(':');
    AppendCanonical(v, out);
  }
  out->push_back('}');
}

void AppendCanonicalString(std::string_view s, std::string* out) { AppendString(s, out); }

std::string EncodeCanonical(const Value& value) {
  std::string out;
  AppendCanonical(value, &out);
  return out;
}

Result<Value> ParseCanonical(std::string_view bytes, JsonLimits limits) {
  JsonDoc doc;
  AIDLEDGER_RETURN_IF_ERROR(ParseCanonicalDoc(bytes, &doc, limits.max_depth));
  return doc.ToValue(0);
}

Result<Value> ParseJson(std::string_view text, JsonLimits limits) {
  return Parser(text, limits).Run();
}

}  // namespace aidledger
