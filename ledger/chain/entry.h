// A ledger entry, its canonical bytes and its hash (docs/ledger-format.md).
//
// The canonical bytes are the entry: they are what is hashed, stored and
// exported. Every other representation (struct fields, SQL columns) is
// derived from them and checked against them by verify.
#ifndef AIDLEDGER_LEDGER_CHAIN_ENTRY_H_
#define AIDLEDGER_LEDGER_CHAIN_ENTRY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/hash.h"
#include "ledger/base/json_doc.h"
#include "ledger/base/json_value.h"
#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"
#include "ledger/chain/kinds.h"

namespace aidledger {

inline constexpr int64_t kFormatVersion = 1;
// Domain separation: entry hashes can never equal an RFC 6962 leaf or node
// hash (those start with byte 0x00 or 0x01) or a signed-note body.
inline constexpr std::string_view kEntryHashPrefix = "aidledger:entry:v1\n";
inline constexpr size_t kMaxEntryBytes = 256 * 1024;
inline constexpr std::string_view kGenesisKind = kinds::kGenesis;
inline constexpr std::string_view kSystemActor = "system";

struct Actor {
  std::string id;    // a user id, or "system"
  std::string role;  // the role the actor acted in
  bool operator==(const Actor&) const = default;
};

struct Entry {
  int64_t seq = 0;
  MicrosSinceEpoch recorded_at = 0;
  std::string kind;
  Actor actor;
  Object payload;
  Hash32 prev{};  // all zero for seq 1
  bool operator==(const Entry&) const = default;
};

// Checks every field rule of the format (kind syntax, actor, sizes, ...).
// field() of the Status names the offending field.
Status ValidateEntry(const Entry& entry);

// The canonical bytes. The entry must be valid (ValidateEntry).
std::string EncodeEntry(const Entry& entry);
// The same from the parts, without copying the payload into an Entry.
void AppendEntryBytes(int64_t seq, MicrosSinceEpoch recorded_at, std::string_view kind,
                      const Actor& actor, const Object& payload, const Hash32& prev,
                      std::string* out);

// SHA-256(kEntryHashPrefix || canonical bytes).
Hash32 HashEntryBytes(std::string_view canonical);

// An entry's members read from a parsed canonical document without copying:
// the views point into the document's bytes. What verify uses per entry.
struct EntryFields {
  int64_t seq = 0;
  MicrosSinceEpoch recorded_at = 0;
  std::string_view recorded_at_text;
  std::string_view kind;
  std::string_view actor_id;
  std::string_view actor_role;
  Hash32 prev{};
  uint32_t payload = JsonDoc::kNone;  // node of the payload object
};

// The single implementation of the entry rules (section 3 of the format):
// exactly the seven members with their types and syntax.
Status ReadEntryFields(const JsonDoc& doc, EntryFields* out);

// Canonical bytes -> Entry: ParseCanonicalDoc + ReadEntryFields.
Result<Entry> DecodeEntry(std::string_view canonical);
// The entry whose members ReadEntryFields read from `doc` (copied out).
Entry EntryFromFields(const JsonDoc& doc, const EntryFields& fields);

// Interprets a value as an entry by the same rules (encodes it and decodes).
Result<Entry> EntryFromValue(const Value& value);

// The genesis entry's parameters (its payload).
struct GenesisParams {
  std::string ledger_id;  // a lower-case UUID; NewLedgerId() makes one
  std::string name;       // the team's name, for people
  std::string default_currency = "CNY";
  std::string time_zone = "Asia/Shanghai";  // for business dates and periods
};

std::string NewLedgerId();
bool IsValidLedgerId(std::string_view id);
bool IsValidCurrencyCode(std::string_view code);

Entry MakeGenesisEntry(const GenesisParams& params, MicrosSinceEpoch now);
// Checks the genesis rules; on success fills *params when not null.
Status CheckGenesis(const Entry& entry, GenesisParams* params);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_ENTRY_H_
