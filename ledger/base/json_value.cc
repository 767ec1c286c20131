#include "ledger/base/json_value.h"

#include <algorithm>
#include <utility>

namespace aidledger {

namespace {
bool KeyLess(const Object::Member& m, std::string_view key) {
  return std::string_view(m.first) < key;  // byte order: char_traits compares as unsigned
}
}  // namespace

Object::Object(std::initializer_list<Member> members) {
  for (const auto& m : members) Set(m.first, m.second);
}

Object& Object::Set(std::string key, Value value) {
  auto it = std::lower_bound(members_.begin(), members_.end(), std::string_view(key), KeyLess);
  if (it != members_.end() && it->first == key) {
    it->second = std::move(value);
  } else {
    members_.emplace(it, std::move(key), std::move(value));
  }
  return *this;
}

const Value* Object::Find(std::string_view key) const {
  auto it = std::lower_bound(members_.begin(), members_.end(), key, KeyLess);
  if (it != members_.end() && it->first == key) return &it->second;
  return nullptr;
}

Value* Object::Find(std::string_view key) {
  return const_cast<Value*>(std::as_const(*this).Find(key));
}

void Object::AppendSortedUnchecked(std::string key, Value value) {
  members_.emplace_back(std::move(key), std::move(value));
}

bool Object::operator==(const Object& other) const { return members_ == other.members_; }

}  // namespace aidledger
