// VaultKey: the secret that protects personal records (recipients' and
// donors'), kept in its own key file (mode 0600) beside the ledger, never in
// it. Three keys are derived from one 32-byte master key with HMAC-SHA256:
//  - AES-256-GCM encryption of each record, bound to its subject id;
//  - the keyed commitment (HMAC) to a record that the chain holds: without
//    the key no one can test a guess of the record against the chain;
//  - the keyed index of ID card numbers, to refuse enrolling one twice
//    without storing a plain hash that an 18-digit number could be guessed
//    from.
// Losing the key file loses the records (the ledger stays verifiable).
#ifndef AIDLEDGER_LEDGER_BOOKS_VAULT_KEY_H_
#define AIDLEDGER_LEDGER_BOOKS_VAULT_KEY_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/hash.h"
#include "ledger/base/status.h"

namespace aidledger {

class VaultKey {
 public:
  static VaultKey Generate();
  // Reads a file written by Save; refuses one that others may read.
  static Result<VaultKey> Load(const std::string& path);
  // Mode 0600, never over an existing file.
  Status Save(const std::string& path) const;
  // Load, or Generate and Save when the file does not exist (first start).
  static Result<VaultKey> LoadOrCreate(const std::string& path);

  ~VaultKey();
  VaultKey(const VaultKey&) = default;
  VaultKey& operator=(const VaultKey&) = default;
  // Moving leaves the source's keys wiped: the secret is kept in one place.
  VaultKey(VaultKey&& other) noexcept;
  VaultKey& operator=(VaultKey&& other) noexcept;

  // HMAC-SHA256 over the subject id and the record's canonical bytes.
  Hash32 Commitment(std::string_view subject, std::string_view canonical_record) const;
  // HMAC-SHA256 of a normalised ID card number.
  Hash32 IdIndex(std::string_view id_number) const;
  // The check code printed on receipt `number` (issued by entry `seq`): 12
  // characters of 0-9 A-F. A donor looks the receipt up with it; without the
  // key nobody can make one, so numbers cannot be enumerated.
  std::string ReceiptCheckCode(std::string_view number, int64_t seq) const;

  struct Sealed {
    std::string nonce;       // 12 random bytes
    std::string ciphertext;  // the record encrypted, then the 16-byte tag
  };
  // Encrypts `plaintext` for `subject` (the subject id is authenticated: a
  // sealed record moved to another subject does not open).
  Result<Sealed> Seal(std::string_view subject, std::string_view plaintext) const;
  // kCorrupt if the record was altered, moved, or sealed under another key.
  Result<std::string> Open(std::string_view subject, const Sealed& sealed) const;

 private:
  VaultKey() = default;
  void Derive();
  void Wipe();

  std::array<uint8_t, 32> master_{};
  std::array<uint8_t, 32> encryption_{};
  std::array<uint8_t, 32> commitment_{};
  std::array<uint8_t, 32> index_{};
  std::array<uint8_t, 32> receipt_check_{};
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_VAULT_KEY_H_
