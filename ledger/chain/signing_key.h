// Ed25519 keys for signed checkpoints, in the signed-note conventions that
// transparency-log tools use (C2SP signed-note; Go's golang.org/x/mod/sumdb/note):
//   key hash  = first 4 bytes of SHA-256(name || "\n" || 0x01 || public key)
//   key id    = name "+" key hash as 8 hex digits
//   vkey text = name "+" key hash (8 hex) "+" base64(0x01 || public key)
// A private key lives in a PEM (PKCS #8) file of mode 0600, preceded by one
// comment line "# aidledger signing key: NAME"; OpenSSL reads it as it is.
#ifndef AIDLEDGER_LEDGER_CHAIN_SIGNING_KEY_H_
#define AIDLEDGER_LEDGER_CHAIN_SIGNING_KEY_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ledger/base/status.h"

namespace aidledger {

using Ed25519Signature = std::array<uint8_t, 64>;

class PublicKey {
 public:
  // Parses a vkey line; checks the name and that the hash matches the key.
  static Result<PublicKey> FromVkey(std::string_view vkey);
  static Result<PublicKey> FromRaw(std::string name, std::string_view raw32);

  const std::string& name() const { return name_; }
  uint32_t key_hash() const { return key_hash_; }
  std::string KeyId() const;
  std::string Vkey() const;
  std::string Pem() const;  // SubjectPublicKeyInfo, for openssl
  std::string_view raw() const { return {reinterpret_cast<const char*>(raw_.data()), raw_.size()}; }
  bool Verify(std::string_view message, const Ed25519Signature& signature) const;

 private:
  std::string name_;
  std::array<uint8_t, 32> raw_{};
  uint32_t key_hash_ = 0;
};

// Key names: non-empty, no white space, no '+'.
bool IsValidKeyName(std::string_view name);

class SigningKey {
 public:
  static Result<SigningKey> Generate(const std::string& name);
  // Reads a file written by Save.
  static Result<SigningKey> Load(const std::string& path);
  // Writes the private key (mode 0600, never over an existing file) and
  // returns; the caller writes the public parts where it wants them.
  Status Save(const std::string& path) const;

  Ed25519Signature Sign(std::string_view message) const;
  const PublicKey& public_key() const { return public_key_; }

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

 private:
  SigningKey() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  PublicKey public_key_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_SIGNING_KEY_H_
