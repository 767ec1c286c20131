#include "ledger/entry.h"

#include <openssl/rand.h>

#include <cstdlib>

#include "ledger/canonical_json.h"

namespace aidledger {

namespace {

bool IsLowerAlnumUnderscore(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// "word(.word)+" where word is [a-z][a-z0-9_]*; at most 64 bytes.
bool IsValidKind(std::string_view kind) {
  if (kind.empty() || kind.size() > 64) return false;
  bool at_word_start = true;
  int dots = 0;
  for (char c : kind) {
    if (at_word_start) {
      if (c < 'a' || c > 'z') return false;
      at_word_start = false;
    } else if (c == '.') {
      at_word_start = true;
      ++dots;
    } else if (!IsLowerAlnumUnderscore(c)) {
      return false;
    }
  }
  return !at_word_start && dots >= 1;
}

// [a-z][a-z0-9_]*, at most 32 bytes.
bool IsValidRole(std::string_view role) {
  if (role.empty() || role.size() > 32 || role[0] < 'a' || role[0] > 'z') return false;
  for (char c : role) {
    if (!IsLowerAlnumUnderscore(c)) return false;
  }
  return true;
}

// 1..128 bytes of UTF-8 with no control characters.
bool IsValidActorId(std::string_view id) {
  if (id.empty() || id.size() > 128 || !IsValidUtf8(id)) return false;
  for (char c : id) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  }
  return true;
}

Value ActorValue(const Actor& a) { return Object{{"id", a.id}, {"role", a.role}}; }

const std::string* GetString(const Object& o, std::string_view key) {
  const Value* v = o.Find(key);
  return v != nullptr && v->is_string() ? &v->as_string() : nullptr;
}

}  // namespace

Status ValidateEntry(const Entry& e) {
  if (e.seq < 1) return InvalidArgument("must be 1 or more", "seq");
  if (!IsValidKind(e.kind)) {
    return InvalidArgument("must be dotted lower-case words, e.g. donation.recorded", "kind");
  }
  if (!IsValidActorId(e.actor.id)) {
    return InvalidArgument("must be 1..128 bytes of UTF-8 without control characters",
                           "actor.id");
  }
  if (!IsValidRole(e.actor.role)) return InvalidArgument("must match [a-z][a-z0-9_]*", "actor.role");
  if (e.recorded_at < 0 || FormatTimestamp(e.recorded_at).size() != 27) {
    return InvalidArgument("out of range", "recorded_at");
  }
  return Status::Ok();
}

std::string EncodeEntry(const Entry& e) {
  // Members are listed in canonical (byte) order already; Object sorts anyway.
  Object obj;
  obj.AppendSortedUnchecked("actor", ActorValue(e.actor));
  obj.AppendSortedUnchecked("kind", e.kind);
  obj.AppendSortedUnchecked("payload", e.payload);
  obj.AppendSortedUnchecked("prev", ToHex(e.prev));
  obj.AppendSortedUnchecked("recorded_at", FormatTimestamp(e.recorded_at));
  obj.AppendSortedUnchecked("seq", e.seq);
  obj.AppendSortedUnchecked("v", kFormatVersion);
  return EncodeCanonical(Value(std::move(obj)));
}

Hash32 HashEntryBytes(std::string_view canonical) {
  return Sha256::Of(kEntryHashPrefix, canonical);
}

Result<Entry> EntryFromValue(Value value) {
  if (!value.is_object()) return InvalidArgument("an entry is a JSON object");
  Object& obj = value.as_object();
  static constexpr std::string_view kKeys[] = {"actor",       "kind", "payload", "prev",
                                               "recorded_at", "seq",  "v"};
  if (obj.size() != std::size(kKeys)) {
    return InvalidArgument("an entry has exactly the keys actor, kind, payload, prev, "
                           "recorded_at, seq and v");
  }
  for (size_t i = 0; i < std::size(kKeys); ++i) {
    if (obj.members()[i].first != kKeys[i]) {
      return InvalidArgument("unexpected key \"" + obj.members()[i].first + "\"");
    }
  }
  const Value* v = obj.Find("v");
  if (!v->is_int() || v->as_int() != kFormatVersion) {
    return InvalidArgument("unsupported format version", "v");
  }
  Entry e;
  const Value* seq = obj.Find("seq");
  if (!seq->is_int()) return InvalidArgument("must be an integer", "seq");
  e.seq = seq->as_int();
  const std::string* kind = GetString(obj, "kind");
  if (kind == nullptr) return InvalidArgument("must be a string", "kind");
  e.kind = *kind;
  const Value* actor = obj.Find("actor");
  if (!actor->is_object() || actor->as_object().size() != 2) {
    return InvalidArgument("must be an object with id and role", "actor");
  }
  const std::string* actor_id = GetString(actor->as_object(), "id");
  const std::string* actor_role = GetString(actor->as_object(), "role");
  if (actor_id == nullptr || actor_role == nullptr) {
    return InvalidArgument("must be an object with id and role", "actor");
  }
  e.actor = Actor{*actor_id, *actor_role};
  const std::string* recorded = GetString(obj, "recorded_at");
  auto t = recorded != nullptr ? ParseTimestamp(*recorded) : std::nullopt;
  if (!t) return InvalidArgument("must be YYYY-MM-DDTHH:MM:SS.ffffffZ", "recorded_at");
  e.recorded_at = *t;
  const std::string* prev = GetString(obj, "prev");
  auto prev_hash = prev != nullptr ? Hash32FromHex(*prev) : std::nullopt;
  if (!prev_hash) return InvalidArgument("must be 64 lower-case hex digits", "prev");
  e.prev = *prev_hash;
  Value* payload = obj.Find("payload");
  if (!payload->is_object()) return InvalidArgument("must be an object", "payload");
  e.payload = std::move(payload->as_object());
  AIDLEDGER_RETURN_IF_ERROR(ValidateEntry(e));
  return e;
}

Result<Entry> DecodeEntry(std::string_view canonical) {
  if (canonical.size() > kMaxEntryBytes) return InvalidArgument("entry too large");
  auto value = ParseCanonical(canonical);
  if (!value.ok()) return value.status();
  return EntryFromValue(std::move(value).value());
}

std::string NewLedgerId() {
  uint8_t b[16];
  if (RAND_bytes(b, sizeof b) != 1) std::abort();  // no randomness: refuse to run
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  const std::string hex = ToHex(b, sizeof b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

bool IsValidLedgerId(std::string_view id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

bool IsValidCurrencyCode(std::string_view code) {
  return code.size() == 3 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' &&
         code[1] <= 'Z' && code[2] >= 'A' && code[2] <= 'Z';
}

Entry MakeGenesisEntry(const GenesisParams& p, MicrosSinceEpoch now) {
  Entry e;
  e.seq = 1;
  e.recorded_at = now;
  e.kind = std::string(kGenesisKind);
  e.actor = Actor{std::string(kSystemActor), std::string(kSystemActor)};
  e.payload = Object{
      {"created_at", FormatTimestamp(now)},
      {"format_version", kFormatVersion},
      {"hash_algorithm", "sha-256"},
      {"ledger_id", p.ledger_id},
      {"params", Object{{"default_currency", p.default_currency},
                        {"name", p.name},
                        {"time_zone", p.time_zone}}},
  };
  return e;
}

Status CheckGenesis(const Entry& e, GenesisParams* out) {
  if (e.seq != 1 || e.kind != kGenesisKind) {
    return InvalidArgument("entry 1 must be the genesis entry (kind ledger.genesis)", "kind");
  }
  if (e.actor.id != kSystemActor || e.actor.role != kSystemActor) {
    return InvalidArgument("the genesis actor is system/system", "actor");
  }
  if (e.prev != Hash32{}) return InvalidArgument("the genesis prev is all zeros", "prev");
  const Object& p = e.payload;
  const Value* fv = p.Find("format_version");
  if (p.size() != 5 || fv == nullptr || !fv->is_int() || fv->as_int() != kFormatVersion) {
    return InvalidArgument("genesis payload: created_at, format_version 1, hash_algorithm, "
                           "ledger_id, params",
                           "payload");
  }
  const std::string* created = GetString(p, "created_at");
  if (created == nullptr || *created != FormatTimestamp(e.recorded_at)) {
    return InvalidArgument("must equal recorded_at", "payload.created_at");
  }
  const std::string* algo = GetString(p, "hash_algorithm");
  if (algo == nullptr || *algo != "sha-256") {
    return InvalidArgument("must be sha-256", "payload.hash_algorithm");
  }
  const std::string* id = GetString(p, "ledger_id");
  if (id == nullptr || !IsValidLedgerId(*id)) {
    return InvalidArgument("must be a lower-case UUID", "payload.ledger_id");
  }
  const Value* params = p.Find("params");
  if (params == nullptr || !params->is_object()) {
    return InvalidArgument("must be an object", "payload.params");
  }
  const Object& po = params->as_object();
  const std::string* cur = GetString(po, "default_currency");
  const std::string* name = GetString(po, "name");
  const std::string* tz = GetString(po, "time_zone");
  if (po.size() != 3 || cur == nullptr || name == nullptr || tz == nullptr ||
      !IsValidCurrencyCode(*cur) || tz->empty()) {
    return InvalidArgument("needs default_currency (ISO 4217), name and time_zone",
                           "payload.params");
  }
  if (out != nullptr) *out = GenesisParams{*id, *name, *cur, *tz};
  return Status::Ok();
}

}  // namespace aidledger
