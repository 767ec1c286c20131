// Vault: the personal records of recipients and donors, encrypted outside
// the chain, and the books entries that go with them.
//
// Contract:
//  - Enrolling, registering, correcting and erasing each write one ledger
//    entry (with only the pseudonymous id and a keyed commitment) and the
//    vault row in one transaction: both or neither.
//  - A record is sealed with AES-256-GCM under the vault key, bound to its
//    subject id; the commitment in the chain is HMAC(commitment key, id,
//    canonical record), so an erased record leaves the ledger verifiable.
//  - The same ID card number cannot be enrolled twice while its record is
//    kept (a keyed HMAC index, never a plain hash of the number).
//  - Each write takes a further side write (`also`) for the same
//    transaction, as Books' operations do.
//  - Reads return the record as the viewer's role may see it
//    (RecipientAsSeenBy, DonorAsSeenBy).
// Thread-safe.
#ifndef AIDLEDGER_LEDGER_BOOKS_VAULT_H_
#define AIDLEDGER_LEDGER_BOOKS_VAULT_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "ledger/books/books.h"
#include "ledger/books/personal_record.h"
#include "ledger/books/vault_key.h"

namespace aidledger {

class Vault {
 public:
  // `books` must outlive the vault.
  static Result<std::unique_ptr<Vault>> Open(Books* books, VaultKey key);
  ~Vault();

  Result<std::string> EnrolRecipient(const std::string& category, const RecipientRecord& record,
                                     const Actor& actor, const Books::SideWrite& also = nullptr);
  Result<AppendedEntry> CorrectRecipient(const std::string& id, const RecipientRecord& record,
                                         const std::string& reason, const Actor& actor,
                                         const Books::SideWrite& also = nullptr);
  Result<std::string> RegisterDonor(const DonorRecord& record, const Actor& actor,
                                    const Books::SideWrite& also = nullptr);
  Result<AppendedEntry> CorrectDonor(const std::string& id, const DonorRecord& record,
                                     const std::string& reason, const Actor& actor,
                                     const Books::SideWrite& also = nullptr);
  // Deletes the record (the store overwrites its bytes: SideWriter) and
  // records the erasure; the id stays in the chain.
  Result<AppendedEntry> Erase(const std::string& subject, const std::string& reason,
                              const Actor& actor, const Books::SideWrite& also = nullptr);

  // As `viewer`'s role may see it. kNotFound for an unknown or erased id.
  Result<RecipientRecord> Recipient(const std::string& id, const Actor& viewer);
  Result<DonorRecord> Donor(const std::string& id, const Actor& viewer);
  // Donors who agreed to be named in public: id -> the name to show.
  Result<std::map<std::string, std::string>> PublicDonorNames();
  // The check code printed on a receipt (VaultKey::ReceiptCheckCode).
  std::string ReceiptCheckCode(std::string_view number, int64_t seq) const {
    return key_.ReceiptCheckCode(number, seq);
  }

  // Every kept record opens under the key and matches the latest commitment
  // in the chain, and every subject the chain keeps has its record; kCorrupt
  // naming the first that does not.
  Status CheckAgainstChain();

 private:
  Vault(Books* books, VaultKey key, std::unique_ptr<SideReader> reader);
  Result<std::string> ReadRecord(const std::string& subject);
  // The side write that stores `record` for the subject the entry names.
  // Then `also`, if given.
  Books::SideWrite Store(std::string canonical, std::optional<Hash32> id_index,
                         std::optional<std::string> public_name, bool replace,
                         const Books::SideWrite& also);

  Books* books_;
  VaultKey key_;
  std::mutex mu_;                       // guards reader_
  std::unique_ptr<SideReader> reader_;  // reads of the committed records
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_VAULT_H_
