#include "ledger/chain/entry.h"

#include <openssl/rand.h>

#include <cstdlib>

#include "ledger/base/canonical_json.h"
#include "ledger/base/json_doc.h"

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
    return InvalidArgument("must be 1..128 bytes of UTF-8 without control characters", "actor.id");
  }
  if (!IsValidRole(e.actor.role))
    return InvalidArgument("must match [a-z][a-z0-9_]*", "actor.role");
  if (e.recorded_at < 0 || e.recorded_at > kMaxTimestamp) {
    return InvalidArgument("out of range", "recorded_at");
  }
  return Status::Ok();
}

void AppendEntryBytes(int64_t seq, MicrosSinceEpoch recorded_at, std::string_view kind,
                      const Actor& actor, const Object& payload, const Hash32& prev,
                      std::string* out) {
  // The seven members in canonical (byte) order.
  out->append("{\"actor\":{\"id\":");
  AppendCanonicalString(actor.id, out);
  out->append(",\"role\":");
  AppendCanonicalString(actor.role, out);
  out->append("},\"kind\":");
  AppendCanonicalString(kind, out);
  out->append(",\"payload\":");
  AppendCanonical(payload, out);
  out->append(",\"prev\":\"");
  out->append(ToHex(prev));
  out->append("\",\"recorded_at\":\"");
  out->append(FormatTimestamp(recorded_at));
  out->append("\",\"seq\":");
  out->append(std::to_string(seq));
  out->append(",\"v\":");
  out->append(std::to_string(kFormatVersion));
  out->push_back('}');
}

std::string EncodeEntry(const Entry& e) {
  std::string out;
  AppendEntryBytes(e.seq, e.recorded_at, e.kind, e.actor, e.payload, e.prev, &out);
  return out;
}

Hash32 HashEntryBytes(std::string_view canonical) {
  return Sha256::Of(kEntryHashPrefix, canonical);
}

Status ReadEntryFields(const JsonDoc& doc, EntryFields* out) {
  using Kind = JsonDoc::Kind;
  if (doc.size() == 0 || doc.node(0).kind != Kind::kObject) {
    return InvalidArgument("an entry is a JSON object");
  }
  static constexpr std::string_view kKeys[] = {"actor",       "kind", "payload", "prev",
                                               "recorded_at", "seq",  "v"};
  uint32_t member[std::size(kKeys)];
  size_t count = 0;
  for (uint32_t c = doc.node(0).first_child; c != JsonDoc::kNone; c = doc.node(c).next) {
    // Members are sorted, so the seven keys must appear in exactly this order.
    if (count == std::size(kKeys) || doc.Key(c) != kKeys[count]) {
      return InvalidArgument(
          "an entry has exactly the keys actor, kind, payload, prev, "
          "recorded_at, seq and v");
    }
    member[count++] = c;
  }
  if (count != std::size(kKeys)) {
    return InvalidArgument(
        "an entry has exactly the keys actor, kind, payload, prev, "
        "recorded_at, seq and v");
  }
  const auto& [actor, kind, payload, prev, recorded_at, seq, v] = member;
  if (doc.node(v).kind != Kind::kInt || doc.node(v).int_value != kFormatVersion) {
    return InvalidArgument("unsupported format version", "v");
  }
  if (doc.node(seq).kind != Kind::kInt || doc.node(seq).int_value < 1) {
    return InvalidArgument("must be an integer, 1 or more", "seq");
  }
  out->seq = doc.node(seq).int_value;
  if (doc.node(kind).kind != Kind::kString || !IsValidKind(doc.String(kind))) {
    return InvalidArgument("must be dotted lower-case words, e.g. donation.recorded", "kind");
  }
  out->kind = doc.String(kind);
  const uint32_t id = doc.Find(actor, "id");
  const uint32_t role = doc.Find(actor, "role");
  if (doc.node(actor).kind != Kind::kObject || id == JsonDoc::kNone || role == JsonDoc::kNone ||
      doc.node(id).next != role || doc.node(role).next != JsonDoc::kNone ||
      doc.node(actor).first_child != id || doc.node(id).kind != Kind::kString ||
      doc.node(role).kind != Kind::kString) {
    return InvalidArgument("must be an object with exactly id and role", "actor");
  }
  out->actor_id = doc.String(id);
  out->actor_role = doc.String(role);
  if (!IsValidActorId(out->actor_id)) {
    return InvalidArgument("must be 1..128 bytes of UTF-8 without control characters", "actor.id");
  }
  if (!IsValidRole(out->actor_role)) {
    return InvalidArgument("must match [a-z][a-z0-9_]*", "actor.role");
  }
  auto t = doc.node(recorded_at).kind == Kind::kString ? ParseTimestamp(doc.String(recorded_at))
                                                       : std::nullopt;
  if (!t) return InvalidArgument("must be YYYY-MM-DDTHH:MM:SS.ffffffZ", "recorded_at");
  out->recorded_at = *t;
  out->recorded_at_text = doc.String(recorded_at);
  auto prev_hash =
      doc.node(prev).kind == Kind::kString ? Hash32FromHex(doc.String(prev)) : std::nullopt;
  if (!prev_hash) return InvalidArgument("must be 64 lower-case hex digits", "prev");
  out->prev = *prev_hash;
  if (doc.node(payload).kind != Kind::kObject)
    return InvalidArgument("must be an object", "payload");
  out->payload = payload;
  return Status::Ok();
}

Result<Entry> DecodeEntry(std::string_view canonical) {
  if (canonical.size() > kMaxEntryBytes) return InvalidArgument("entry too large");
  JsonDoc doc;
  AIDLEDGER_RETURN_IF_ERROR(ParseCanonicalDoc(canonical, &doc));
  EntryFields f;
  AIDLEDGER_RETURN_IF_ERROR(ReadEntryFields(doc, &f));
  return EntryFromFields(doc, f);
}

Entry EntryFromFields(const JsonDoc& doc, const EntryFields& f) {
  Entry e;
  e.seq = f.seq;
  e.recorded_at = f.recorded_at;
  e.kind = std::string(f.kind);
  e.actor = Actor{std::string(f.actor_id), std::string(f.actor_role)};
  e.payload = std::move(doc.ToValue(f.payload).as_object());
  e.prev = f.prev;
  return e;
}

Result<Entry> EntryFromValue(const Value& value) {
  if (!value.is_object()) return InvalidArgument("an entry is a JSON object");
  return DecodeEntry(EncodeCanonical(value));
}

std::string NewLedgerId() {
  uint8_t b[16];
  if (RAND_bytes(b, sizeof b) != 1) std::abort();     // no randomness: refuse to run
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
  return code.size() == 3 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z' &&
         code[2] >= 'A' && code[2] <= 'Z';
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
      {"params",
       Object{
           {"default_currency", p.default_currency}, {"name", p.name}, {"time_zone", p.time_zone}}},
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
    return InvalidArgument(
        "genesis payload: created_at, format_version 1, hash_algorithm, "
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
