#include "ledger/chain/ledger_export.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/base64.h"
#include "ledger/base/canonical_json.h"
#include "ledger/chain/merkle.h"

namespace aidledger {

Status ExportLedger(LedgerReader& reader, std::ostream& out) {
  auto head = reader.GetHead();
  if (!head.ok()) return head.status();
  auto params = ReadGenesis(reader);
  if (!params.ok()) return params.status();
  auto keys = reader.SigningKeys();
  if (!keys.ok()) return keys.status();
  auto checkpoints = reader.Checkpoints();
  if (!checkpoints.ok()) return checkpoints.status();
  std::vector<const SignedCheckpoint*> covered;
  for (const SignedCheckpoint& cp : *checkpoints) {
    // A checkpoint newer than the head read is left to the next export.
    if (cp.checkpoint.size <= static_cast<uint64_t>(head->size)) covered.push_back(&cp);
  }
  // The header counts the checkpoint lines, so that one dropped in transit
  // shows (section 11).
  out << EncodeCanonical(Value(Object{{"checkpoints", static_cast<int64_t>(covered.size())},
                                      {"format", std::string(kExportFormat)},
                                      {"ledger_id", params->ledger_id},
                                      {"size", head->size}}))
      << "\n";
  for (const PublicKey& k : *keys)
    out << EncodeCanonical(Value(Object{{"vkey", k.Vkey()}})) << "\n";
  for (const SignedCheckpoint* cp : covered) {
    out << EncodeCanonical(Value(Object{{"checkpoint", cp->note}})) << "\n";
  }
  AIDLEDGER_RETURN_IF_ERROR(reader.Scan(1, head->size, [&](const StoredEntry& e) {
    out << EncodeCanonical(Value(Object{
               {"canonical", Base64Encode(e.canonical)}, {"hash", ToHex(e.hash)}, {"seq", e.seq}}))
        << "\n";
    return static_cast<bool>(out);  // a reader that went away stops the scan
  }));
  out.flush();
  return out ? Status::Ok() : IoError("writing the export failed");
}

namespace {

// Exactly these members, no others.
bool HasExactly(const Object& o, std::initializer_list<std::string_view> keys) {
  if (o.size() != keys.size()) return false;
  for (std::string_view k : keys) {
    if (!o.Contains(k)) return false;
  }
  return true;
}

}  // namespace

// Every line is the canonical encoding of an object with exactly its
// members, ended by one line feed (no CR, nothing after the last).
VerifyReport VerifyExport(std::istream& in, const VerifyOptions& options) {
  ChainVerifier chain;
  auto fail = [&](VerifyError e, int64_t seq, std::string detail) {
    return FailureReport(chain, VerifyFailure{e, seq, std::move(detail)});
  };
  std::string line;
  int64_t line_no = 0;
  auto bad_line = [&](const std::string& what) {
    return fail(VerifyError::kMalformedLine, chain.size() + 1,
                "export line " + std::to_string(line_no) + ": " + what);
  };
  // The next line, parsed strictly; nullopt at the end of the export.
  std::optional<VerifyReport> failed;
  auto next = [&]() -> std::optional<Value> {
    if (!std::getline(in, line)) return std::nullopt;
    ++line_no;
    if (in.eof()) {
      failed = bad_line("the export ends without a line feed");
      return std::nullopt;
    }
    auto v = ParseCanonical(line);
    if (!v.ok() || !v->is_object()) {
      failed = bad_line("not the canonical encoding of a JSON object (section 2)" +
                        (v.ok() ? std::string() : ": " + v.status().message()));
      return std::nullopt;
    }
    return std::move(v).value();
  };
  auto header = next();
  if (failed) return *failed;
  if (!header) return fail(VerifyError::kMalformedLine, 1, "export line 1: empty export");
  const Object& h = header->as_object();
  const Value* format = h.Find("format");
  const Value* declared_size = h.Find("size");
  const Value* declared_id = h.Find("ledger_id");
  const Value* declared_checkpoints = h.Find("checkpoints");
  // An export written before the header counted its checkpoints has the
  // three members alone.
  if (!(HasExactly(h, {"format", "ledger_id", "size"}) ||
        HasExactly(h, {"checkpoints", "format", "ledger_id", "size"})) ||
      !format->is_string() || format->as_string() != kExportFormat || !declared_size->is_int() ||
      !declared_id->is_string() ||
      (declared_checkpoints != nullptr && !declared_checkpoints->is_int())) {
    return bad_line("not an aidledger-export/v1 header");
  }

  std::vector<PublicKey> keys;
  std::vector<SignedCheckpoint> stored;
  MerkleFrontier frontier;
  RebuiltTree tree;
  std::vector<uint64_t> sizes;
  size_t next_size = 0;
  bool in_entries = false;
  bool in_checkpoints = false;
  while (auto v = next()) {
    const Object& o = v->as_object();
    if (const Value* vkey = o.Find("vkey"); vkey != nullptr && !in_entries && !in_checkpoints) {
      if (!HasExactly(o, {"vkey"})) return bad_line("a key line has exactly the member vkey");
      auto key = vkey->is_string() ? PublicKey::FromVkey(vkey->as_string())
                                   : Result<PublicKey>(InvalidArgument("not a string"));
      if (!key.ok()) return bad_line("bad key: " + key.status().message());
      keys.push_back(std::move(key).value());
      continue;
    }
    if (const Value* note = o.Find("checkpoint"); note != nullptr && !in_entries) {
      in_checkpoints = true;
      if (!HasExactly(o, {"checkpoint"})) {
        return bad_line("a checkpoint line has exactly the member checkpoint");
      }
      auto cp = note->is_string() ? ParseCheckpointNote(note->as_string())
                                  : Result<SignedCheckpoint>(InvalidArgument("not a string"));
      if (!cp.ok()) {
        return fail(VerifyError::kBadCheckpoint, 0,
                    "a checkpoint is malformed: " + cp.status().message());
      }
      stored.push_back(std::move(cp).value());
      continue;
    }
    if (!in_entries) {
      in_entries = true;
      for (const auto& cp : stored) sizes.push_back(cp.checkpoint.size);
      for (const auto& cp : options.witnesses) sizes.push_back(cp.checkpoint.size);
      sizes.push_back(static_cast<uint64_t>(std::max<int64_t>(1, declared_size->as_int())));
      std::sort(sizes.begin(), sizes.end());
      sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    }
    const Value* seq = o.Find("seq");
    const Value* bytes_b64 = o.Find("canonical");
    const Value* hash_hex = o.Find("hash");
    auto bytes = bytes_b64 != nullptr && bytes_b64->is_string()
                     ? Base64Decode(bytes_b64->as_string())
                     : std::nullopt;
    auto stored_hash = hash_hex != nullptr && hash_hex->is_string()
                           ? Hash32FromHex(hash_hex->as_string())
                           : std::nullopt;
    if (!HasExactly(o, {"canonical", "hash", "seq"}) || !seq->is_int() || !bytes || !stored_hash) {
      return bad_line("an entry line has exactly seq, canonical (base64) and hash (hex)");
    }
    const Hash32 computed = HashEntryBytes(*bytes);
    if (!chain.Add(seq->as_int(), *bytes, *stored_hash, computed)) {
      return FailureReport(chain);
    }
    frontier.Append(MerkleLeafHash(computed));
    while (next_size < sizes.size() && sizes[next_size] == frontier.size()) {
      tree.at[sizes[next_size++]] = {frontier.Root(), computed};
    }
  }
  if (failed) return *failed;
  if (!chain.Finish()) {
    return FailureReport(chain);
  }
  tree.chain_size = chain.size();
  // The order of section 11: the count of entries, then the header's other
  // claims, then the witnesses, then the checkpoints.
  if (chain.size() != declared_size->as_int()) {
    return fail(VerifyError::kHeadMismatch, std::min(chain.size(), declared_size->as_int()) + 1,
                "the export declares " + std::to_string(declared_size->as_int()) +
                    " entries and holds " + std::to_string(chain.size()));
  }
  if (declared_id->as_string() != chain.genesis().ledger_id) {
    return fail(VerifyError::kHeaderMismatch, 1,
                "the header names ledger " + declared_id->as_string() + ", the genesis entry " +
                    chain.genesis().ledger_id);
  }
  if (declared_checkpoints != nullptr &&
      declared_checkpoints->as_int() != static_cast<int64_t>(stored.size())) {
    return fail(VerifyError::kHeaderMismatch, 0,
                "the header counts " + std::to_string(declared_checkpoints->as_int()) +
                    " checkpoints and the export holds " + std::to_string(stored.size()) +
                    " (a checkpoint line was dropped or added)");
  }
  // A checkpoint the auditor kept that the ledger covers must be in the
  // export too: a dropped line shows even with the header's count edited.
  for (const SignedCheckpoint& witness : options.witnesses) {
    if (witness.checkpoint.size > static_cast<uint64_t>(chain.size())) continue;
    const bool present = std::any_of(stored.begin(), stored.end(), [&](const SignedCheckpoint& cp) {
      return cp.checkpoint == witness.checkpoint;
    });
    if (!present) {
      return fail(VerifyError::kWitnessMismatch, static_cast<int64_t>(witness.checkpoint.size),
                  "a checkpoint the auditor kept (size " + std::to_string(witness.checkpoint.size) +
                      ") is missing from the export's checkpoints");
    }
  }
  if (auto f = CheckCheckpoints(stored, keys, options, chain.genesis().ledger_id, tree)) {
    return fail(f->error, f->seq, f->detail);
  }
  VerifyReport report;
  report.ok = true;
  report.size = chain.size();
  report.head_hash = chain.head_hash();
  report.root = frontier.Root();
  report.ledger_id = chain.genesis().ledger_id;
  report.checkpoints_checked = static_cast<int64_t>(stored.size());
  report.witnesses_checked = static_cast<int64_t>(options.witnesses.size());
  return report;
}

}  // namespace aidledger
