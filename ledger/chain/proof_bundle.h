// Self-contained proof bundles (docs/ledger-format.md, section 10): canonical
// JSON documents that anyone can check offline with a trusted public key.
//
// An inclusion bundle carries an entry's canonical bytes, the RFC 6962 audit
// path and the signed checkpoint it leads to: "this receipt is in the books
// that checkpoint commits to". A consistency bundle carries two signed
// checkpoints and the proof that the later tree extends the earlier one.
#ifndef AIDLEDGER_LEDGER_CHAIN_PROOF_BUNDLE_H_
#define AIDLEDGER_LEDGER_CHAIN_PROOF_BUNDLE_H_

#include <string>
#include <vector>

#include "ledger/chain/checkpoint.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/signing_key.h"

namespace aidledger {

inline constexpr std::string_view kInclusionBundleFormat = "aidledger-inclusion-proof/v1";
inline constexpr std::string_view kConsistencyBundleFormat = "aidledger-consistency-proof/v1";

struct InclusionBundle {
  int64_t seq = 0;
  std::string canonical;  // the entry's bytes
  std::vector<Hash32> proof;
  std::string checkpoint_note;
};

struct ConsistencyBundle {
  std::string old_checkpoint_note;
  std::string new_checkpoint_note;
  std::vector<Hash32> proof;
};

std::string EncodeBundle(const InclusionBundle& b);
std::string EncodeBundle(const ConsistencyBundle& b);

// Either kind, told apart by its "format" member.
struct ParsedBundle {
  bool is_inclusion = false;
  InclusionBundle inclusion;
  ConsistencyBundle consistency;
};
Result<ParsedBundle> ParseBundle(std::string_view json);

// Checks everything: the signature(s) under `trusted`, the entry's bytes and
// number, and every step of the proof. Returns the entry (inclusion) or the
// new checkpoint (consistency) on success; the Status says what failed.
Result<Entry> VerifyInclusionBundle(const InclusionBundle& b,
                                    const std::vector<PublicKey>& trusted);
Result<Checkpoint> VerifyConsistencyBundle(const ConsistencyBundle& b,
                                           const std::vector<PublicKey>& trusted);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_PROOF_BUNDLE_H_
