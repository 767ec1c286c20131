#include "ledger/books/vault.h"

#include <SQLiteCpp/Statement.h>

#include "ledger/base/canonical_json.h"
#include "ledger/base/timestamp.h"
#include "ledger/store/sqlite_util.h"

namespace aidledger {

Vault::Vault(Books* books, VaultKey key, std::unique_ptr<SQLite::Database> db)
    : books_(books), key_(std::move(key)), db_(std::move(db)) {}

Vault::~Vault() = default;

Result<std::unique_ptr<Vault>> Vault::Open(Books* books, VaultKey key) {
  DbOptions options;
  options.read_only = true;
  auto db = OpenDatabase(books->store()->path(), options);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Vault>(new Vault(books, std::move(key), std::move(db).value()));
}

Books::SideWrite Vault::Store(std::string canonical, std::optional<Hash32> id_index,
                              std::optional<std::string> public_name, bool replace,
                              const Books::SideWrite& also) {
  return [this, canonical = std::move(canonical), id_index, public_name, replace, also](
             SQLite::Database& db, const std::string& subject,
             const AppendedEntry& entry) -> Status {
    if (id_index) {
      SQLite::Statement dup(db, "SELECT subject FROM vault WHERE id_index = ? AND subject != ?");
      dup.bind(1, id_index->data(), 32);
      dup.bind(2, subject);
      if (dup.executeStep()) {
        return Status(ErrorCode::kAlreadyExists,
                      "this ID card number is enrolled already, as " + dup.getColumn(0).getString(),
                      "id_number");
      }
    }
    auto sealed = key_.Seal(subject, canonical);
    if (!sealed.ok()) return sealed.status();
    SQLite::Statement put(db, replace ? "UPDATE vault SET nonce = ?1, sealed = ?2, id_index = ?3, "
                                        "public_name = ?4, updated_at = ?5 WHERE subject = ?6"
                                      : "INSERT INTO vault (nonce, sealed, id_index, public_name, "
                                        "updated_at, subject) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    put.bind(1, sealed->nonce.data(), 12);
    put.bind(2, sealed->ciphertext.data(), static_cast<int>(sealed->ciphertext.size()));
    if (id_index) {
      put.bind(3, id_index->data(), 32);
    } else {
      put.bind(3);
    }
    if (public_name) {
      put.bind(4, *public_name);
    } else {
      put.bind(4);
    }
    put.bind(5, FormatTimestamp(SystemClock().Now()));
    put.bind(6, subject);
    if (put.exec() != 1) return Corrupt("the vault has no record of " + subject + " to correct");
    return also ? also(db, subject, entry) : Status::Ok();
  };
}

Result<std::string> Vault::EnrolRecipient(const std::string& category,
                                          const RecipientRecord& record, const Actor& actor,
                                          const Books::SideWrite& also) {
  AIDLEDGER_RETURN_IF_ERROR(record.Validate());
  RecipientRecord r = record;
  r.id_number = NormaliseResidentId(r.id_number);
  const std::string canonical = EncodeCanonical(Value(r.ToObject()));
  return books_->EnrolRecipient(
      category,
      [&](const std::string& id) -> Result<Hash32> { return key_.Commitment(id, canonical); },
      actor, Store(canonical, key_.IdIndex(r.id_number), std::nullopt, false, also));
}

Result<AppendedEntry> Vault::CorrectRecipient(const std::string& id, const RecipientRecord& record,
                                              const std::string& reason, const Actor& actor,
                                              const Books::SideWrite& also) {
  if (id.rfind("R-", 0) != 0) return Status(ErrorCode::kNotFound, "no such recipient", "subject");
  AIDLEDGER_RETURN_IF_ERROR(record.Validate());
  RecipientRecord r = record;
  r.id_number = NormaliseResidentId(r.id_number);
  const std::string canonical = EncodeCanonical(Value(r.ToObject()));
  return books_->CorrectRecord(
      id, key_.Commitment(id, canonical), reason, actor,
      Store(canonical, key_.IdIndex(r.id_number), std::nullopt, true, also));
}

Result<std::string> Vault::RegisterDonor(const DonorRecord& record, const Actor& actor,
                                         const Books::SideWrite& also) {
  AIDLEDGER_RETURN_IF_ERROR(record.Validate());
  const std::string canonical = EncodeCanonical(Value(record.ToObject()));
  return books_->RegisterDonor(
      record.type,
      [&](const std::string& id) -> Result<Hash32> { return key_.Commitment(id, canonical); },
      actor,
      Store(canonical, std::nullopt,
            record.public_consent ? std::optional(record.public_name) : std::nullopt, false, also));
}

Result<AppendedEntry> Vault::CorrectDonor(const std::string& id, const DonorRecord& record,
                                          const std::string& reason, const Actor& actor,
                                          const Books::SideWrite& also) {
  if (id.rfind("D-", 0) != 0) return Status(ErrorCode::kNotFound, "no such donor", "subject");
  AIDLEDGER_RETURN_IF_ERROR(record.Validate());
  std::string registered_type;
  AIDLEDGER_RETURN_IF_ERROR(books_->Read([&](const BooksState& state) {
    auto known = state.donors().find(id);
    if (known != state.donors().end()) registered_type = known->second.category;
  }));
  if (!registered_type.empty() && registered_type != record.type) {
    return InvalidArgument("a donor's type is fixed when registered (" + registered_type +
                               "); register the other as a new donor",
                           "type");
  }
  const std::string canonical = EncodeCanonical(Value(record.ToObject()));
  return books_->CorrectRecord(
      id, key_.Commitment(id, canonical), reason, actor,
      Store(canonical, std::nullopt,
            record.public_consent ? std::optional(record.public_name) : std::nullopt, true, also));
}

Result<AppendedEntry> Vault::Erase(const std::string& subject, const std::string& reason,
                                   const Actor& actor, const Books::SideWrite& also) {
  return books_->EraseRecord(
      subject, reason, actor,
      [also](SQLite::Database& db, const std::string& id, const AppendedEntry& entry) -> Status {
        db.exec("PRAGMA secure_delete = ON");
        SQLite::Statement del(db, "DELETE FROM vault WHERE subject = ?");
        del.bind(1, id);
        if (del.exec() != 1) return Corrupt("the vault has no record of " + id + " to erase");
        return also ? also(db, id, entry) : Status::Ok();
      });
}

Result<std::string> Vault::ReadRecord(const std::string& subject) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement q(*db_, "SELECT nonce, sealed FROM vault WHERE subject = ?");
    q.bind(1, subject);
    if (!q.executeStep()) {
      return Status(ErrorCode::kNotFound, "no record of " + subject + " (unknown or erased)",
                    "subject");
    }
    VaultKey::Sealed sealed{q.getColumn(0).getString(), q.getColumn(1).getString()};
    return key_.Open(subject, sealed);
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the vault");
  }
}

Result<RecipientRecord> Vault::Recipient(const std::string& id, const Actor& viewer) {
  if (id.rfind("R-", 0) != 0) return Status(ErrorCode::kNotFound, "no such recipient", "subject");
  auto plain = ReadRecord(id);
  if (!plain.ok()) return plain.status();
  auto parsed = ParseJson(*plain);
  if (!parsed.ok() || !parsed->is_object()) return Corrupt("the record of " + id + " is not JSON");
  auto record = RecipientRecord::FromObject(parsed->as_object());
  if (!record.ok()) return Corrupt("the record of " + id + " is malformed");
  return RecipientAsSeenBy(*record, viewer.role);
}

Result<DonorRecord> Vault::Donor(const std::string& id, const Actor& viewer) {
  if (id.rfind("D-", 0) != 0) return Status(ErrorCode::kNotFound, "no such donor", "subject");
  auto plain = ReadRecord(id);
  if (!plain.ok()) return plain.status();
  auto parsed = ParseJson(*plain);
  if (!parsed.ok() || !parsed->is_object()) return Corrupt("the record of " + id + " is not JSON");
  auto record = DonorRecord::FromObject(parsed->as_object());
  if (!record.ok()) return Corrupt("the record of " + id + " is malformed");
  return DonorAsSeenBy(*record, viewer.role);
}

Result<std::map<std::string, std::string>> Vault::PublicDonorNames() {
  std::lock_guard lock(mu_);
  try {
    std::map<std::string, std::string> out;
    SQLite::Statement q(*db_,
                        "SELECT subject, public_name FROM vault WHERE public_name IS NOT NULL");
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
    return out;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the vault");
  }
}

Status Vault::CheckAgainstChain() {
  // Only the subjects are copied: the whole state may be large.
  std::map<std::string, Subject> expected;
  AIDLEDGER_RETURN_IF_ERROR(books_->Read([&](const BooksState& state) {
    for (const auto* subjects : {&state.recipients(), &state.donors()}) {
      for (const auto& [id, subject] : *subjects) {
        if (!subject.erased) expected[id] = subject;
      }
    }
  }));
  std::vector<std::string> stored;
  {
    std::lock_guard lock(mu_);
    try {
      SQLite::Statement q(*db_, "SELECT subject FROM vault ORDER BY subject");
      while (q.executeStep()) stored.push_back(q.getColumn(0).getString());
    } catch (const std::exception& e) {
      return StatusFromException(e, "read the vault");
    }
  }
  for (const std::string& id : stored) {
    auto it = expected.find(id);
    if (it == expected.end()) {
      return Corrupt("the vault keeps a record of " + id + " that the chain does not (or erased)");
    }
    auto plain = ReadRecord(id);
    if (!plain.ok()) return plain.status();
    if (ToHex(key_.Commitment(id, *plain)) != it->second.commitment) {
      return Corrupt("the record of " + id + " differs from the commitment in the chain");
    }
    expected.erase(it);
  }
  if (!expected.empty()) {
    return Corrupt("the chain keeps " + expected.begin()->first + " but the vault has no record");
  }
  return Status::Ok();
}

}  // namespace aidledger
