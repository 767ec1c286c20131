#include "ledger/chain/checkpoint.h"

#include <charconv>
#include <cstring>

#include "ledger/base/base64.h"
#include "ledger/base/canonical_json.h"
#include "ledger/chain/entry.h"

namespace aidledger {

namespace {

constexpr std::string_view kSignaturePrefix = "\xe2\x80\x94 ";  // U+2014 EM DASH, space

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

Status Bad(const std::string& what, const char* field) {
  return InvalidArgument(what, std::string("checkpoint.") + field);
}

}  // namespace

std::string CheckpointOrigin(std::string_view ledger_id) {
  return "aidledger/" + std::string(ledger_id);
}

std::string CheckpointBody(const Checkpoint& cp) {
  return cp.origin + "\n" + std::to_string(cp.size) + "\n" + Base64Encode(AsBytes(cp.root)) +
         "\nhead " + ToHex(cp.head_hash) + "\ntime " + FormatTimestamp(cp.time) + "\n";
}

SignedCheckpoint SignCheckpoint(const Checkpoint& cp, const SigningKey& key) {
  SignedCheckpoint out;
  out.checkpoint = cp;
  const std::string body = CheckpointBody(cp);
  NoteSignature sig;
  sig.key_name = key.public_key().name();
  sig.key_hash = key.public_key().key_hash();
  sig.signature = key.Sign(body);
  std::string blob(4, '\0');
  for (int i = 0; i < 4; ++i)
    blob[static_cast<size_t>(i)] = static_cast<char>(sig.key_hash >> (24 - 8 * i));
  blob.append(reinterpret_cast<const char*>(sig.signature.data()), sig.signature.size());
  out.note =
      body + "\n" + std::string(kSignaturePrefix) + sig.key_name + " " + Base64Encode(blob) + "\n";
  out.signatures.push_back(sig);
  return out;
}

Result<SignedCheckpoint> ParseCheckpointNote(std::string_view note) {
  if (!IsValidUtf8(note)) return Bad("a note is UTF-8 text", "note");
  const size_t split = note.find("\n\n");
  if (split == std::string_view::npos || note.back() != '\n') {
    return Bad("a note is a body, a blank line and signature lines", "note");
  }
  const std::string_view body = note.substr(0, split + 1);
  const std::vector<std::string_view> lines = Lines(body.substr(0, body.size() - 1));
  if (lines.size() != 5) return Bad("the body has exactly five lines", "note");
  SignedCheckpoint out;
  out.note = std::string(note);
  Checkpoint& cp = out.checkpoint;
  cp.origin = std::string(lines[0]);
  if (cp.origin.rfind("aidledger/", 0) != 0 || !IsValidLedgerId(cp.origin.substr(10))) {
    return Bad("must be aidledger/<ledger id>", "origin");
  }
  const std::string_view size = lines[1];
  auto [ptr, ec] = std::from_chars(size.data(), size.data() + size.size(), cp.size);
  if (ec != std::errc() || ptr != size.data() + size.size() || size.empty() ||
      (size.size() > 1 && size[0] == '0') || cp.size == 0) {
    return Bad("must be a positive decimal without leading zeros", "size");
  }
  auto root = Base64Decode(lines[2]);
  if (!root || root->size() != 32) return Bad("must be base64 of 32 bytes", "root");
  std::memcpy(cp.root.data(), root->data(), 32);
  auto head = lines[3].rfind("head ", 0) == 0 ? Hash32FromHex(lines[3].substr(5)) : std::nullopt;
  if (!head) return Bad("must be 'head ' and 64 hex digits", "head");
  cp.head_hash = *head;
  auto time = lines[4].rfind("time ", 0) == 0 ? ParseTimestamp(lines[4].substr(5)) : std::nullopt;
  if (!time) return Bad("must be 'time ' and a timestamp", "time");
  cp.time = *time;

  const std::vector<std::string_view> sig_lines =
      Lines(note.substr(split + 2, note.size() - split - 3));
  if (sig_lines.empty()) return Bad("a note needs at least one signature", "signature");
  for (std::string_view line : sig_lines) {
    if (line.rfind(kSignaturePrefix, 0) != 0)
      return Bad("signature lines start with '— '", "signature");
    line.remove_prefix(kSignaturePrefix.size());
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) return Bad("'— NAME SIGNATURE'", "signature");
    NoteSignature sig;
    sig.key_name = std::string(line.substr(0, space));
    auto blob = Base64Decode(line.substr(space + 1));
    if (!IsValidKeyName(sig.key_name) || !blob || blob->size() != 4 + 64) {
      return Bad("a key name and base64 of a 4-byte key hash and a 64-byte signature", "signature");
    }
    for (int i = 0; i < 4; ++i) {
      sig.key_hash = sig.key_hash << 8 | static_cast<uint8_t>((*blob)[static_cast<size_t>(i)]);
    }
    std::memcpy(sig.signature.data(), blob->data() + 4, 64);
    out.signatures.push_back(std::move(sig));
  }
  // The body must be exactly what CheckpointBody writes: one spelling.
  if (CheckpointBody(cp) != body) return Bad("the body is not in canonical form", "note");
  return out;
}

Result<std::string> VerifyCheckpointSignature(const SignedCheckpoint& cp,
                                              const std::vector<PublicKey>& trusted) {
  const std::string body = CheckpointBody(cp.checkpoint);
  std::string first_signer;
  // Every line by a trusted key is checked, whatever its place: accepting
  // the first good one would let a bad line after it pass unseen.
  for (const NoteSignature& sig : cp.signatures) {
    for (const PublicKey& key : trusted) {
      if (key.name() != sig.key_name || key.key_hash() != sig.key_hash) continue;
      if (!key.Verify(body, sig.signature)) {
        return Status(ErrorCode::kCorrupt,
                      "the signature by " + key.KeyId() + " does not verify (forged or altered)");
      }
      if (first_signer.empty()) first_signer = key.KeyId();
    }
  }
  if (first_signer.empty()) return Status(ErrorCode::kCorrupt, "no signature by a trusted key");
  return first_signer;
}

Result<std::vector<SignedCheckpoint>> ParseCheckpointNotes(std::string_view text) {
  std::vector<SignedCheckpoint> out;
  while (!text.empty()) {
    const size_t body_end = text.find("\n\n");
    if (body_end == std::string_view::npos) return Bad("a note without signatures", "note");
    size_t end = text.find("\n\n", body_end + 2);
    end = end == std::string_view::npos ? text.size() : end + 1;
    auto note = ParseCheckpointNote(text.substr(0, end));
    if (!note.ok()) return note.status();
    out.push_back(std::move(note).value());
    text.remove_prefix(std::min(text.size(), end + 1));
  }
  return out;
}

}  // namespace aidledger
