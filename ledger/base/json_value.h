// Value: the JSON data model of the ledger's payloads.
//
// Deliberately narrower than JSON: numbers are int64 only (no fractions, no
// exponents), so money can never pass through a floating-point type. Objects
// keep their members sorted by the UTF-8 bytes of the key, with unique keys,
// which is the order of the canonical encoding (docs/ledger-format.md).
#ifndef AIDLEDGER_LEDGER_BASE_JSON_VALUE_H_
#define AIDLEDGER_LEDGER_BASE_JSON_VALUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace aidledger {

class Value;
using Array = std::vector<Value>;

// An object: members sorted by key bytes, keys unique.
class Object {
 public:
  using Member = std::pair<std::string, Value>;

  Object() = default;
  Object(std::initializer_list<Member> members);

  // Inserts or replaces; keeps the order. Returns *this for chaining.
  Object& Set(std::string key, Value value);
  // nullptr when absent.
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);
  bool Contains(std::string_view key) const { return Find(key) != nullptr; }

  const std::vector<Member>& members() const { return members_; }
  // Defined after Value: a member's type must be complete first (clang).
  size_t size() const;
  bool empty() const;

  void Reserve(size_t n);
  // For parsers that have already checked order and uniqueness.
  void AppendSortedUnchecked(std::string key, Value value);

  bool operator==(const Object& other) const;

 private:
  std::vector<Member> members_;
};

class Value {
 public:
  enum class Type { kNull, kBool, kInt, kString, kArray, kObject };

  Value() = default;                                    // null
  Value(std::nullptr_t) {}                              // NOLINT(google-explicit-constructor)
  Value(bool b) : data_(b) {}                           // NOLINT(google-explicit-constructor)
  Value(int64_t i) : data_(i) {}                        // NOLINT(google-explicit-constructor)
  Value(int i) : data_(static_cast<int64_t>(i)) {}      // NOLINT(google-explicit-constructor)
  Value(std::string s) : data_(std::move(s)) {}         // NOLINT(google-explicit-constructor)
  Value(std::string_view s) : data_(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  Value(const char* s) : data_(std::string(s)) {}       // NOLINT(google-explicit-constructor)
  Value(Array a) : data_(std::move(a)) {}               // NOLINT(google-explicit-constructor)
  Value(Object o) : data_(std::move(o)) {}              // NOLINT(google-explicit-constructor)
  // Refuse floating point at compile time.
  Value(double) = delete;
  Value(float) = delete;

  Type type() const { return static_cast<Type>(data_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_int() const { return type() == Type::kInt; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // Accessors assert the type; check it first.
  bool as_bool() const { return std::get<bool>(data_); }
  int64_t as_int() const { return std::get<int64_t>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const Array& as_array() const { return std::get<Array>(data_); }
  Array& as_array() { return std::get<Array>(data_); }
  const Object& as_object() const { return std::get<Object>(data_); }
  Object& as_object() { return std::get<Object>(data_); }

  bool operator==(const Value& other) const { return data_ == other.data_; }

 private:
  std::variant<std::nullptr_t, bool, int64_t, std::string, Array, Object> data_;
};

inline size_t Object::size() const { return members_.size(); }
inline bool Object::empty() const { return members_.empty(); }
inline void Object::Reserve(size_t n) { members_.reserve(n); }

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BASE_JSON_VALUE_H_
