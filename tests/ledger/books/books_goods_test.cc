// The books' rules, goods in kind: valued, counted by two people, handed out, reversed.
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksWithRecipientsTest, GoodsInKindAreValuedByTheirBasisAndCountedByTwoPeople) {
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
  EXPECT_EQ(books_
                ->PayGrant(PaymentInput{*g, "10.00", "2026-11-20", "cash", std::nullopt, {}, ""},
                           kTreasurer)
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksWithRecipientsTest, HandingOutGoodsReducesStockWithTheValueItCarried) {
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

TEST_F(BooksWithRecipientsTest, ReversingGoodsRestoresOrRemovesStock) {
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

}  // namespace
}  // namespace aidledger::books_test
