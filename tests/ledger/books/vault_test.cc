#include "ledger/books/vault.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "ledger/books/books_replay.h"
#include "ledger/store/verify.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::RawDb;
using testing::TempDir;

const Actor kCoordinator{"u-li", "coordinator"};
const Actor kTreasurer{"u-wang", "treasurer"};
const Actor kAuditor{"u-audit", "auditor"};

RecipientRecord Student(const std::string& id_number = "11010519491231002X") {
  RecipientRecord r;
  r.name = "张小明";
  r.id_number = id_number;
  r.school = "浙江大学";
  r.grade = "2年级";
  r.phone = "13812345678";
  r.bank_account = "6222021234567890123";
  r.consent_by = "self";
  r.consent_date = "2026-03-01";
  r.consent_form = "档案 A-1";
  return r;
}

TEST(VaultKeyTest, KeyFilesAreTheOwnersOnlyAndNeverOverwritten) {
  TempDir dir;
  const std::string path = dir.File("vault.key");
  auto made = VaultKey::LoadOrCreate(path);
  ASSERT_TRUE(made.ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = VaultKey::LoadOrCreate(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(made->Commitment("R-000001", "x"), again->Commitment("R-000001", "x"));
  EXPECT_EQ(VaultKey::Generate().Save(path).code(), ErrorCode::kAlreadyExists);
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_EQ(VaultKey::Load(path).status().code(), ErrorCode::kFailedPrecondition);
  testing::WriteFile(dir.File("junk.key"), "not a key\n");
  ::chmod(dir.File("junk.key").c_str(), 0600);
  EXPECT_EQ(VaultKey::Load(dir.File("junk.key")).status().code(), ErrorCode::kInvalidArgument);
}

// A moved key lives in one place: the source's keys are wiped, so its
// commitments and check codes no longer match the key's.
TEST(VaultKeyTest, AMovedKeyWorksWhereItWentAndIsWipedWhereItWas) {
  VaultKey key = VaultKey::Generate();
  const Hash32 commitment = key.Commitment("R-000001", "x");
  const std::string code = key.ReceiptCheckCode("2026-000001", 3);
  VaultKey moved(std::move(key));
  EXPECT_EQ(moved.Commitment("R-000001", "x"), commitment);
  EXPECT_EQ(moved.ReceiptCheckCode("2026-000001", 3), code);
  EXPECT_NE(key.Commitment("R-000001", "x"), commitment);   // NOLINT(bugprone-use-after-move)
  EXPECT_NE(key.ReceiptCheckCode("2026-000001", 3), code);  // NOLINT(bugprone-use-after-move)
  VaultKey assigned = VaultKey::Generate();
  assigned = std::move(moved);
  EXPECT_EQ(assigned.ReceiptCheckCode("2026-000001", 3), code);
  EXPECT_NE(moved.ReceiptCheckCode("2026-000001", 3), code);  // NOLINT(bugprone-use-after-move)
}

TEST(VaultKeyTest, SealedRecordsOpenOnlyUnchangedForTheirSubjectUnderTheirKey) {
  const VaultKey key = VaultKey::Generate();
  auto sealed = key.Seal("R-000001", R"({"name":"张小明"})");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->ciphertext.find("张小明"), std::string::npos);
  EXPECT_EQ(*key.Open("R-000001", *sealed), R"({"name":"张小明"})");
  EXPECT_EQ(key.Open("R-000002", *sealed).status().code(), ErrorCode::kCorrupt) << "moved";
  EXPECT_EQ(VaultKey::Generate().Open("R-000001", *sealed).status().code(), ErrorCode::kCorrupt);
  for (size_t i = 0; i < sealed->ciphertext.size(); ++i) {
    VaultKey::Sealed flipped = *sealed;
    flipped.ciphertext[i] = static_cast<char>(flipped.ciphertext[i] ^ 0x01);
    EXPECT_EQ(key.Open("R-000001", flipped).status().code(), ErrorCode::kCorrupt) << i;
  }
  // Two seals of one record differ (fresh nonces); commitments depend on the key.
  EXPECT_NE(key.Seal("R-000001", "x")->ciphertext, key.Seal("R-000001", "x")->ciphertext);
  EXPECT_NE(key.Commitment("R-000001", "x"), VaultKey::Generate().Commitment("R-000001", "x"));
  EXPECT_NE(key.Commitment("R-000001", "x"), key.Commitment("R-000002", "x"));
}

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("books.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "t"});
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    auto books = Books::Open(store_.get());
    ASSERT_TRUE(books.ok());
    books_ = std::move(books).value();
    auto vault = Vault::Open(books_.get(), key_);
    ASSERT_TRUE(vault.ok());
    vault_ = std::move(vault).value();
  }
  int64_t Size() { return store_->GetHead()->size; }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<Books> books_;
  VaultKey key_ = VaultKey::Generate();
  std::unique_ptr<Vault> vault_;
};

TEST_F(VaultTest, PersonalDataNeverEntersTheChain) {
  auto id = vault_->EnrolRecipient("student", Student(), kCoordinator);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*id, "R-000001");
  RawDb raw(path_);
  for (const char* secret :
       {"张小明", "11010519491231002X", "6222021234567890123", "13812345678", "浙江大学"}) {
    EXPECT_EQ(raw.QueryBlob("SELECT COUNT(*) FROM entries WHERE instr(canonical, '" +
                            std::string(secret) + "') > 0"),
              "0")
        << secret;
    EXPECT_EQ(raw.QueryBlob("SELECT COUNT(*) FROM vault WHERE instr(sealed, '" +
                            std::string(secret) + "') > 0"),
              "0")
        << "the vault holds only ciphertext: " << secret;
  }
  auto seen = vault_->Recipient(*id, kCoordinator);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(*seen, Student());
  EXPECT_EQ(vault_->Recipient(*id, kAuditor)->name, "张*明");
  EXPECT_EQ(vault_->Recipient(*id, kAuditor)->id_number, "****002X");
  EXPECT_TRUE(vault_->CheckAgainstChain().ok());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(VaultTest, TheSameIdNumberIsEnrolledOnceAndARefusalWritesNothing) {
  ASSERT_TRUE(vault_->EnrolRecipient("student", Student(), kCoordinator).ok());
  const int64_t before = Size();
  auto twice = vault_->EnrolRecipient("household", Student("11010519491231002x"), kCoordinator);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(twice.status().field(), "id_number");
  EXPECT_EQ(Size(), before) << "the entry rolled back with the vault row";
  RawDb raw(path_);
  EXPECT_EQ(raw.QueryBlob("SELECT COUNT(*) FROM vault"), "1");
  // The next enrolment takes the next id: nothing was half-written.
  auto other = vault_->EnrolRecipient("student", Student("110105201405200013"), kCoordinator);
  EXPECT_EQ(other.status().field(), "consent_by") << "a child needs a guardian's consent";
  RecipientRecord child = Student("110105201405200013");
  child.consent_by = "guardian";
  child.guardian = "张大明（父）";
  auto enrolled = vault_->EnrolRecipient("student", child, kCoordinator);
  ASSERT_TRUE(enrolled.ok());
  EXPECT_EQ(*enrolled, "R-000002");
  EXPECT_EQ(
      vault_->EnrolRecipient("student", Student("110105201405200013"), kTreasurer).status().code(),
      ErrorCode::kInvalidArgument);
}

TEST_F(VaultTest, ACorrectionRecommitsAndAnErasureLeavesTheLedgerVerifiable) {
  auto id = vault_->EnrolRecipient("student", Student(), kCoordinator);
  ASSERT_TRUE(id.ok());
  const std::string before = books_->Snapshot()->recipients().at(*id).commitment;
  RecipientRecord corrected = Student();
  corrected.bank_account = "6222029999999999999";
  EXPECT_EQ(vault_->CorrectRecipient(*id, corrected, "new account", kTreasurer).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(vault_->CorrectRecipient(*id, corrected, "", kCoordinator).status().field(), "reason");
  ASSERT_TRUE(vault_->CorrectRecipient(*id, corrected, "new account", kCoordinator).ok());
  EXPECT_NE(books_->Snapshot()->recipients().at(*id).commitment, before);
  EXPECT_EQ(vault_->Recipient(*id, kCoordinator)->bank_account, "6222029999999999999");
  EXPECT_TRUE(vault_->CheckAgainstChain().ok());

  ASSERT_TRUE(vault_->Erase(*id, "consent withdrawn", kCoordinator).ok());
  EXPECT_EQ(vault_->Recipient(*id, kCoordinator).status().code(), ErrorCode::kNotFound);
  RawDb raw(path_);
  EXPECT_EQ(raw.QueryBlob("SELECT COUNT(*) FROM vault"), "0");
  EXPECT_TRUE(books_->Snapshot()->recipients().at(*id).erased);
  EXPECT_TRUE(vault_->CheckAgainstChain().ok());
  EXPECT_TRUE(VerifyWithBooks(path_).ok) << "the chain keeps the id and its old commitments";
  // The number may be enrolled again (under a new id) once the record is gone.
  auto again = vault_->EnrolRecipient("student", Student(), kCoordinator);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, "R-000002");
  EXPECT_EQ(vault_->CorrectRecipient(*id, corrected, "x", kCoordinator).status().code(),
            ErrorCode::kFailedPrecondition);
}

TEST_F(VaultTest, DonorsAreNamedInPublicOnlyWithTheirConsent) {
  auto named = vault_->RegisterDonor(
      {"organisation", "华联超市有限公司", "0571-1", "", "", true, "华联超市"}, kTreasurer);
  auto quiet =
      vault_->RegisterDonor({"person", "李雷", "13900001111", "", "", false, ""}, kTreasurer);
  ASSERT_TRUE(named.ok() && quiet.ok());
  auto names = vault_->PublicDonorNames();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::map<std::string, std::string>{{*named, "华联超市"}}));
  EXPECT_EQ(vault_->Donor(*quiet, kCoordinator)->name, "李*");
  EXPECT_EQ(vault_->Donor(*quiet, kTreasurer)->phone, "13900001111");
  // Consent given later is a correction of the record.
  ASSERT_TRUE(vault_
                  ->CorrectDonor(*quiet, {"person", "李雷", "13900001111", "", "", true, "李先生"},
                                 "agreed to be named", kTreasurer)
                  .ok());
  EXPECT_EQ(vault_->PublicDonorNames()->size(), 2u);
  EXPECT_EQ(
      vault_->CorrectDonor(*quiet, {"organisation", "李雷", "", "", "", false, ""}, "x", kTreasurer)
          .status()
          .field(),
      "type");
  EXPECT_TRUE(vault_->CheckAgainstChain().ok());
}

TEST_F(VaultTest, CheckAgainstChainFindsARecordThatWasSwappedOrAltered) {
  auto a = vault_->EnrolRecipient("student", Student(), kCoordinator);
  auto b = vault_->EnrolRecipient("student", Student("110105198001010016"), kCoordinator);
  ASSERT_TRUE(a.ok() && b.ok());
  RawDb raw(path_);
  const auto restore = [&] {
    for (const std::string& id : {*a, *b}) {
      raw.Exec("INSERT OR REPLACE INTO vault SELECT * FROM saved WHERE subject = '" + id + "'");
    }
  };
  raw.Exec("CREATE TEMP TABLE saved AS SELECT * FROM vault");
  {
    // Two rows' ciphertexts swapped: neither opens for the other subject.
    raw.Exec("UPDATE vault SET nonce = (SELECT nonce FROM vault WHERE subject = '" + *b +
             "'), sealed = (SELECT sealed FROM vault WHERE subject = '" + *b +
             "') WHERE subject = '" + *a + "'");
  }
  Status s = vault_->CheckAgainstChain();
  EXPECT_EQ(s.code(), ErrorCode::kCorrupt);
  EXPECT_NE(s.message().find(*a), std::string::npos) << s.message();
  // A record re-sealed under the right key with other content, without a
  // correction entry: the commitment in the chain gives it away.
  restore();
  ASSERT_TRUE(vault_->CheckAgainstChain().ok());
  auto sealed = key_.Seal(*b, R"({"name":"someone else"})");
  ASSERT_TRUE(sealed.ok());
  {
    raw.Exec("UPDATE vault SET nonce = x'" +
             ToHex(reinterpret_cast<const uint8_t*>(sealed->nonce.data()), 12) + "', sealed = x'" +
             ToHex(reinterpret_cast<const uint8_t*>(sealed->ciphertext.data()),
                   sealed->ciphertext.size()) +
             "' WHERE subject = '" + *b + "'");
  }
  s = vault_->CheckAgainstChain();
  EXPECT_EQ(s.code(), ErrorCode::kCorrupt);
  EXPECT_NE(s.message().find("commitment"), std::string::npos) << s.message();
  // A deleted row, without an erasure entry.
  restore();
  { raw.Exec("DELETE FROM vault WHERE subject = '" + *a + "'"); }
  s = vault_->CheckAgainstChain();
  EXPECT_EQ(s.code(), ErrorCode::kCorrupt);
  EXPECT_NE(s.message().find(*a), std::string::npos) << s.message();
}

}  // namespace
}  // namespace aidledger
