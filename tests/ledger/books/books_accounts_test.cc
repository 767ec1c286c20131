// Accounts where money sits: opened by a treasurer, named by money entries
// (else the channel's default), money moved between them, none below zero.
#include <gtest/gtest.h>

#include "ledger/store/verify.h"
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

AccountInput Icbc() {
  return {"BANK_ICBC", "工商银行基本户", "bank", "中国工商银行", "6222 0202 0011 2233"};
}

AccountTransferInput Move(const std::string& from, const std::string& to,
                          const std::string& amount) {
  return {from, to, amount, "CNY", "2026-03-02", std::nullopt, "存现"};
}

int64_t Held(const BooksState& s, const std::string& account, const std::string& currency = "CNY") {
  const auto& cash = s.accounts().at(account).cash;
  auto it = cash.find(currency);
  return it == cash.end() ? 0 : it->second;
}

TEST_F(BooksWithRecipientsTest, EveryLedgerHasTheChannelsDefaultAccounts) {
  const BooksState s = State();
  ASSERT_EQ(s.accounts().size(), std::size(kDefaultAccounts));
  EXPECT_EQ(s.accounts().at("CASH").type, "cash_box");
  EXPECT_EQ(s.accounts().at("BANK").type, "bank");
  EXPECT_EQ(s.accounts().at("WECHAT_PAY").type, "platform");
  EXPECT_EQ(s.accounts().at("ALIPAY").institution, "支付宝");
  EXPECT_EQ(BooksState::AccountFor("", "wechat_pay"), "WECHAT_PAY");
  EXPECT_EQ(BooksState::AccountFor("BANK_ICBC", "wechat_pay"), "BANK_ICBC");
}

TEST_F(BooksWithRecipientsTest, ATreasurerOpensAnAccountAndOnlyItsNumbersLastFourDigitsAreKept) {
  EXPECT_EQ(books_->OpenAccount(Icbc(), kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(books_->OpenAccount(Icbc(), kTreasurer).ok());
  const BooksState s = State();
  const Account& a = s.accounts().at("BANK_ICBC");
  EXPECT_EQ(a.number_tail, "2233");
  EXPECT_EQ(a.institution, "中国工商银行");
  EXPECT_GT(a.opened_seq, 0);
  // The whole number is nowhere in the ledger.
  testing::RawDb raw(path_);
  EXPECT_EQ(raw.QueryBlob("SELECT CAST(COUNT(*) AS TEXT) FROM entries WHERE CAST(canonical AS "
                          "TEXT) LIKE '%62220202%'"),
            "0");

  EXPECT_EQ(books_->OpenAccount(Icbc(), kTreasurer).status().code(), ErrorCode::kConflict);
  AccountInput again = Icbc();
  again.code = "BANK";  // a default account's code
  EXPECT_EQ(books_->OpenAccount(again, kTreasurer).status().field(), "code");
  AccountInput no_bank = Icbc();
  no_bank.code = "BANK_BOC";
  no_bank.institution = "";
  EXPECT_EQ(books_->OpenAccount(no_bank, kTreasurer).status().field(), "institution");
  AccountInput letters = Icbc();
  letters.code = "BANK_BOC";
  letters.number = "6222-abc-1234";
  EXPECT_EQ(books_->OpenAccount(letters, kTreasurer).status().field(), "number");
  AccountInput kind = Icbc();
  kind.code = "SAFE";
  kind.type = "safe";
  EXPECT_EQ(books_->OpenAccount(kind, kTreasurer).status().field(), "type");
  // A cash box has no institution and no number.
  EXPECT_TRUE(
      books_->OpenAccount({"CASH_BOX_2", "二号现金箱", "cash_box", "", ""}, kTreasurer).ok());
  EXPECT_EQ(State().accounts().at("CASH_BOX_2").number_tail, "");
}

TEST_F(BooksWithRecipientsTest, MoneySitsInTheAccountItsEntryNamesElseInTheChannelsDefault) {
  ASSERT_TRUE(books_->OpenAccount(Icbc(), kTreasurer).ok());
  ASSERT_TRUE(Give("STUDENT_AID", "100.00").ok());  // cash
  DonationInput d;
  d.fund = "STUDENT_AID";
  d.amount = "250.00";
  d.channel = "bank_transfer";
  d.external_ref = "B-1";
  d.date = "2026-03-03";
  d.account = "BANK_ICBC";
  auto banked = books_->RecordDonation(d, kTreasurer);
  ASSERT_TRUE(banked.ok()) << banked.status().ToString();
  d.account = "BANK_BOC";
  d.external_ref = "B-2";
  EXPECT_EQ(books_->RecordDonation(d, kTreasurer).status().field(), "account");

  const BooksState s = State();
  EXPECT_EQ(Held(s, "CASH"), 10000);
  EXPECT_EQ(Held(s, "BANK_ICBC"), 25000);
  EXPECT_EQ(Held(s, "BANK"), 0);
  EXPECT_EQ(s.AccountOf(*s.FactOf(banked->entry.seq)), "BANK_ICBC");
  // The fund holds both, wherever they sit.
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 35000);
}

TEST_F(BooksWithRecipientsTest, NoAccountPaysOutMoreThanItHolds) {
  ASSERT_TRUE(Give("STUDENT_AID", "1000.00").ok());  // into the cash box
  auto grant = ApprovedGrant(student_, "STUDENT_AID", "600.00");
  ASSERT_TRUE(grant.ok());
  // The fund holds ¥1,000.00, but the bank account nothing.
  PaymentInput pay{*grant, "300.00", "2026-04-01", "bank_transfer", "B-9", {}, ""};
  const auto refused = books_->PayGrant(pay, kTreasurer);
  EXPECT_EQ(refused.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().field(), "amount");
  EXPECT_NE(refused.status().message().find("BANK"), std::string::npos);
  // More than the cash box holds does not move.
  EXPECT_EQ(
      books_->MoveBetweenAccounts(Move("CASH", "BANK", "1000.01"), kTreasurer).status().field(),
      "amount");
  EXPECT_EQ(books_->MoveBetweenAccounts(Move("CASH", "CASH", "1.00"), kTreasurer).status().field(),
            "to");
  EXPECT_EQ(books_->MoveBetweenAccounts(Move("CASH", "BANK", "1.00"), kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(books_->MoveBetweenAccounts(Move("CASH", "BANK", "400.00"), kTreasurer).ok());
  ASSERT_TRUE(books_->PayGrant(pay, kTreasurer).ok());
  pay.external_ref = "B-10";
  EXPECT_EQ(books_->PayGrant(pay, kTreasurer).status().field(), "amount") << "¥100.00 left";
  // Paid in cash from the cash box instead.
  pay.channel = "cash";
  pay.external_ref = std::nullopt;
  EXPECT_TRUE(books_->PayGrant(pay, kTreasurer).ok());

  const BooksState s = State();
  EXPECT_EQ(Held(s, "CASH"), 30000);
  EXPECT_EQ(Held(s, "BANK"), 10000);
  // A transfer between accounts changes no fund.
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 40000);
  ASSERT_EQ(s.account_transfers().size(), 1u);
  EXPECT_EQ(s.account_transfers()[0].from, "CASH");
  EXPECT_EQ(s.account_transfers()[0].minor, 40000);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksWithRecipientsTest, ReversingAGiftTakesItsMoneyBackOutOfItsAccount) {
  auto gift = Give("STUDENT_AID", "500.00");
  ASSERT_TRUE(gift.ok());
  ASSERT_TRUE(books_->MoveBetweenAccounts(Move("CASH", "BANK", "500.00"), kTreasurer).ok());
  // The cash box no longer holds the gift's money: undoing it is refused.
  EXPECT_EQ(books_->ProposeReversal(gift->entry.seq, "entered twice", kTreasurer).status().field(),
            "reverses");
  ASSERT_TRUE(books_->MoveBetweenAccounts(Move("BANK", "CASH", "500.00"), kTreasurer).ok());
  ASSERT_TRUE(ReverseByTwo(gift->entry.seq, "entered twice", "2026-03-04").ok());
  const BooksState s = State();
  EXPECT_EQ(Held(s, "CASH"), 0);
  EXPECT_EQ(Held(s, "BANK"), 0);
}

TEST_F(BooksWithRecipientsTest, ReversingAidPaidPutsTheMoneyBackIntoTheAccountItLeft) {
  ASSERT_TRUE(books_->OpenAccount(Icbc(), kTreasurer).ok());
  ASSERT_TRUE(Give("STUDENT_AID", "800.00").ok());
  ASSERT_TRUE(books_->MoveBetweenAccounts(Move("CASH", "BANK_ICBC", "800.00"), kTreasurer).ok());
  auto grant = ApprovedGrant(student_, "STUDENT_AID", "800.00");
  ASSERT_TRUE(grant.ok());
  auto paid = books_->PayGrant(
      {*grant, "800.00", "2026-04-01", "bank_transfer", "B-1", {}, "BANK_ICBC"}, kTreasurer);
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  EXPECT_EQ(Held(State(), "BANK_ICBC"), 0);
  ASSERT_TRUE(ReverseByTwo(paid->seq, "paid to the wrong card", "2026-04-02").ok());
  EXPECT_EQ(Held(State(), "BANK_ICBC"), 80000);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksWithRecipientsTest, ACostsProposalSuggestsAnAccountAndWhoPaysMayChooseAnother) {
  const Actor treasurer2{"u-zhou", "treasurer"};
  ASSERT_TRUE(books_->OpenAccount(Icbc(), kTreasurer).ok());
  ASSERT_TRUE(Give("GENERAL", "300.00").ok());
  ASSERT_TRUE(books_->MoveBetweenAccounts(Move("CASH", "BANK_ICBC", "200.00"), kTreasurer).ok());
  CostInput c{"admin",    "GENERAL",    "150.00",        "CNY",        "打印店", "INV-9",
              "打印年报", "2026-03-05", "bank_transfer", std::nullopt, "BANK"};
  c.account = "NO_SUCH";
  EXPECT_EQ(books_->ProposeCost(c, kCoordinator).status().field(), "account");
  c.account = "BANK";  // suggested: the default bank account, which holds nothing
  auto proposed = books_->ProposeCost(c, kCoordinator);
  ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
  EXPECT_EQ(books_->ConfirmCost(proposed->seq, {"B-5", ""}, treasurer2).status().field(), "amount");
  auto recorded = books_->ConfirmCost(proposed->seq, {"B-5", "BANK_ICBC"}, treasurer2);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  const BooksState s = State();
  EXPECT_EQ(Held(s, "BANK_ICBC"), 5000);
  ASSERT_EQ(s.costs().size(), 1u);
  EXPECT_EQ(s.costs()[0].account, "BANK_ICBC");
}

TEST_F(BooksWithRecipientsTest, AClosedAccountTakesNoMoneyInOrOut) {
  ASSERT_TRUE(books_->OpenAccount(Icbc(), kTreasurer).ok());
  ASSERT_TRUE(Give("STUDENT_AID", "500.00").ok());
  ASSERT_TRUE(books_->MoveBetweenAccounts(Move("CASH", "BANK_ICBC", "500.00"), kTreasurer).ok());
  auto grant = ApprovedGrant(student_, "STUDENT_AID", "500.00");
  ASSERT_TRUE(grant.ok());
  auto paid = books_->PayGrant(
      {*grant, "200.00", "2026-04-01", "bank_transfer", "B-1", {}, "BANK_ICBC"}, kTreasurer);
  ASSERT_TRUE(paid.ok());
  // It still holds ¥300.00: not closed.
  const auto holding = books_->CloseAccount("BANK_ICBC", "销户", kTreasurer);
  EXPECT_EQ(holding.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(holding.status().field(), "code");
  EXPECT_EQ(books_->CloseAccount("BANK_ICBC", "", kTreasurer).status().field(), "code");
  ASSERT_TRUE(books_->MoveBetweenAccounts(Move("BANK_ICBC", "BANK", "300.00"), kTreasurer).ok());
  EXPECT_EQ(books_->CloseAccount("BANK_ICBC", "销户", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->CloseAccount("BANK_ICBC", "", kTreasurer).status().field(), "reason");
  ASSERT_TRUE(books_->CloseAccount("BANK_ICBC", "银行账户已销户", kTreasurer).ok());
  EXPECT_GT(State().accounts().at("BANK_ICBC").closed_seq, 0);
  EXPECT_EQ(books_->CloseAccount("BANK_ICBC", "again", kTreasurer).status().field(), "code");

  // Nothing goes in or out of it, nor comes back to it by a reversal.
  EXPECT_EQ(
      books_->MoveBetweenAccounts(Move("BANK", "BANK_ICBC", "1.00"), kTreasurer).status().field(),
      "to");
  PaymentInput pay{*grant, "10.00", "2026-04-03", "bank_transfer", "B-2", {}, "BANK_ICBC"};
  EXPECT_EQ(books_->PayGrant(pay, kTreasurer).status().field(), "account");
  EXPECT_EQ(books_->ProposeReversal(paid->seq, "wrong card", kTreasurer).status().field(),
            "reverses");
  // A default account closed: its channel's money must name another one.
  ASSERT_TRUE(books_->CloseAccount("ALIPAY", "不再使用支付宝收款", kTreasurer).ok());
  DonationInput d;
  d.fund = "GENERAL";
  d.amount = "5.00";
  d.channel = "alipay";
  d.external_ref = "A-1";
  d.date = "2026-04-05";
  EXPECT_EQ(books_->RecordDonation(d, kTreasurer).status().field(), "account");
  d.account = "BANK";
  EXPECT_TRUE(books_->RecordDonation(d, kTreasurer).ok());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

}  // namespace
}  // namespace aidledger::books_test
