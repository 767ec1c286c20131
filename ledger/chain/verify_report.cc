#include "ledger/chain/verify_report.h"

namespace aidledger {

std::optional<VerifyFailure> CheckCheckpoints(const std::vector<SignedCheckpoint>& stored,
                                              const std::vector<PublicKey>& ledger_keys,
                                              const VerifyOptions& options,
                                              const std::string& ledger_id,
                                              const RebuiltTree& tree) {
  const std::vector<PublicKey>& trust =
      options.trusted_keys.empty() ? ledger_keys : options.trusted_keys;
  const std::string origin = CheckpointOrigin(ledger_id);
  auto check = [&](const SignedCheckpoint& cp, VerifyError error,
                   const char* what) -> std::optional<VerifyFailure> {
    const Checkpoint& c = cp.checkpoint;
    const auto seq = static_cast<int64_t>(c.size);
    if (c.origin != origin) {
      return VerifyFailure{error, seq,
                           std::string(what) + " is for another ledger (" + c.origin + ")"};
    }
    auto signer = VerifyCheckpointSignature(cp, trust);
    if (!signer.ok())
      return VerifyFailure{error, seq, std::string(what) + ": " + signer.status().message()};
    if (seq > tree.chain_size) {
      return VerifyFailure{error, seq,
                           std::string(what) + " covers " + std::to_string(seq) +
                               " entries but the ledger has " + std::to_string(tree.chain_size) +
                               " (truncated or rolled back)"};
    }
    auto it = tree.at.find(c.size);
    if (it == tree.at.end()) return VerifyFailure{error, seq, "internal: no rebuilt root"};
    if (it->second.first != c.root) {
      return VerifyFailure{error, seq,
                           std::string(what) + "'s root hash differs from the ledger's tree at " +
                               std::to_string(seq) + " entries (rewritten history)"};
    }
    if (it->second.second != c.head_hash) {
      return VerifyFailure{
          error, seq, std::string(what) + "'s head hash differs from entry " + std::to_string(seq)};
    }
    return std::nullopt;
  };
  MicrosSinceEpoch last_time = 0;
  uint64_t last_size = 0;
  const std::string* last_note = nullptr;
  for (const SignedCheckpoint& cp : stored) {
    if (auto f = check(cp, VerifyError::kBadCheckpoint, "a stored checkpoint")) return f;
    if (cp.checkpoint.time < last_time) {
      return VerifyFailure{VerifyError::kBadCheckpoint, static_cast<int64_t>(cp.checkpoint.size),
                           "checkpoint times go backwards"};
    }
    // Checkpoints are signed as the head grows; a size going back, or one
    // note twice, is an older checkpoint put in a newer one's place.
    if (cp.checkpoint.size < last_size || (last_note != nullptr && *last_note == cp.note)) {
      return VerifyFailure{VerifyError::kBadCheckpoint, static_cast<int64_t>(cp.checkpoint.size),
                           "a stored checkpoint repeats or precedes the one before it"};
    }
    last_time = cp.checkpoint.time;
    last_size = cp.checkpoint.size;
    last_note = &cp.note;
  }
  for (const SignedCheckpoint& cp : options.witnesses) {
    if (auto f = check(cp, VerifyError::kWitnessMismatch, "a trusted checkpoint")) return f;
  }
  return std::nullopt;
}

VerifyReport FailureReport(ChainVerifier& chain, std::optional<VerifyFailure> failure) {
  if (failure) chain.Fail(failure->error, failure->seq, std::move(failure->detail));
  VerifyReport report;
  report.failure = chain.failure();
  report.size = chain.size();
  return report;
}

}  // namespace aidledger
