#include "ledger/chain/proof_bundle.h"

#include <cstring>

#include "ledger/base/base64.h"
#include "ledger/base/canonical_json.h"
#include "ledger/chain/merkle.h"

namespace aidledger {

namespace {

Array ProofArray(const std::vector<Hash32>& proof) {
  Array a;
  for (const Hash32& h : proof) a.emplace_back(Base64Encode(AsBytes(h)));
  return a;
}

Status Bad(const std::string& what, const std::string& field) {
  return InvalidArgument(what, "bundle." + field);
}

const std::string* StringMember(const Object& o, std::string_view key) {
  const Value* v = o.Find(key);
  return v != nullptr && v->is_string() ? &v->as_string() : nullptr;
}

Result<std::vector<Hash32>> ReadProof(const Object& o) {
  const Value* v = o.Find("proof");
  if (v == nullptr || !v->is_array() || v->as_array().size() > 64) {
    return Bad("an array of at most 64 base64 hashes", "proof");
  }
  std::vector<Hash32> out;
  for (const Value& h : v->as_array()) {
    auto bytes = h.is_string() ? Base64Decode(h.as_string()) : std::nullopt;
    if (!bytes || bytes->size() != 32) return Bad("each hash is base64 of 32 bytes", "proof");
    Hash32 x{};
    std::memcpy(x.data(), bytes->data(), 32);
    out.push_back(x);
  }
  return out;
}

Result<SignedCheckpoint> TrustedCheckpoint(const std::string& note,
                                           const std::vector<PublicKey>& trusted) {
  auto cp = ParseCheckpointNote(note);
  if (!cp.ok()) return cp.status();
  auto signer = VerifyCheckpointSignature(*cp, trusted);
  if (!signer.ok()) return signer.status();
  return cp;
}

}  // namespace

std::string EncodeBundle(const InclusionBundle& b) {
  return EncodeCanonical(Value(Object{
      {"checkpoint", b.checkpoint_note},
      {"entry", Base64Encode(b.canonical)},
      {"format", std::string(kInclusionBundleFormat)},
      {"leaf_index", b.seq - 1},
      {"proof", ProofArray(b.proof)},
      {"seq", b.seq},
  }));
}

std::string EncodeBundle(const ConsistencyBundle& b) {
  return EncodeCanonical(Value(Object{
      {"format", std::string(kConsistencyBundleFormat)},
      {"new_checkpoint", b.new_checkpoint_note},
      {"old_checkpoint", b.old_checkpoint_note},
      {"proof", ProofArray(b.proof)},
  }));
}

Result<ParsedBundle> ParseBundle(std::string_view json) {
  // The canonical encoding (section 2), as `aidledger prove` writes it, with
  // at most one line feed after it (a file's last line); nothing else.
  if (!json.empty() && json.back() == '\n') json.remove_suffix(1);
  auto v = ParseCanonical(json);
  if (!v.ok())
    return Bad("not the canonical encoding of a JSON object: " + v.status().message(), "json");
  if (!v->is_object()) return Bad("a bundle is a JSON object", "json");
  const Object& o = v->as_object();
  const auto exactly = [&o](std::initializer_list<std::string_view> keys) {
    if (o.size() != keys.size()) return false;
    for (std::string_view k : keys) {
      if (!o.Contains(k)) return false;
    }
    return true;
  };
  const std::string* format = StringMember(o, "format");
  ParsedBundle out;
  auto proof = ReadProof(o);
  if (format != nullptr && *format == kInclusionBundleFormat) {
    if (!exactly({"checkpoint", "entry", "format", "leaf_index", "proof", "seq"})) {
      return Bad(
          "an inclusion bundle has exactly checkpoint, entry, format, leaf_index, proof, seq",
          "json");
    }
    out.is_inclusion = true;
    const std::string* entry = StringMember(o, "entry");
    const std::string* note = StringMember(o, "checkpoint");
    const Value* seq = o.Find("seq");
    const Value* leaf = o.Find("leaf_index");
    auto bytes = entry != nullptr ? Base64Decode(*entry) : std::nullopt;
    if (!bytes) return Bad("base64 of the entry's canonical bytes", "entry");
    if (note == nullptr) return Bad("the signed checkpoint's text", "checkpoint");
    if (seq == nullptr || !seq->is_int() || seq->as_int() < 1)
      return Bad("a positive integer", "seq");
    if (leaf == nullptr || !leaf->is_int() || leaf->as_int() != seq->as_int() - 1) {
      return Bad("must be seq - 1", "leaf_index");
    }
    if (!proof.ok()) return proof.status();
    out.inclusion = InclusionBundle{seq->as_int(), *bytes, *proof, *note};
    return out;
  }
  if (format != nullptr && *format == kConsistencyBundleFormat) {
    if (!exactly({"format", "new_checkpoint", "old_checkpoint", "proof"})) {
      return Bad("a consistency bundle has exactly format, new_checkpoint, old_checkpoint, proof",
                 "json");
    }
    const std::string* old_note = StringMember(o, "old_checkpoint");
    const std::string* new_note = StringMember(o, "new_checkpoint");
    if (old_note == nullptr || new_note == nullptr) {
      return Bad("two signed checkpoints' texts", "old_checkpoint");
    }
    if (!proof.ok()) return proof.status();
    out.consistency = ConsistencyBundle{*old_note, *new_note, *proof};
    return out;
  }
  return Bad("unknown bundle format", "format");
}

Result<Entry> VerifyInclusionBundle(const InclusionBundle& b,
                                    const std::vector<PublicKey>& trusted) {
  auto cp = TrustedCheckpoint(b.checkpoint_note, trusted);
  if (!cp.ok()) return cp.status();
  auto entry = DecodeEntry(b.canonical);
  if (!entry.ok())
    return Bad("the entry's bytes are not a valid entry: " + entry.status().message(), "entry");
  if (entry->seq != b.seq) return Bad("the entry's own number differs from the bundle's", "seq");
  if (static_cast<uint64_t>(b.seq) > cp->checkpoint.size) {
    return Bad("entry " + std::to_string(b.seq) + " is not in a tree of " +
                   std::to_string(cp->checkpoint.size) + " entries",
               "seq");
  }
  const Hash32 leaf = MerkleLeafHash(HashEntryBytes(b.canonical));
  Status s = VerifyInclusion(static_cast<uint64_t>(b.seq - 1), cp->checkpoint.size, leaf, b.proof,
                             cp->checkpoint.root);
  if (!s.ok()) return s;
  return entry;
}

Result<Checkpoint> VerifyConsistencyBundle(const ConsistencyBundle& b,
                                           const std::vector<PublicKey>& trusted) {
  auto older = TrustedCheckpoint(b.old_checkpoint_note, trusted);
  if (!older.ok()) return older.status();
  auto newer = TrustedCheckpoint(b.new_checkpoint_note, trusted);
  if (!newer.ok()) return newer.status();
  if (older->checkpoint.origin != newer->checkpoint.origin) {
    return Bad("the checkpoints are of different ledgers", "new_checkpoint");
  }
  Status s = VerifyConsistency(older->checkpoint.size, newer->checkpoint.size,
                               older->checkpoint.root, newer->checkpoint.root, b.proof);
  if (!s.ok()) return s;
  return newer->checkpoint;
}

}  // namespace aidledger
