// The books' replay (books_replay.h) holds the books' reading of each
// movement to the chain's (facts.h): one definition of what moved.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "ledger/base/json_doc.h"
#include "ledger/chain/facts.h"
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

// Every entry of the ledger at `path` with the movement the chain derives
// from its bytes. The Fact's views point into `canonical`, kept beside it.
struct ReadEntry {
  std::string canonical;
  Entry entry;
  std::optional<Fact> fact;
};

std::vector<ReadEntry> ReadAll(const std::string& path) {
  std::vector<ReadEntry> out;
  auto reader = SqliteLedgerReader::Open(path);
  EXPECT_TRUE(reader.ok());
  const int64_t size = (*reader)->GetHead()->size;
  out.reserve(static_cast<size_t>(size));
  for (int64_t seq = 1; seq <= size; ++seq) {
    out.push_back(ReadEntry{(*reader)->GetEntry(seq)->canonical, {}, {}});
  }
  return out;
}

// Replays `entries`, deriving each fact from its bytes and letting `change`
// alter it first; the first refusal, or OK.
template <typename Change>
Status Replay(std::vector<ReadEntry>& entries, Change change) {
  auto replay = BooksReplay()();
  for (ReadEntry& e : entries) {
    JsonDoc doc;
    EntryFields fields;
    EXPECT_TRUE(ParseCanonicalDoc(e.canonical, &doc).ok());
    EXPECT_TRUE(ReadEntryFields(doc, &fields).ok());
    std::optional<Fact> fact = DeriveFact(doc, fields);
    change(fields.seq, fact);
    Status s = replay->Apply(EntryFromFields(doc, fields), fact);
    if (!s.ok()) return Status(s.code(), "seq " + std::to_string(fields.seq) + ": " + s.message());
  }
  return Status::Ok();
}

class BooksReplayTest : public BooksTest {
 protected:
  void SetUp() override {
    BooksTest::SetUp();
    auto gift = books_->RecordDonation(Cash("500.00"), kTreasurer);
    ASSERT_TRUE(gift.ok());
    gift_ = gift->entry.seq;
    TransferInput t{"GENERAL", "STUDENT_AID", "20.00", "CNY", "2026-03-02", "top up", std::nullopt};
    ASSERT_TRUE(books_
                    ->RecordDonation(
                        [] {
                          DonationInput d = Cash("100.00");
                          d.fund = "GENERAL";
                          return d;
                        }(),
                        kTreasurer)
                    .ok());
    auto transfer = books_->Transfer(t, kTreasurer);
    ASSERT_TRUE(transfer.ok()) << transfer.status().ToString();
    transfer_ = transfer->seq;
  }
  int64_t gift_ = 0;
  int64_t transfer_ = 0;
};

TEST_F(BooksReplayTest, EveryMovementOfTheBooksIsTheChainsFact) {
  std::vector<ReadEntry> entries = ReadAll(path_);
  EXPECT_TRUE(Replay(entries, [](int64_t, std::optional<Fact>&) {}).ok());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksReplayTest, AMovementTheChainReadsOtherwiseIsRefused) {
  std::vector<ReadEntry> entries = ReadAll(path_);
  const auto refused_at = [&](auto change) {
    Status s = Replay(entries, change);
    EXPECT_EQ(s.code(), ErrorCode::kCorrupt) << s.ToString();
    return s.message();
  };
  const std::string at_gift = "seq " + std::to_string(gift_) + ":";
  const std::string at_transfer = "seq " + std::to_string(transfer_) + ":";
  EXPECT_EQ(refused_at([&](int64_t seq, std::optional<Fact>& f) {
              if (seq == gift_) f->amount_minor += 1;
            }).rfind(at_gift, 0),
            0u);
  EXPECT_EQ(refused_at([&](int64_t seq, std::optional<Fact>& f) {
              if (seq == gift_) f->fund = "GENERAL";
            }).rfind(at_gift, 0),
            0u);
  EXPECT_EQ(refused_at([&](int64_t seq, std::optional<Fact>& f) {
              if (seq == gift_) f->business_date = "2026-03-02";
            }).rfind(at_gift, 0),
            0u);
  EXPECT_EQ(refused_at([&](int64_t seq, std::optional<Fact>& f) {
              if (seq == gift_) f->nature = "goods";
            }).rfind(at_gift, 0),
            0u);
  EXPECT_EQ(refused_at([&](int64_t seq, std::optional<Fact>& f) {
              if (seq == gift_) f.reset();  // the chain says nothing moved
            }).rfind(at_gift, 0),
            0u);
  EXPECT_EQ(refused_at([&](int64_t seq, std::optional<Fact>& f) {
              if (seq == transfer_) f->counter_fund = "";
            }).rfind(at_transfer, 0),
            0u);
  EXPECT_EQ(refused_at([&](int64_t seq, std::optional<Fact>& f) {
              if (seq == transfer_) f->amount_minor = -f->amount_minor;
            }).rfind(at_transfer, 0),
            0u);
  // An entry that moves nothing in the books (the fund's opening) which the
  // chain read as a movement.
  EXPECT_EQ(refused_at([&](int64_t seq, std::optional<Fact>& f) {
              if (seq == 2) {
                f = Fact{.fund = "STUDENT_AID",
                         .counter_fund = "",
                         .nature = "cash",
                         .currency = "CNY",
                         .amount_minor = 1,
                         .business_date = "2026-03-01"};
              }
            }).rfind("seq 2:", 0),
            0u);
}

}  // namespace
}  // namespace aidledger::books_test
