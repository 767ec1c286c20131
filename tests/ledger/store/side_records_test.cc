// Side records (ledger/store/side_records.h): typed writes that commit with
// the entries or not at all, and their reads, on the SQLite backend.
#include "ledger/store/side_records.h"

#include <gtest/gtest.h>

#include "ledger/store/ledger_store.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::TempDir;

EntryDraft Note(int64_t n) {
  return EntryDraft{"note.added", Actor{"u1", "admin"}, Object{{"n", n}}};
}

VaultRow Row(const std::string& subject, uint8_t id_byte) {
  VaultRow row;
  row.subject = subject;
  row.nonce = std::string(12, 'n');
  row.sealed = std::string("sealed\0bytes", 12);
  Hash32 id{};
  id[0] = id_byte;
  row.id_index = id;
  row.updated_at = 1'764'346'027'000'000;
  return row;
}

class SideRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = LedgerStore::Create(dir_.File("l.db"), GenesisParams{NewLedgerId(), "t"});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    auto r = store_->OpenSideReader();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    reader_ = std::move(r).value();
  }
  // Appends one entry with `side` as its side write; the append's status.
  Status AppendWith(const std::function<Status(SideWriter&)>& side) {
    auto r = store_->AppendChecked(
        [](int64_t size) -> Result<std::vector<EntryDraft>> { return std::vector{Note(size)}; },
        [&](SideWriter& w, const std::vector<AppendedEntry>&) { return side(w); });
    return r.status();
  }

  TempDir dir_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<SideReader> reader_;
};

TEST_F(SideRecordsTest, AVaultRowIsReadBackAsWrittenAndItsIdIndexIsFound) {
  ASSERT_TRUE(
      AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000001", 7), false); }).ok());
  auto row = reader_->VaultRowOf("R-000001");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->sealed, Row("R-000001", 7).sealed) << "binary bytes, NUL included";
  EXPECT_EQ((*row)->nonce.size(), 12u);
  EXPECT_EQ((*row)->id_index, Row("R-000001", 7).id_index);
  EXPECT_EQ((*row)->updated_at, Row("R-000001", 7).updated_at);
  std::optional<std::string> holder;
  ASSERT_TRUE(AppendWith([&](SideWriter& w) {
                auto h = w.VaultSubjectWithIdIndex(*Row("", 7).id_index, "R-000002");
                if (h.ok()) holder = *h;
                return h.status();
              }).ok());
  EXPECT_EQ(holder, "R-000001");
  EXPECT_EQ(reader_->VaultSubjects()->size(), 1u);
}

TEST_F(SideRecordsTest, RefusalsRollTheEntryBackWithThem) {
  ASSERT_TRUE(
      AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000001", 1), false); }).ok());
  const int64_t size = store_->GetHead()->size;
  EXPECT_EQ(
      AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000001", 2), false); }).code(),
      ErrorCode::kConflict)
      << "the subject has a row already";
  EXPECT_EQ(
      AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000002", 1), false); }).code(),
      ErrorCode::kConflict)
      << "another subject holds the ID index";
  EXPECT_EQ(
      AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("R-000009", 3), true); }).code(),
      ErrorCode::kNotFound)
      << "nothing to replace";
  EXPECT_EQ(AppendWith([](SideWriter& w) { return w.EraseVaultRow("R-000009"); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetHead()->size, size) << "no refused side write left its entry behind";
  EXPECT_FALSE(reader_->VaultRowOf("R-000002")->has_value());
}

TEST_F(SideRecordsTest, AnErasedRowIsGoneAndAReplacedOneReadsAnew) {
  ASSERT_TRUE(
      AppendWith([](SideWriter& w) { return w.PutVaultRow(Row("D-000001", 1), false); }).ok());
  VaultRow changed = Row("D-000001", 1);
  changed.sealed = "other";
  changed.public_name = "张女士";
  changed.id_index.reset();
  ASSERT_TRUE(AppendWith([&](SideWriter& w) { return w.PutVaultRow(changed, true); }).ok());
  auto row = reader_->VaultRowOf("D-000001");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->sealed, "other");
  EXPECT_FALSE((*row)->id_index.has_value());
  EXPECT_EQ(reader_->PublicNames()->at("D-000001"), "张女士");
  ASSERT_TRUE(AppendWith([](SideWriter& w) { return w.EraseVaultRow("D-000001"); }).ok());
  EXPECT_FALSE(reader_->VaultRowOf("D-000001")->has_value());
  EXPECT_TRUE(reader_->PublicNames()->empty());
}

TEST_F(SideRecordsTest, AnAnswerIsKeptOncePerActorAndKey) {
  StoredAnswer answer;
  answer.actor = "wang";
  answer.key = "k-1";
  answer.request_hash[3] = 9;
  answer.status = 201;
  answer.body = R"({"seq":2})";
  answer.created_at = 1'764'346'027'000'000;
  ASSERT_TRUE(AppendWith([&](SideWriter& w) { return w.PutAnswer(answer); }).ok());
  EXPECT_EQ(AppendWith([&](SideWriter& w) { return w.PutAnswer(answer); }).code(),
            ErrorCode::kConflict);
  auto read = reader_->AnswerOf("wang", "k-1");
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->request_hash, answer.request_hash);
  EXPECT_EQ((*read)->status, 201);
  EXPECT_EQ((*read)->body, answer.body);
  EXPECT_FALSE(reader_->AnswerOf("li", "k-1")->has_value()) << "keys are per actor";
}

}  // namespace
}  // namespace aidledger
