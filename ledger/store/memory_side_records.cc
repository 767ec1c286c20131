#include "ledger/store/memory_side_records.h"

#include <shared_mutex>

namespace aidledger {

std::optional<VaultRow> MemorySideWriter::RowOf(const std::string& subject) const {
  if (auto staged = vault_.find(subject); staged != vault_.end()) return staged->second;
  std::shared_lock lock(ledger_.mu);
  if (auto row = ledger_.vault.find(subject); row != ledger_.vault.end()) return row->second;
  return std::nullopt;
}

bool MemorySideWriter::HasAnswer(const std::pair<std::string, std::string>& key) const {
  if (answers_.count(key) != 0) return true;
  std::shared_lock lock(ledger_.mu);
  return ledger_.answers.count(key) != 0;
}

Result<std::optional<std::string>> MemorySideWriter::VaultSubjectWithIdIndex(
    const Hash32& id_index, const std::string& other_than) {
  for (const auto& [subject, row] : vault_) {
    if (subject != other_than && row && row->id_index == id_index) return {subject};
  }
  std::shared_lock lock(ledger_.mu);
  for (const auto& [subject, row] : ledger_.vault) {
    if (subject != other_than && vault_.count(subject) == 0 && row.id_index == id_index) {
      return {subject};
    }
  }
  return std::optional<std::string>();
}

Status MemorySideWriter::PutVaultRow(const VaultRow& row, bool replace) {
  const bool exists = RowOf(row.subject).has_value();
  if (replace && !exists) {
    return Status(ErrorCode::kNotFound, "the vault has no record of " + row.subject, "subject");
  }
  if (!replace && exists) {
    return Status(ErrorCode::kConflict, "the vault has a record of " + row.subject, "subject");
  }
  if (row.id_index) {
    auto holder = VaultSubjectWithIdIndex(*row.id_index, row.subject);
    if (!holder.ok()) return holder.status();
    if (holder->has_value()) {
      return Status(ErrorCode::kConflict, "another record holds this ID number", "id_index");
    }
  }
  vault_[row.subject] = row;
  return Status::Ok();
}

Status MemorySideWriter::EraseVaultRow(const std::string& subject) {
  if (!RowOf(subject)) {
    return Status(ErrorCode::kNotFound, "the vault has no record of " + subject, "subject");
  }
  vault_[subject] = std::nullopt;
  return Status::Ok();
}

Status MemorySideWriter::PutAnswer(const StoredAnswer& answer) {
  const auto key = std::make_pair(answer.actor, answer.key);
  if (HasAnswer(key)) {
    return Status(ErrorCode::kConflict, "an answer is kept under this key already", "key");
  }
  answers_.emplace(key, answer);
  return Status::Ok();
}

void MemorySideWriter::RollbackTo(Mark mark) {
  vault_ = std::move(mark.vault);
  answers_ = std::move(mark.answers);
}

void MemorySideWriter::PublishLocked() {
  for (auto& [subject, row] : vault_) {
    if (row) {
      ledger_.vault[subject] = std::move(*row);
    } else {
      ledger_.vault.erase(subject);
    }
  }
  for (auto& [key, answer] : answers_) ledger_.answers.emplace(key, std::move(answer));
  vault_.clear();
  answers_.clear();
}

Result<std::optional<VaultRow>> MemorySideReader::VaultRowOf(const std::string& subject) {
  std::shared_lock lock(ledger_->mu);
  auto it = ledger_->vault.find(subject);
  if (it == ledger_->vault.end()) return std::optional<VaultRow>();
  return std::optional<VaultRow>(it->second);
}

Result<std::vector<std::string>> MemorySideReader::VaultSubjects() {
  std::shared_lock lock(ledger_->mu);
  std::vector<std::string> out;
  out.reserve(ledger_->vault.size());
  for (const auto& [subject, row] : ledger_->vault) out.push_back(subject);
  return out;
}

Result<std::map<std::string, std::string>> MemorySideReader::PublicNames() {
  std::shared_lock lock(ledger_->mu);
  std::map<std::string, std::string> out;
  for (const auto& [subject, row] : ledger_->vault) {
    if (row.public_name) out[subject] = *row.public_name;
  }
  return out;
}

Result<std::optional<StoredAnswer>> MemorySideReader::AnswerOf(const std::string& actor,
                                                               const std::string& key) {
  std::shared_lock lock(ledger_->mu);
  auto it = ledger_->answers.find({actor, key});
  if (it == ledger_->answers.end()) return std::optional<StoredAnswer>();
  return std::optional<StoredAnswer>(it->second);
}

}  // namespace aidledger
