// The books' rules for goods in kind, transfers and releases, donors,
// approvals, printed receipts, currencies and the corrections list.
#include <gtest/gtest.h>

#include "ledger/base/canonical_json.h"
#include "ledger/books/books.h"
#include "ledger/books/books_replay.h"
#include "ledger/books/money.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/four_eyes.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::RawDb;
using testing::TempDir;

const Actor kTreasurer{"u-wang", "treasurer"};
const Actor kAdmin{"u-admin", "admin"};
const Actor kCoordinator{"u-li", "coordinator"};
const Actor kCoordinator2{"u-zhao", "coordinator"};
const Actor kCoordinator3{"u-sun", "coordinator"};

Books::Committer Committing(const std::string& record) {
  return [record](const std::string& id) -> Result<Hash32> { return Sha256::Of(id, record); };
}

GoodsDonationInput Coats(int64_t quantity, const std::string& value,
                         const std::string& valuation = "invoice") {
  GoodsDonationInput g;
  g.fund = "WINTER";
  g.date = "2026-11-18";
  g.items = {{"羽绒服", quantity, "件", valuation, value}};
  g.received_by = "u-li";
  g.checked_by = "u-wang";
  g.memo = "winter drive";
  return g;
}

class BooksMoreTest : public ::testing::Test {
 protected:
  // Four eyes: the treasurer proposes, the admin confirms.
  Result<AppendedEntry> ReverseByTwo(int64_t seq, const std::string& reason,
                                     const std::string& date) {
    return testing::ReverseByTwo(*books_, seq, reason, date, kTreasurer, kAdmin);
  }
  Result<AppendedEntry> CloseByTwo(const std::string& period) {
    return testing::CloseByTwo(*books_, period, kTreasurer, kAdmin);
  }
  void SetUp() override {
    path_ = dir_.File("books.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "t"});
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    auto books = Books::Open(store_.get());
    ASSERT_TRUE(books.ok());
    books_ = std::move(books).value();
    ASSERT_TRUE(books_
                    ->OpenFund({"WINTER",
                                "冬季送温暖",
                                "Winter warmth",
                                true,
                                "winter clothing for households",
                                {"household"}},
                               kAdmin)
                    .ok());
    ASSERT_TRUE(
        books_
            ->OpenFund({"STUDENT_AID", "助学金", "Student aid", true, "stipends", {"student"}},
                       kAdmin)
            .ok());
    ASSERT_TRUE(books_->OpenFund({"GENERAL", "非限定性", "General", false, "", {}}, kAdmin).ok());
    auto household = books_->EnrolRecipient("household", Committing("h"), kCoordinator);
    ASSERT_TRUE(household.ok());
    household_ = *household;
    auto student = books_->EnrolRecipient("student", Committing("s"), kCoordinator);
    ASSERT_TRUE(student.ok());
    student_ = *student;
  }

  int64_t Size() { return store_->GetHead()->size; }
  BooksState State() { return *books_->Snapshot(); }
  Result<RecordedDonation> Give(const std::string& fund, const std::string& amount,
                                const std::string& currency = "CNY") {
    DonationInput d;
    d.fund = fund;
    d.amount = amount;
    d.currency = currency;
    d.channel = "cash";
    d.date = "2026-03-01";
    return books_->RecordDonation(d, kTreasurer);
  }
  Result<std::string> ApprovedGrant(const std::string& recipient, const std::string& fund,
                                    const std::string& amount,
                                    const std::string& currency = "CNY") {
    auto g = books_->ProposeGrant({recipient, fund, amount, currency, "aid", "2026"}, kCoordinator);
    if (!g.ok()) return g;
    auto d = books_->DecideGrant(*g, true, "ok", kCoordinator2);
    if (!d.ok()) return d.status();
    return g;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<Books> books_;
  std::string household_;
  std::string student_;
};

TEST_F(BooksMoreTest, GoodsInKindAreValuedByTheirBasisAndCountedByTwoPeople) {
  const int64_t before = Size();
  struct Case {
    std::function<void(GoodsDonationInput&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](GoodsDonationInput& g) { g.items.clear(); }, "items"},
      {[](GoodsDonationInput& g) { g.items[0].quantity = 0; }, "items[0].quantity"},
      {[](GoodsDonationInput& g) { g.items[0].item = ""; }, "items[0].item"},
      {[](GoodsDonationInput& g) { g.items[0].valuation = "guess"; }, "items[0].valuation"},
      {[](GoodsDonationInput& g) { g.items[0].value = "0"; }, "items[0].value"},
      {[](GoodsDonationInput& g) { g.items[0].valuation = "unvalued"; }, "items[0].value"},
      {[](GoodsDonationInput& g) { g.items[0].value = "-1.00"; }, "items[0].value"},
      {[](GoodsDonationInput& g) { g.items.push_back(g.items[0]); }, "items[1].item"},
      {[](GoodsDonationInput& g) { g.checked_by = g.received_by; }, "checked_by"},
      {[](GoodsDonationInput& g) { g.received_by = ""; }, "received_by"},
      {[](GoodsDonationInput& g) { g.fund = "NOPE"; }, "fund"},
      {[](GoodsDonationInput& g) { g.donor = "D-000042"; }, "donor"},
  };
  for (const auto& c : cases) {
    GoodsDonationInput g = Coats(100, "12000.00");
    c.change(g);
    auto r = books_->RecordGoodsDonation(g, kTreasurer);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().field(), c.field) << r.status().ToString();
  }
  EXPECT_EQ(books_->RecordGoodsDonation(Coats(100, "12000.00"), kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Size(), before);

  auto valued = books_->RecordGoodsDonation(Coats(100, "12000.00"), kTreasurer);
  ASSERT_TRUE(valued.ok()) << valued.status().ToString();
  GoodsDonationInput rice = Coats(30, "0", "unvalued");
  rice.items[0].item = "大米";
  rice.items[0].unit = "袋";
  auto unvalued = books_->RecordGoodsDonation(rice, kTreasurer);
  ASSERT_TRUE(unvalued.ok());
  // One receipt sequence for gifts in cash and in kind.
  EXPECT_EQ(valued->receipt, "2026-000001");
  EXPECT_EQ(unvalued->receipt, "2026-000002");
  const BooksState s = State();
  const Fund& winter = s.funds().at("WINTER");
  // Valued goods are income at their value; unvalued goods are counted only.
  EXPECT_EQ(winter.goods.at("CNY"), 1200000);
  EXPECT_EQ(winter.cash.count("CNY"), 0u);
  EXPECT_EQ(winter.stock.at("羽绒服\n件").quantity, 100);
  EXPECT_EQ(winter.stock.at("大米\n袋").quantity, 30);
  EXPECT_EQ(winter.stock.at("大米\n袋").value_minor, 0);
  // Goods value is no money: a grant cannot be paid from it.
  ASSERT_TRUE(books_->OpenFund({"ALL", "综合", "All", false, "", {}}, kAdmin).ok());
  EXPECT_TRUE(books_->EnrolRecipient("household", Committing("x"), kCoordinator).ok());
  auto g = ApprovedGrant(household_, "WINTER", "10.00");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(
      books_
          ->PayGrant(PaymentInput{*g, "10.00", "2026-11-20", "cash", std::nullopt, {}}, kTreasurer)
          .status()
          .code(),
      ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksMoreTest, HandingOutGoodsReducesStockWithTheValueItCarried) {
  ASSERT_TRUE(books_->RecordGoodsDonation(Coats(3, "100.00"), kTreasurer).ok());
  HandOutInput h{"WINTER", household_, "2026-12-01", {{"羽绒服", 1, "件", "", ""}}, "drive"};
  EXPECT_EQ(books_->HandOutGoods(h, kAdmin).status().code(), ErrorCode::kPermissionDenied);
  HandOutInput too_many = h;
  too_many.items[0].quantity = 4;
  EXPECT_EQ(books_->HandOutGoods(too_many, kCoordinator).status().field(), "items[0].quantity");
  HandOutInput unknown = h;
  unknown.items[0].item = "帽子";
  EXPECT_EQ(books_->HandOutGoods(unknown, kCoordinator).status().field(), "items[0].quantity");
  HandOutInput to_student = h;
  to_student.recipient = student_;
  EXPECT_EQ(books_->HandOutGoods(to_student, kCoordinator).status().field(), "fund")
      << "the winter fund serves households only";
  HandOutInput nobody = h;
  nobody.recipient = "R-000099";
  EXPECT_EQ(books_->HandOutGoods(nobody, kCoordinator).status().field(), "recipient");

  // 100.00 over 3 coats: the first two carry 33.33 each, the last the rest.
  auto first = books_->HandOutGoods(h, kCoordinator);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = books_->HandOutGoods(h, kTreasurer);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(State().funds().at("WINTER").goods.at("CNY"), 3334);
  auto last = books_->HandOutGoods(h, kCoordinator);
  ASSERT_TRUE(last.ok());
  const BooksState s = State();
  EXPECT_EQ(s.funds().at("WINTER").goods.at("CNY"), 0);
  EXPECT_EQ(s.funds().at("WINTER").stock.at("羽绒服\n件").quantity, 0);
  auto reader = SqliteLedgerReader::Open(path_);
  auto entry = DecodeEntry((*reader)->GetEntry(last->seq)->canonical);
  EXPECT_EQ(EncodeCanonical(*entry->payload.Find("amount")), R"({"currency":"CNY","minor":-3334})");
  // A wrong value in a hand-out written past the Books is refused on replay.
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
  ASSERT_TRUE(books_->RecordGoodsDonation(Coats(2, "50.00"), kTreasurer).ok());
  ASSERT_TRUE(
      store_
          ->Append(EntryDraft{
              "goods.handed_out", kCoordinator,
              Object{{"amount", Object{{"currency", "CNY"}, {"minor", -1}}},
                     {"date", "2026-12-02"},
                     {"fund", "WINTER"},
                     {"items", Array{Object{{"item", "羽绒服"},
                                            {"quantity", 1},
                                            {"unit", "件"},
                                            {"value", Object{{"currency", "CNY"}, {"minor", 1}}}}}},
                     {"memo", ""},
                     {"recipient", household_}}})
          .ok());
  const VerifyReport r = VerifyWithBooks(path_);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBooksRule);
  EXPECT_EQ(r.failure->seq, Size());
}

TEST_F(BooksMoreTest, ReversingGoodsRestoresOrRemovesStock) {
  auto gift = books_->RecordGoodsDonation(Coats(10, "1000.00"), kTreasurer);
  ASSERT_TRUE(gift.ok());
  HandOutInput h{"WINTER", household_, "2026-12-01", {{"羽绒服", 6, "件", "", ""}}, "drive"};
  auto out = books_->HandOutGoods(h, kCoordinator);
  ASSERT_TRUE(out.ok());
  // The gift cannot be undone while its coats are out.
  EXPECT_EQ(ReverseByTwo(gift->entry.seq, "wrong", "2026-12-02").status().code(),
            ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(ReverseByTwo(out->seq, "wrong household", "2026-12-02").ok());
  BooksState s = State();
  EXPECT_EQ(s.funds().at("WINTER").stock.at("羽绒服\n件").quantity, 10);
  EXPECT_EQ(s.funds().at("WINTER").goods.at("CNY"), 100000);
  ASSERT_TRUE(ReverseByTwo(gift->entry.seq, "recorded in error", "2026-12-02").ok());
  s = State();
  EXPECT_EQ(s.funds().at("WINTER").stock.at("羽绒服\n件").quantity, 0);
  EXPECT_EQ(s.funds().at("WINTER").goods.at("CNY"), 0);
  // Both show in the corrections list, with reason, date and actor.
  ASSERT_EQ(s.corrections().size(), 2u);
  EXPECT_EQ(s.corrections()[0].target, std::to_string(out->seq));
  EXPECT_EQ(s.corrections()[0].reason, "wrong household");
  EXPECT_EQ(s.corrections()[0].date, "2026-12-02");
  EXPECT_EQ(s.corrections()[0].actor.id, kAdmin.id);
  EXPECT_EQ(s.corrections()[0].proposer.id, kTreasurer.id);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksMoreTest, RestrictedMoneyLeavesItsPurposeOnlyWithADocumentedRelease) {
  ASSERT_TRUE(Give("STUDENT_AID", "1000.00").ok());
  ASSERT_TRUE(Give("GENERAL", "500.00").ok());
  TransferInput t{"STUDENT_AID", "GENERAL", "100.00", "CNY", "2026-04-01", "surplus", std::nullopt};
  const int64_t before = Size();
  EXPECT_EQ(books_->Transfer(t, kAdmin).status().field(), "release");
  t.release = "donor's letter of 2026-03-30";
  EXPECT_EQ(books_->Transfer(t, kTreasurer).status().code(), ErrorCode::kPermissionDenied)
      << "a release is the council's decision";
  TransferInput same = t;
  same.to = "STUDENT_AID";
  EXPECT_EQ(books_->Transfer(same, kAdmin).status().field(), "to");
  TransferInput too_much = t;
  too_much.amount = "1000.01";
  EXPECT_EQ(books_->Transfer(too_much, kAdmin).status().field(), "amount");
  TransferInput no_reason = t;
  no_reason.reason = "";
  EXPECT_EQ(books_->Transfer(no_reason, kAdmin).status().field(), "reason");
  EXPECT_EQ(books_->Transfer(t, kCoordinator).status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Size(), before);

  auto released = books_->Transfer(t, kAdmin);
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  // Unrestricted money may go to a purpose without a release (and may not
  // carry one).
  TransferInput top_up{"GENERAL",    "STUDENT_AID", "50.00",     "CNY",
                       "2026-04-02", "top-up",      "not needed"};
  EXPECT_EQ(books_->Transfer(top_up, kTreasurer).status().field(), "release");
  top_up.release.reset();
  auto topped = books_->Transfer(top_up, kTreasurer);
  ASSERT_TRUE(topped.ok());
  BooksState s = State();
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 95000);
  EXPECT_EQ(s.funds().at("GENERAL").cash.at("CNY"), 55000);
  // The fact: out of the first fund, into the counter fund.
  RawDb raw(path_);
  EXPECT_EQ(raw.QueryBlob("SELECT fund || '>' || counter_fund || ':' || amount_minor || ':' || "
                          "nature FROM entries WHERE seq = " +
                          std::to_string(released->seq)),
            "STUDENT_AID>GENERAL:-10000:cash");
  // A transfer reverses as a whole; the receiving fund must still hold it.
  ASSERT_TRUE(ReverseByTwo(topped->seq, "not needed", "2026-04-03").ok());
  s = State();
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 90000);
  EXPECT_EQ(s.funds().at("GENERAL").cash.at("CNY"), 60000);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksMoreTest, ARestrictedFundPaysOnlyTheRecipientsItsPurposeServes) {
  ASSERT_TRUE(Give("STUDENT_AID", "1000.00").ok());
  auto wrong = books_->ProposeGrant({household_, "STUDENT_AID", "100.00", "CNY", "aid", "2026"},
                                    kCoordinator);
  EXPECT_EQ(wrong.status().field(), "fund");
  EXPECT_TRUE(
      books_->ProposeGrant({household_, "GENERAL", "100.00", "CNY", "aid", "2026"}, kCoordinator)
          .ok())
      << "the general fund serves anyone";
  EXPECT_TRUE(ApprovedGrant(student_, "STUDENT_AID", "100.00").ok());
}

TEST_F(BooksMoreTest, ApprovalsNeedTheConfiguredNumberOfOtherPeople) {
  EXPECT_EQ(books_->SetApprovalsRequired(2, kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->SetApprovalsRequired(0, kAdmin).status().field(), "approvals_required");
  EXPECT_EQ(books_->SetApprovalsRequired(6, kAdmin).status().field(), "approvals_required");
  auto before =
      books_->ProposeGrant({student_, "STUDENT_AID", "100.00", "CNY", "aid", "2026"}, kCoordinator);
  ASSERT_TRUE(books_->SetApprovalsRequired(2, kAdmin).ok());
  auto after =
      books_->ProposeGrant({student_, "STUDENT_AID", "100.00", "CNY", "aid", "2026"}, kCoordinator);
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_TRUE(Give("STUDENT_AID", "1000.00").ok());
  // A grant keeps the policy it was proposed under.
  ASSERT_TRUE(books_->DecideGrant(*before, true, "ok", kCoordinator2).ok());
  EXPECT_EQ(State().grants().at(*before).state, Grant::State::kApproved);

  ASSERT_TRUE(books_->DecideGrant(*after, true, "ok", kCoordinator2).ok());
  EXPECT_EQ(State().grants().at(*after).state, Grant::State::kProposed);
  EXPECT_EQ(books_
                ->PayGrant(PaymentInput{*after, "1.00", "2026-04-01", "cash", std::nullopt, {}},
                           kTreasurer)
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(books_->DecideGrant(*after, true, "again", kCoordinator2).status().code(),
            ErrorCode::kPermissionDenied)
      << "one person approves once";
  EXPECT_EQ(books_->DecideGrant(*after, true, "mine", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied)
      << "never the proposer";
  ASSERT_TRUE(books_->DecideGrant(*after, true, "ok", kCoordinator3).ok());
  EXPECT_EQ(State().grants().at(*after).state, Grant::State::kApproved);
  EXPECT_TRUE(books_
                  ->PayGrant(PaymentInput{*after, "100.00", "2026-04-01", "cash", std::nullopt, {}},
                             kTreasurer)
                  .ok());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksMoreTest, AmountsKeepTheirCurrencyAndAreNeverAddedAcrossCurrencies) {
  ASSERT_TRUE(Give("STUDENT_AID", "1000.00").ok());
  ASSERT_TRUE(Give("STUDENT_AID", "200.00", "USD").ok());
  ASSERT_TRUE(Give("STUDENT_AID", "5000", "JPY").ok());
  EXPECT_EQ(Give("STUDENT_AID", "1.5", "JPY").status().field(), "amount");
  BooksState s = State();
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 100000);
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("USD"), 20000);
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("JPY"), 5000);
  auto usd = ApprovedGrant(student_, "STUDENT_AID", "150.00", "USD");
  ASSERT_TRUE(usd.ok()) << usd.status().ToString();
  EXPECT_TRUE(
      books_
          ->PayGrant(PaymentInput{*usd, "150.00", "2026-04-01", "bank_transfer", "SWIFT-1", {}},
                     kTreasurer)
          .ok());
  auto cny = ApprovedGrant(student_, "STUDENT_AID", "1500.00");
  ASSERT_TRUE(cny.ok());
  // 1,000 yuan held: the dollars do not count towards it.
  EXPECT_EQ(books_
                ->PayGrant(PaymentInput{*cny, "1500.00", "2026-04-01", "cash", std::nullopt, {}},
                           kTreasurer)
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
  s = State();
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("USD"), 5000);
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 100000);
}

TEST_F(BooksMoreTest, DonorsAreRegisteredByIdAndAnonymousGiftsNeedNone) {
  EXPECT_EQ(books_->RegisterDonor("robot", Committing("d"), kTreasurer).status().field(), "type");
  EXPECT_EQ(books_->RegisterDonor("person", Committing("d"), kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  auto donor = books_->RegisterDonor("organisation", Committing("d"), kTreasurer);
  ASSERT_TRUE(donor.ok());
  EXPECT_EQ(*donor, "D-000001");
  DonationInput d;
  d.fund = "GENERAL";
  d.amount = "10.00";
  d.channel = "cash";
  d.date = "2026-03-01";
  d.donor = "D-000002";
  EXPECT_EQ(books_->RecordDonation(d, kTreasurer).status().field(), "donor");
  d.donor = *donor;
  EXPECT_TRUE(books_->RecordDonation(d, kTreasurer).ok());
  d.donor.reset();
  EXPECT_TRUE(books_->RecordDonation(d, kTreasurer).ok()) << "anonymous";
  // An erased donor's record takes no more gifts; the chain keeps the id.
  EXPECT_EQ(books_->EraseRecord(*donor, "asked to be forgotten", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(books_->EraseRecord(*donor, "asked to be forgotten", kTreasurer).ok());
  d.donor = *donor;
  EXPECT_EQ(books_->RecordDonation(d, kTreasurer).status().field(), "donor");
  EXPECT_EQ(books_->EraseRecord(*donor, "again", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(State().donors().at(*donor).erased);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksMoreTest, TheFirstPrintIsTheOriginalAndLaterOnesAreDuplicates) {
  auto gift = Give("GENERAL", "10.00");
  ASSERT_TRUE(gift.ok());
  EXPECT_EQ(books_->PrintReceipt(gift->receipt, kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->PrintReceipt("2026-000099", kTreasurer).status().field(), "receipt");
  EXPECT_EQ(*books_->PrintReceipt(gift->receipt, kTreasurer), 1);
  EXPECT_EQ(*books_->PrintReceipt(gift->receipt, kTreasurer), 2);
  EXPECT_EQ(State().receipts().at(gift->receipt).copies_printed, 2);
  ASSERT_TRUE(books_->VoidReceipt(gift->receipt, "wrong name", kTreasurer).ok());
  EXPECT_EQ(books_->PrintReceipt(gift->receipt, kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  const BooksState s = State();
  const auto& corrections = s.corrections();
  ASSERT_EQ(corrections.size(), 1u);
  EXPECT_EQ(corrections[0].kind, "receipt.voided");
  EXPECT_EQ(corrections[0].target, gift->receipt);
}

TEST_F(BooksMoreTest, APeriodCloseRecordsCashAndGoodsBalances) {
  ASSERT_TRUE(Give("GENERAL", "10.00").ok());
  GoodsDonationInput g = Coats(2, "80.00");
  g.date = "2026-03-05";
  ASSERT_TRUE(books_->RecordGoodsDonation(g, kTreasurer).ok());
  auto closed = CloseByTwo("2026-03");
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  auto reader = SqliteLedgerReader::Open(path_);
  auto entry = DecodeEntry((*reader)->GetEntry(closed->seq)->canonical);
  EXPECT_EQ(EncodeCanonical(*entry->payload.Find("balances")),
            R"([{"currency":"CNY","fund":"GENERAL","minor":1000,"nature":"cash"},)"
            R"({"currency":"CNY","fund":"WINTER","minor":8000,"nature":"goods"}])");
  HandOutInput h{"WINTER", household_, "2026-03-31", {{"羽绒服", 1, "件", "", ""}}, ""};
  EXPECT_EQ(books_->HandOutGoods(h, kCoordinator).status().field(), "date");
}

ServiceInput Visits(int64_t volunteers, int64_t minutes, const std::string& date = "2026-11-21") {
  return ServiceInput{"冬季送温暖入户走访", date, volunteers, minutes};
}

TEST_F(BooksMoreTest, VolunteerServiceIsRecordedAsACountWithNoMoneyMoved) {
  const size_t facts = State().fact_rows().size();
  auto r = books_->RecordService(Visits(12, 12 * 180), kCoordinator);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BooksState s = State();
  ASSERT_EQ(s.services().size(), 1u);
  EXPECT_EQ(s.services()[0].seq, r->seq);
  EXPECT_EQ(s.services()[0].volunteers, 12);
  EXPECT_EQ(s.services()[0].minutes, 2160);
  EXPECT_EQ(s.fact_rows().size(), facts);  // not income: no fund's balance moves
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
}

TEST_F(BooksMoreTest, VolunteerServiceRefusesWhatCannotBe) {
  EXPECT_EQ(books_->RecordService(Visits(0, 60), kCoordinator).status().field(), "volunteers");
  // Two people cannot give more than two days on one day.
  EXPECT_EQ(books_->RecordService(Visits(2, 2 * 1440 + 1), kCoordinator).status().field(),
            "minutes");
  EXPECT_EQ(books_->RecordService(Visits(2, 0), kCoordinator).status().field(), "minutes");
  EXPECT_EQ(books_->RecordService(Visits(2, 60, "2026-13-01"), kCoordinator).status().field(),
            "date");
  ServiceInput unnamed = Visits(2, 60);
  unnamed.activity = "";
  EXPECT_EQ(books_->RecordService(unnamed, kCoordinator).status().field(), "activity");
  EXPECT_EQ(books_->RecordService(Visits(2, 60), Actor{"u-a", "auditor"}).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(State().services().empty());
}

TEST_F(BooksMoreTest, AServiceRecordIsWithdrawnOnceWithItsReasonAndListedAsACorrection) {
  auto r = books_->RecordService(Visits(5, 300), kCoordinator);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(books_->WithdrawService(r->seq, "", kCoordinator).status().field(), "reason");
  EXPECT_EQ(books_->WithdrawService(r->seq - 1, "wrong", kCoordinator).status().code(),
            ErrorCode::kNotFound);
  auto w = books_->WithdrawService(r->seq, "recorded for the wrong day", kCoordinator2);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(books_->WithdrawService(r->seq, "again", kCoordinator).status().code(),
            ErrorCode::kFailedPrecondition);
  const BooksState s = State();
  EXPECT_EQ(s.services()[0].withdrawn_by, w->seq);
  ASSERT_FALSE(s.corrections().empty());
  EXPECT_EQ(s.corrections().back().kind, "service.withdrawn");
  EXPECT_EQ(s.corrections().back().target, std::to_string(r->seq));
  EXPECT_EQ(s.corrections().back().actor.id, "u-zhao");
}

TEST_F(BooksMoreTest, AServiceRecordOfAClosedPeriodStaysAsItWasClosed) {
  auto r = books_->RecordService(Visits(3, 180, "2026-03-10"), kCoordinator);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(CloseByTwo("2026-03").ok());
  EXPECT_EQ(books_->WithdrawService(r->seq, "late", kCoordinator).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(books_->RecordService(Visits(3, 180, "2026-03-31"), kCoordinator).status().field(),
            "date");
}

}  // namespace
}  // namespace aidledger
