#include "api/users.h"

#include <gtest/gtest.h>

#include "ledger/store/ledger_store.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::FakeClock;
using testing::RawDb;
using testing::TempDir;

class UsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("l.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "t"});
    ASSERT_TRUE(store.ok());
    auto users = UserStore::Open(path_, &clock_);
    ASSERT_TRUE(users.ok());
    users_ = std::move(users).value();
  }
  TempDir dir_;
  std::string path_;
  FakeClock clock_{1'790'000'000'000'000};
  std::unique_ptr<UserStore> users_;
};

TEST_F(UsersTest, UsersHaveOneOfTheFourRolesAndUniqueNames) {
  EXPECT_TRUE(users_->AddUser("wang", "treasurer").ok());
  EXPECT_EQ(users_->AddUser("wang", "auditor").status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(users_->AddUser("li", "cashier").status().field(), "role");
  EXPECT_EQ(users_->AddUser("a b", "auditor").status().field(), "name");
  EXPECT_EQ(users_->AddUser("", "auditor").status().field(), "name");
  EXPECT_EQ(*users_->CountUsers(), 1);
}

TEST_F(UsersTest, TokensAreStoredOnlyAsHashes) {
  ASSERT_TRUE(users_->AddUser("wang", "treasurer").ok());
  auto token = users_->IssueToken("wang", "laptop");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->token.rfind("aidl_", 0), 0u);
  EXPECT_GE(token->token.size(), 45u);
  RawDb raw(path_);
  EXPECT_EQ(raw.QueryBlob("SELECT COUNT(*) FROM api_tokens WHERE instr(token_hash, '" +
                          token->token + "') > 0 OR instr(label, '" + token->token + "') > 0"),
            "0");
  EXPECT_EQ(raw.QueryBlob("SELECT hex(token_hash) FROM api_tokens"), [&] {
    std::string hex = ToHex(Sha256::Of(token->token));
    for (char& c : hex) c = static_cast<char>(std::toupper(c));
    return hex;
  }());
  auto actor = users_->Authenticate(token->token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->id, "wang");
  EXPECT_EQ(actor->role, "treasurer");
  EXPECT_EQ(users_->IssueToken("nobody", "x").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(users_->Authenticate(token->token + "x").status().code(), ErrorCode::kUnauthenticated);
}

TEST_F(UsersTest, PasswordsUseScryptAndAMissingUserCostsTheSameWork) {
  ASSERT_TRUE(users_->AddUser("li", "coordinator").ok());
  ASSERT_TRUE(users_->AddUser("nopass", "auditor").ok());
  EXPECT_EQ(users_->SetPassword("li", "short").field(), "password");
  ASSERT_TRUE(users_->SetPassword("li", "correct horse battery").ok());
  RawDb raw(path_);
  const std::string stored = raw.QueryBlob("SELECT password_hash FROM users WHERE name = 'li'");
  EXPECT_EQ(stored.rfind("scrypt$15$8$1$", 0), 0u);
  EXPECT_EQ(stored.find("correct horse"), std::string::npos);
  EXPECT_TRUE(users_->CheckPassword("li", "correct horse battery").ok());
  // Wrong password, unknown name, a user without a password: one answer,
  // and one scrypt each (no name is told apart by its speed).
  const int64_t before = users_->password_checks();
  const Status wrong = users_->CheckPassword("li", "wrong password!").status();
  const Status missing = users_->CheckPassword("nobody", "wrong password!").status();
  const Status unset = users_->CheckPassword("nopass", "wrong password!").status();
  EXPECT_EQ(users_->password_checks() - before, 3);
  for (const Status& s : {wrong, missing, unset}) {
    EXPECT_EQ(s.code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(s.message(), wrong.message());
  }
  // No lock: after wrong passwords the right one still works (throttling is
  // per name and address, in the service).
  for (int i = 0; i < 6; ++i) EXPECT_FALSE(users_->CheckPassword("li", "wrong password!").ok());
  EXPECT_TRUE(users_->CheckPassword("li", "correct horse battery").ok());
  EXPECT_FALSE(PasswordMatches("x", "scrypt$99$8$1$AAAA$AAAA"));
  EXPECT_FALSE(PasswordMatches("x", "plain"));
}

TEST_F(UsersTest, ARevocationByAnotherProcessTakesEffectWithinASecond) {
  ASSERT_TRUE(users_->AddUser("wang", "treasurer").ok());
  auto token = users_->IssueToken("wang", "laptop");
  ASSERT_TRUE(users_->Authenticate(token->token).ok());
  auto other = UserStore::Open(path_, &clock_);  // as aidledger user would
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)->RevokeToken(token->id).ok());
  EXPECT_FALSE((*other)->Authenticate(token->token).ok());
  clock_.Advance(1'000'001);
  EXPECT_EQ(users_->Authenticate(token->token).status().code(), ErrorCode::kUnauthenticated);
  // In the same store a revocation is at once.
  auto second = users_->IssueToken("wang", "phone");
  ASSERT_TRUE(users_->Authenticate(second->token).ok());
  ASSERT_TRUE(users_->RevokeToken(second->id).ok());
  EXPECT_FALSE(users_->Authenticate(second->token).ok());
}

}  // namespace
}  // namespace aidledger
