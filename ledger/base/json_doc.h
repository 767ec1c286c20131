// JsonDoc: a validated canonical JSON document as a flat array of nodes that
// borrow the input bytes. It is verify's hot path: parsing allocates nothing
// once the node buffer has grown (reuse one JsonDoc across entries), and
// strings are views into the input unless they hold an escape.
//
// ParseCanonicalDoc is the single implementation of the canonical rules of
// docs/ledger-format.md section 2; ParseCanonical (a Value tree) is built on it.
#ifndef AIDLEDGER_LEDGER_BASE_JSON_DOC_H_
#define AIDLEDGER_LEDGER_BASE_JSON_DOC_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/json_value.h"
#include "ledger/base/status.h"

namespace aidledger {

class JsonDoc {
 public:
  enum class Kind : uint8_t { kNull, kFalse, kTrue, kInt, kString, kArray, kObject };
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Node {
    Kind kind = Kind::kNull;
    bool escaped = false;  // string (or key) holds an escape
    bool key_escaped = false;
    uint32_t next = kNone;                // next sibling in the parent
    uint32_t first_child = kNone;         // arrays and objects
    uint32_t key_begin = 0, key_end = 0;  // member key, quotes excluded
    uint32_t begin = 0, end = 0;          // value bytes (strings: quotes excluded)
    int64_t int_value = 0;
  };

  // Node 0 is the root. Valid after a successful parse, until the next one.
  const Node& node(uint32_t i) const { return nodes_[i]; }
  size_t size() const { return nodes_.size(); }
  std::string_view bytes() const { return bytes_; }

  // A string node's value, or a member's key; decoded only if escaped.
  std::string_view String(uint32_t i) const;
  std::string_view Key(uint32_t i) const;
  // The member of object node `obj` with that key, or kNone.
  uint32_t Find(uint32_t obj, std::string_view key) const;
  // The whole subtree as a Value.
  Value ToValue(uint32_t i) const;

 private:
  friend Status ParseCanonicalDoc(std::string_view bytes, JsonDoc* doc, int max_depth);
  std::string_view Decoded(uint32_t begin, uint32_t end) const;

  std::string_view bytes_;
  std::vector<Node> nodes_;
  mutable std::deque<std::string> decoded_;  // stable storage for unescaped strings
};

// Validates `bytes` as canonical JSON and indexes it into *doc, which borrows
// `bytes` (keep them alive). kInvalidArgument with the byte offset otherwise.
Status ParseCanonicalDoc(std::string_view bytes, JsonDoc* doc, int max_depth = 32);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BASE_JSON_DOC_H_
