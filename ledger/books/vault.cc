#include "ledger/books/vault.h"

#include "ledger/base/canonical_json.h"
#include "ledger/base/timestamp.h"

namespace aidledger {

Vault::Vault(Books* books, VaultKey key, std::unique_ptr<SideReader> reader)
    : books_(books), key_(std::move(key)), reader_(std::move(reader)) {}

Vault::~Vault() = default;

Result<std::unique_ptr<Vault>> Vault::Open(Books* books, VaultKey key) {
  auto reader = books->store()->OpenSideReader();
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<Vault>(new Vault(books, std::move(key), std::move(reader).value()));
}

Books::SideWrite Vault::Store(std::string canonical, std::optional<Hash32> id_index,
                              std::optional<std::string> public_name, bool replace,
                              const Books::SideWrite& also) {
  return [this, canonical = std::move(canonical), id_index, public_name = std::move(public_name),
          replace, also](SideWriter& side, const std::string& subject,
                         const AppendedEntry& entry) -> Status {
    if (id_index) {
      auto holder = side.VaultSubjectWithIdIndex(*id_index, subject);
      if (!holder.ok()) return holder.status();
      if (holder->has_value()) {
        return Status(ErrorCode::kAlreadyExists,
                      "this ID card number is enrolled already, as " + **holder, "id_number");
      }
    }
    auto sealed = key_.Seal(subject, canonical);
    if (!sealed.ok()) return sealed.status();
    VaultRow row;
    row.subject = subject;
    row.nonce = sealed->nonce;
    row.sealed = sealed->ciphertext;
    row.id_index = id_index;
    row.public_name = public_name;
    row.updated_at = entry.recorded_at;  // the time of the entry that commits to it
    Status put = side.PutVaultRow(row, replace);
    if (put.code() == ErrorCode::kNotFound) {
      return Corrupt("the vault has no record of " + subject + " to correct");
    }
    AIDLEDGER_RETURN_IF_ERROR(put);
    return also ? also(side, subject, entry) : Status::Ok();
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
      [also](SideWriter& side, const std::string& id, const AppendedEntry& entry) -> Status {
        Status erased = side.EraseVaultRow(id);
        if (erased.code() == ErrorCode::kNotFound) {
          return Corrupt("the vault has no record of " + id + " to erase");
        }
        AIDLEDGER_RETURN_IF_ERROR(erased);
        return also ? also(side, id, entry) : Status::Ok();
      });
}

Result<std::string> Vault::ReadRecord(const std::string& subject) {
  std::optional<VaultRow> row;
  {
    std::lock_guard lock(mu_);
    auto read = reader_->VaultRowOf(subject);
    if (!read.ok()) return read.status();
    row = std::move(read).value();
  }
  if (!row) {
    return Status(ErrorCode::kNotFound, "no record of " + subject + " (unknown or erased)",
                  "subject");
  }
  return key_.Open(subject, VaultKey::Sealed{row->nonce, row->sealed});
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
  return reader_->PublicNames();
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
    auto subjects = reader_->VaultSubjects();
    if (!subjects.ok()) return subjects.status();
    stored = std::move(subjects).value();
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
