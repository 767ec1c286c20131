#include "ledger/chain/chain_verifier.h"

#include "ledger/base/json_doc.h"

namespace aidledger {

std::string_view VerifyErrorName(VerifyError e) {
  switch (e) {
    case VerifyError::kEmpty:
      return "empty";
    case VerifyError::kGap:
      return "gap";
    case VerifyError::kNotCanonical:
      return "not_canonical";
    case VerifyError::kInvalidEntry:
      return "invalid_entry";
    case VerifyError::kReordered:
      return "reordered";
    case VerifyError::kBadGenesis:
      return "bad_genesis";
    case VerifyError::kBrokenLink:
      return "broken_link";
    case VerifyError::kHashMismatch:
      return "hash_mismatch";
    case VerifyError::kTimeReversed:
      return "time_reversed";
    case VerifyError::kDerivedMismatch:
      return "derived_mismatch";
    case VerifyError::kIndexMismatch:
      return "index_mismatch";
    case VerifyError::kHeadMismatch:
      return "head_mismatch";
    case VerifyError::kMerkleMismatch:
      return "merkle_mismatch";
    case VerifyError::kBadCheckpoint:
      return "bad_checkpoint";
    case VerifyError::kMalformedLine:
      return "malformed_line";
    case VerifyError::kHeaderMismatch:
      return "header_mismatch";
    case VerifyError::kWitnessMismatch:
      return "witness_mismatch";
    case VerifyError::kBooksRule:
      return "books_rule";
    case VerifyError::kVaultMismatch:
      return "vault_mismatch";
    case VerifyError::kUnreadable:
      return "unreadable";
  }
  return "unknown";
}

void ChainVerifier::Fail(VerifyError error, int64_t seq, std::string detail) {
  if (!failure_) failure_ = VerifyFailure{error, seq, std::move(detail)};
}

bool ChainVerifier::Add(int64_t position, std::string_view canonical, const Hash32& stored_hash,
                        const std::optional<Hash32>& precomputed) {
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
  if (Status s = ParseCanonicalDoc(canonical, &doc_); !s.ok()) {
    Fail(VerifyError::kNotCanonical, position, s.message());
    return false;
  }
  if (Status s = ReadEntryFields(doc_, &fields_); !s.ok()) {
    Fail(VerifyError::kInvalidEntry, position, s.ToString());
    return false;
  }
  if (fields_.seq != position) {
    Fail(VerifyError::kReordered, position,
         "the entry stored at position " + std::to_string(position) + " says it is entry " +
             std::to_string(fields_.seq));
    return false;
  }
  if (position == 1) {
    // Once per ledger: the full decode is fine here.
    auto entry = DecodeEntry(canonical);
    Status g = entry.ok() ? CheckGenesis(*entry, &genesis_) : entry.status();
    if (!g.ok()) {
      Fail(VerifyError::kBadGenesis, 1, g.ToString());
      return false;
    }
  } else if (fields_.kind == kGenesisKind) {
    Fail(VerifyError::kBadGenesis, position, "a second genesis entry");
    return false;
  }
  if (fields_.prev != head_hash_) {
    Fail(VerifyError::kBrokenLink, position,
         "prev is " + ToHex(fields_.prev) + ", the entry before hashes to " + ToHex(head_hash_));
    return false;
  }
  const Hash32 computed = precomputed ? *precomputed : HashEntryBytes(canonical);
  if (computed != stored_hash) {
    Fail(VerifyError::kHashMismatch, position,
         "stored hash " + ToHex(stored_hash) + ", the bytes hash to " + ToHex(computed));
    return false;
  }
  if (fields_.recorded_at < last_time_) {
    Fail(VerifyError::kTimeReversed, position, "recorded_at is earlier than the entry before");
    return false;
  }
  size_ = position;
  head_hash_ = computed;
  last_time_ = fields_.recorded_at;
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
