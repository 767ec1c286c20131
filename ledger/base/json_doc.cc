#include "ledger/base/json_doc.h"

#include <array>
#include <charconv>
#include <cstring>

#include "ledger/base/utf8.h"

namespace aidledger {

namespace {

// Decodes the canonical escapes of a validated string body.
std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out.push_back(s[i]);
      continue;
    }
    const char e = s[++i];
    switch (e) {
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {  // \u00XX, validated: a control character
        auto hex = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
        out.push_back(static_cast<char>(hex(s[i + 3]) * 16 + hex(s[i + 4])));
        i += 4;
        break;
      }
      default:
        out.push_back(e);
        break;  // '"' or '\\'
    }
  }
  return out;
}

// Bytes a string body can hold without decoding: printable ASCII other than
// '"' and '\\'. Everything else (controls, quotes, escapes, UTF-8) stops the
// fast loop.
constexpr auto kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return t;
}();

class Scanner {
 public:
  Scanner(std::string_view in, std::vector<JsonDoc::Node>* nodes, int max_depth)
      : in_(in), nodes_(nodes), max_depth_(max_depth) {}

  Status Run() {
    if (!Value(0)) return error_;
    if (pos_ != in_.size()) {
      Fail("trailing bytes after the value");
      return error_;
    }
    return Status::Ok();
  }

 private:
  bool Fail(const char* what) {
    if (error_.ok()) error_ = InvalidArgument("at byte " + std::to_string(pos_) + ": " + what);
    return false;
  }

  bool Literal(std::string_view lit) {
    if (in_.substr(pos_, lit.size()) != lit) return Fail("invalid literal");
    pos_ += lit.size();
    return true;
  }

  uint32_t NewNode(JsonDoc::Kind kind) {
    nodes_->push_back(JsonDoc::Node{kind});
    nodes_->back().begin = static_cast<uint32_t>(pos_);
    return static_cast<uint32_t>(nodes_->size() - 1);
  }

  // Scans a string body at pos_ (just after the opening quote); leaves pos_
  // after the closing quote. Sets *escaped if it holds an escape.
  bool StringBody(bool* escaped) {
    *escaped = false;
    while (true) {
      const char* const data = in_.data();
      const size_t size = in_.size();
      size_t p = pos_;
      // Eight bytes at a time while they are all plain (SWAR): no byte has
      // the high bit, none is below 0x20, none is '"' or '\\'.
      constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
      while (p + 8 <= size) {
        uint64_t x;
        std::memcpy(&x, data + p, 8);
        const uint64_t below_space = (x - kOnes * 0x20) & ~x;
        const uint64_t quote = x ^ (kOnes * '"');
        const uint64_t backslash = x ^ (kOnes * '\\');
        const uint64_t special =
            below_space | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | x;
        if ((special & kHigh) != 0) break;
        p += 8;
      }
      while (p < size) {
        const auto c = static_cast<unsigned char>(data[p]);
        if (kPlain[c]) {
          ++p;
        } else if (c >= 0xE1 && c <= 0xEC && p + 2 < size &&
                   (static_cast<unsigned char>(data[p + 1]) & 0xC0) == 0x80 &&
                   (static_cast<unsigned char>(data[p + 2]) & 0xC0) == 0x80) {
          p += 3;  // the common CJK case: a valid three-byte sequence, no overlong or surrogate
        } else if (c >= 0x80) {
          const size_t n = Utf8SequenceLength(in_, p);
          if (n == 0) {
            pos_ = p;
            return Fail("invalid UTF-8");
          }
          p += n;
        } else {
          break;
        }
      }
      pos_ = p;
      if (pos_ >= in_.size()) return Fail("unterminated string");
      const char c = in_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character must be escaped");
      // An escape: only the canonical ones.
      if (pos_ + 1 >= in_.size()) return Fail("unterminated escape");
      const char e = in_[pos_ + 1];
      *escaped = true;
      if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        pos_ += 2;
        continue;
      }
      if (e != 'u') return Fail("escape not in canonical form");
      if (pos_ + 6 > in_.size() || in_[pos_ + 2] != '0' || in_[pos_ + 3] != '0') {
        return Fail("escape not in canonical form");
      }
      const char h = in_[pos_ + 4], l = in_[pos_ + 5];
      const bool h_ok = h == '0' || h == '1';
      const bool l_ok = (l >= '0' && l <= '9') || (l >= 'a' && l <= 'f');
      if (!h_ok || !l_ok) return Fail("escape not in canonical form");
      const int cp = (h - '0') * 16 + (l <= '9' ? l - '0' : l - 'a' + 10);
      if (cp == '\b' || cp == '\f' || cp == '\n' || cp == '\r' || cp == '\t') {
        return Fail("escape not in canonical form");
      }
      pos_ += 6;
    }
  }

  bool Number(uint32_t node) {
    const size_t start = pos_;
    if (in_[pos_] == '-') ++pos_;
    const size_t digits = pos_;
    while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_;
    if (pos_ == digits) return Fail("a number needs digits");
    if (pos_ < in_.size() && (in_[pos_] == '.' || in_[pos_] == 'e' || in_[pos_] == 'E')) {
      return Fail("numbers with a fraction or exponent are not allowed");
    }
    if (pos_ - digits > 1 && in_[digits] == '0') return Fail("leading zero in a number");
    if (pos_ - start == 2 && in_[start] == '-' && in_[digits] == '0')
      return Fail("-0 is not canonical");
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(in_.data() + start, in_.data() + pos_, v);
    if (ec != std::errc() || ptr != in_.data() + pos_) {
      return Fail("integer outside the signed 64-bit range");
    }
    (*nodes_)[node].int_value = v;
    return true;
  }

  // Byte-order comparison of two keys: raw spans when neither is escaped.
  static bool KeyLess(std::string_view a, bool a_esc, std::string_view b, bool b_esc) {
    if (!a_esc && !b_esc) {
      // Most sorted keys differ in their first byte; settle that inline.
      if (!a.empty() && !b.empty() && a[0] != b[0]) {
        return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
      }
      return a < b;
    }
    return std::string_view(a_esc ? Unescape(a) : std::string(a)) <
           std::string_view(b_esc ? Unescape(b) : std::string(b));
  }

  bool Value(int depth) {
    if (pos_ >= in_.size()) return Fail("unexpected end of input");
    const char c = in_[pos_];
    switch (c) {
      case '{':
        return Object(depth + 1);
      case '[':
        return Array(depth + 1);
      case '"': {
        const uint32_t n = NewNode(JsonDoc::Kind::kString);
        ++pos_;
        bool esc = false;
        if (!StringBody(&esc)) return false;
        auto& node = (*nodes_)[n];
        node.begin += 1;
        node.end = static_cast<uint32_t>(pos_ - 1);
        node.escaped = esc;
        return true;
      }
      case 't':
        NewNode(JsonDoc::Kind::kTrue);
        return Literal("true") && Close();
      case 'f':
        NewNode(JsonDoc::Kind::kFalse);
        return Literal("false") && Close();
      case 'n':
        NewNode(JsonDoc::Kind::kNull);
        return Literal("null") && Close();
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          const uint32_t n = NewNode(JsonDoc::Kind::kInt);
          return Number(n) && Close();
        }
        return Fail("unexpected character");
    }
  }

  // Sets the end of the last scalar node.
  bool Close() {
    nodes_->back().end = static_cast<uint32_t>(pos_);
    return true;
  }

  bool Array(int depth) {
    if (depth > max_depth_) return Fail("nesting too deep");
    const uint32_t self = NewNode(JsonDoc::Kind::kArray);
    ++pos_;
    uint32_t prev = JsonDoc::kNone;
    if (pos_ < in_.size() && in_[pos_] == ']') {
      ++pos_;
      (*nodes_)[self].end = static_cast<uint32_t>(pos_);
      return true;
    }
    while (true) {
      const auto child = static_cast<uint32_t>(nodes_->size());
      if (!Value(depth)) return false;
      if (prev == JsonDoc::kNone) {
        (*nodes_)[self].first_child = child;
      } else {
        (*nodes_)[prev].next = child;
      }
      prev = child;
      if (pos_ >= in_.size()) return Fail("unterminated array");
      if (in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (in_[pos_] != ']') return Fail("expected ',' or ']'");
      ++pos_;
      (*nodes_)[self].end = static_cast<uint32_t>(pos_);
      return true;
    }
  }

  bool Object(int depth) {
    if (depth > max_depth_) return Fail("nesting too deep");
    const uint32_t self = NewNode(JsonDoc::Kind::kObject);
    ++pos_;
    uint32_t prev = JsonDoc::kNone;
    if (pos_ < in_.size() && in_[pos_] == '}') {
      ++pos_;
      (*nodes_)[self].end = static_cast<uint32_t>(pos_);
      return true;
    }
    std::string_view prev_key;
    bool prev_esc = false;
    while (true) {
      if (pos_ >= in_.size() || in_[pos_] != '"') return Fail("expected a key string");
      const size_t key_at = pos_;
      ++pos_;
      bool esc = false;
      if (!StringBody(&esc)) return false;
      const std::string_view key = in_.substr(key_at + 1, pos_ - key_at - 2);
      if (prev != JsonDoc::kNone && !KeyLess(prev_key, prev_esc, key, esc)) {
        pos_ = key_at;
        return Fail(KeyLess(key, esc, prev_key, prev_esc) ? "keys not in canonical order"
                                                          : "duplicate key");
      }
      if (pos_ >= in_.size() || in_[pos_] != ':') return Fail("expected ':'");
      ++pos_;
      const auto child = static_cast<uint32_t>(nodes_->size());
      if (!Value(depth)) return false;
      auto& node = (*nodes_)[child];
      node.key_begin = static_cast<uint32_t>(key_at + 1);
      node.key_end = static_cast<uint32_t>(key_at + 1 + key.size());
      node.key_escaped = esc;
      if (prev == JsonDoc::kNone) {
        (*nodes_)[self].first_child = child;
      } else {
        (*nodes_)[prev].next = child;
      }
      prev = child;
      prev_key = key;
      prev_esc = esc;
      if (pos_ >= in_.size()) return Fail("unterminated object");
      if (in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (in_[pos_] != '}') return Fail("expected ',' or '}'");
      ++pos_;
      (*nodes_)[self].end = static_cast<uint32_t>(pos_);
      return true;
    }
  }

  std::string_view in_;
  std::vector<JsonDoc::Node>* nodes_;
  int max_depth_;
  size_t pos_ = 0;
  Status error_;
};

}  // namespace

Status ParseCanonicalDoc(std::string_view bytes, JsonDoc* doc, int max_depth) {
  doc->bytes_ = bytes;
  doc->nodes_.clear();
  doc->nodes_.reserve(64);
  doc->decoded_.clear();
  if (bytes.size() >= UINT32_MAX) return InvalidArgument("document too large");
  Status s = Scanner(bytes, &doc->nodes_, max_depth).Run();
  if (!s.ok()) doc->nodes_.clear();
  return s;
}

std::string_view JsonDoc::Decoded(uint32_t begin, uint32_t end) const {
  decoded_.push_back(Unescape(bytes_.substr(begin, end - begin)));
  return decoded_.back();
}

std::string_view JsonDoc::String(uint32_t i) const {
  const Node& n = nodes_[i];
  if (n.escaped) return Decoded(n.begin, n.end);
  return bytes_.substr(n.begin, n.end - n.begin);
}

std::string_view JsonDoc::Key(uint32_t i) const {
  const Node& n = nodes_[i];
  if (n.key_escaped) return Decoded(n.key_begin, n.key_end);
  return bytes_.substr(n.key_begin, n.key_end - n.key_begin);
}

uint32_t JsonDoc::Find(uint32_t obj, std::string_view key) const {
  if (nodes_[obj].kind != Kind::kObject) return kNone;
  for (uint32_t c = nodes_[obj].first_child; c != kNone; c = nodes_[c].next) {
    const Node& n = nodes_[c];
    if (!n.key_escaped) {
      // Raw key bytes are the key: compare length and first byte before memcmp.
      const uint32_t len = n.key_end - n.key_begin;
      if (len != key.size() || (len > 0 && bytes_[n.key_begin] != key[0])) continue;
      if (bytes_.compare(n.key_begin, len, key) == 0) return c;
    } else if (Key(c) == key) {
      return c;
    }
  }
  return kNone;
}

Value JsonDoc::ToValue(uint32_t i) const {
  const Node& n = nodes_[i];
  switch (n.kind) {
    case Kind::kNull:
      return Value(nullptr);
    case Kind::kFalse:
      return Value(false);
    case Kind::kTrue:
      return Value(true);
    case Kind::kInt:
      return Value(n.int_value);
    case Kind::kString:
      return Value(std::string(String(i)));
    case Kind::kArray: {
      aidledger::Array a;
      for (uint32_t c = n.first_child; c != kNone; c = nodes_[c].next) a.push_back(ToValue(c));
      return Value(std::move(a));
    }
    case Kind::kObject: {
      aidledger::Object o;
      for (uint32_t c = n.first_child; c != kNone; c = nodes_[c].next) {
        o.AppendSortedUnchecked(std::string(Key(c)), ToValue(c));
      }
      return Value(std::move(o));
    }
  }
  return Value();
}

}  // namespace aidledger
