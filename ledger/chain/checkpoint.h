// Signed checkpoints: C2SP tlog-checkpoint signed notes over the Merkle tree
// of a ledger (docs/ledger-format.md, section 9). The note text is
//
//   aidledger/<ledger id>            origin
//   <tree size>                      decimal
//   <root hash>                      standard base64
//   head <head hash>                 extension line: 64 hex digits
//   time <recorded time>             extension line: YYYY-MM-DDTHH:MM:SS.ffffffZ
//                                    (blank line)
//   — <key name> <base64(key hash (4 bytes) || Ed25519 signature)>
//
// and the signature covers every byte of the body, up to and including the
// newline of its last line.
#ifndef AIDLEDGER_LEDGER_CHAIN_CHECKPOINT_H_
#define AIDLEDGER_LEDGER_CHAIN_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/hash.h"
#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"
#include "ledger/chain/signing_key.h"

namespace aidledger {

struct Checkpoint {
  std::string origin;  // "aidledger/" + ledger id
  uint64_t size = 0;
  Hash32 root{};
  Hash32 head_hash{};
  MicrosSinceEpoch time = 0;
  bool operator==(const Checkpoint&) const = default;
};

struct NoteSignature {
  std::string key_name;
  uint32_t key_hash = 0;
  Ed25519Signature signature{};
};

struct SignedCheckpoint {
  Checkpoint checkpoint;
  std::string note;  // the whole text, as signed and stored
  std::vector<NoteSignature> signatures;
};

std::string CheckpointOrigin(std::string_view ledger_id);
std::string CheckpointBody(const Checkpoint& cp);
SignedCheckpoint SignCheckpoint(const Checkpoint& cp, const SigningKey& key);

// Parses a note's text (body and signature lines); checks nothing
// cryptographic. field() says which part is malformed.
Result<SignedCheckpoint> ParseCheckpointNote(std::string_view note);

// OK if at least one signature on the note is valid under one of `trusted`
// (matched by name and key hash) and every signature line by a trusted key
// verifies, in any order; returns the first such key's id. Unknown keys are
// skipped, as the signed-note format says; a known key with a bad signature
// is an error wherever its line stands.
Result<std::string> VerifyCheckpointSignature(const SignedCheckpoint& cp,
                                              const std::vector<PublicKey>& trusted);

// Splits a text of several notes (a witness file; notes are separated by one
// blank line after their signature lines).
Result<std::vector<SignedCheckpoint>> ParseCheckpointNotes(std::string_view text);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_CHECKPOINT_H_
