#include "ledger/chain_verifier.h"

#include "ledger/canonical_json.h"

namespace aidledger {

std::string_view VerifyErrorName(VerifyError e) {
  switch (e) {
    case VerifyError::kEmpty: return "empty";
    case VerifyError::kGap: return "gap";
    case VerifyError::kNotCanonical: return "not_canonical";
    case VerifyError::kInvalidEntry: return "invalid_entry";
    case VerifyError::kReordered: return "reordered";
    case VerifyError::kBadGenesis: return "bad_genesis";
    case VerifyError::kBrokenLink: return "broken_link";
    case VerifyError::kHashMismatch: return "hash_mismatch";
    case VerifyError::kTimeReversed: return "time_reversed";
    case VerifyError::kDerivedMismatch: return "derived_mismatch";
    case VerifyError::kIndexMismatch: return "index_mismatch";
    case VerifyError::kHeadMismatch: return "head_mismatch";
    case VerifyError::kUnreadable: return "unreadable";
  }
  return "unknown";
}

void ChainVerifier::Fail(VerifyError error, int64_t seq, std::string detail) {
  if (!failure_) failure_ = VerifyFailure{error, seq, std::move(detail)};
}

bool ChainVerifier::Add(int64_t position, std::string_view canonical, const Hash32& stored_hash,
                        Entry* decoded) {
  if (failure_) return false;
  const int64_t expected = size_ + 1;
  if (position != expected) {
    Fail(VerifyError::kGap, expected,
         "entry " + std::to_string(expected) + " is missing (next stored entry is " +
             std::to_string(position) + ")");
    return false;
  }
  if (canonical.size() > kMaxEntryBytes) {
    Fail(VerifyError::kInvalidEntry, position, "entry larger than the format allows");
    return false;
  }
  auto value = ParseCanonical(canonical);
  if (!value.ok()) {
    Fail(VerifyError::kNotCanonical, position, value.status().message());
    return false;
  }
  auto entry = EntryFromValue(std::move(value).value());
  if (!entry.ok()) {
    Fail(VerifyError::kInvalidEntry, position, entry.status().ToString());
    return false;
  }
  if (entry->seq != position) {
    Fail(VerifyError::kReordered, position,
         "the entry stored at position " + std::to_string(position) + " says it is entry " +
             std::to_string(entry->seq));
    return false;
  }
  if (position == 1) {
    Status g = CheckGenesis(*entry, &genesis_);
    if (!g.ok()) {
      Fail(VerifyError::kBadGenesis, 1, g.ToString());
      return false;
    }
  } else if (entry->kind == kGenesisKind) {
    Fail(VerifyError::kBadGenesis, position, "a second genesis entry");
    return false;
  }
  if (entry->prev != head_hash_) {
    Fail(VerifyError::kBrokenLink, position,
         "prev is " + ToHex(entry->prev) + ", the entry before hashes to " + ToHex(head_hash_));
    return false;
  }
  const Hash32 computed = HashEntryBytes(canonical);
  if (computed != stored_hash) {
    Fail(VerifyError::kHashMismatch, position,
         "stored hash " + ToHex(stored_hash) + ", the bytes hash to " + ToHex(computed));
    return false;
  }
  if (entry->recorded_at < last_time_) {
    Fail(VerifyError::kTimeReversed, position, "recorded_at is earlier than the entry before");
    return false;
  }
  size_ = position;
  head_hash_ = computed;
  last_time_ = entry->recorded_at;
  if (decoded != nullptr) *decoded = std::move(entry).value();
  return true;
}

bool ChainVerifier::Finish() {
  if (failure_) return false;
  if (size_ == 0) {
    Fail(VerifyError::kEmpty, 1, "the ledger has no entries (not even a genesis entry)");
    return false;
  }
  return true;
}

}  // namespace aidledger
