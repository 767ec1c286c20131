// Property test: random sequences of valid and invalid operations keep every
// invariant of the books, and the projection replayed from the chain equals
// the live one.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "ledger/books.h"
#include "ledger/money.h"
#include "ledger/verify.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::TempDir;

const Actor kTreasurer{"u-t", "treasurer"};
const Actor kAdmin{"u-a", "admin"};

Books::Committer Committing(const std::string& record) {
  return [record](const std::string& id) -> Result<Hash32> { return Sha256::Of(id, record); };
}

// Everything the state says, in one comparable form.
std::map<std::string, std::string> Describe(const BooksState& s) {
  std::map<std::string, std::string> out;
  for (const auto& [code, f] : s.funds()) {
    std::string d = f.open ? "open" : "closed";
    for (const auto& [cur, minor] : f.cash) d += " cash " + cur + ":" + std::to_string(minor);
    for (const auto& [cur, minor] : f.goods) d += " goods " + cur + ":" + std::to_string(minor);
    for (const auto& [key, line] : f.stock) {
      d += " stock " + key + ":" + std::to_string(line.quantity) + "/" +
           std::to_string(line.value_minor);
    }
    out[code] = d;
  }
  for (const auto& [id, g] : s.grants()) {
    out[id] = std::to_string(static_cast<int>(g.state)) + " " + std::to_string(g.paid_minor) + "/" +
              std::to_string(g.approved_minor) + " by " + std::to_string(g.approvers.size());
  }
  out["#size"] = std::to_string(s.size());
  out["#next2026"] = s.NextReceipt(2026);
  out["#next2027"] = s.NextReceipt(2027);
  out["#closed"] = s.closed_through();
  out["#corrections"] = std::to_string(s.corrections().size());
  out["#approvals"] = std::to_string(s.approvals_required());
  return out;
}

class RandomBooks {
 public:
  RandomBooks(Books* books, uint32_t seed) : books_(books), rng_(seed) {}

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string Fund() { return kCodes[static_cast<size_t>(Pick(4))]; }
  std::string Date() {
    static const char* kDates[] = {"2026-02-10", "2026-05-20", "2026-09-01", "2026-12-24",
                                   "2027-01-15"};
    return kDates[Pick(5)];
  }
  std::string Item() { return Pick(2) == 0 ? "coat" : "rice"; }

  // One random operation; its outcome.
  Status Step(int64_t size, std::vector<int64_t>* movers) {
    const Actor coordinator{Pick(3) == 0 ? "u-c1" : (Pick(2) == 0 ? "u-c2" : "u-c3"),
                            "coordinator"};
    const auto state = books_->Snapshot();
    if (!state.ok()) return state.status();
    switch (Pick(16)) {
      case 0: {
        // A restricted fund sometimes without its purpose or categories: refused.
        const bool restricted = Pick(2) == 0;
        FundSpec spec{Fund(), "基金", "Fund", restricted, restricted && Pick(4) != 0 ? "aid" : "",
                      {}};
        if (restricted && Pick(4) != 0) spec.serves = {"student"};
        return books_->OpenFund(spec, kAdmin).status();
      }
      case 1:
        // Mostly FUND_C or a fund that does not exist, so that gifts go on.
        return books_
            ->CloseFund(Pick(8) == 0 ? "FUND_A" : (Pick(2) == 0 ? "FUND_C" : "NO_SUCH"), "done",
                        kAdmin)
            .status();
      case 2: {
        // Early months, in order or not, some twice: the repeats are refused.
        return books_->ClosePeriod("2026-0" + std::to_string(1 + Pick(4)), kAdmin).status();
      }
      case 3:
        return books_
            ->EnrolRecipient(Pick(3) == 0 ? "household" : "student",
                             Committing(std::to_string(size)), coordinator)
            .status();
      case 4: {
        const int enrolled = std::stoi(state->NextRecipientId().substr(2)) - 1;
        const std::string recipient =
            "R-00000" + std::to_string(1 + Pick(std::clamp(enrolled, 1, 9)));
        return books_
            ->ProposeGrant(
                {recipient, Fund(), FormatAmount(1 + Pick(2'000'000), "CNY"), "CNY", "aid", "2026"},
                coordinator)
            .status();
      }
      case 5:
      case 6: {
        if (state->grants().empty())
          return books_->SetApprovalsRequired(1 + Pick(3), kAdmin).status();
        auto it = state->grants().begin();
        std::advance(it, Pick(static_cast<int>(state->grants().size())));
        if (Pick(2) == 0)
          return books_->DecideGrant(it->first, Pick(5) != 0, "", coordinator).status();
        const int64_t left = it->second.approved_minor - it->second.paid_minor;
        const int64_t pay = Pick(3) == 0 ? left + 1
                                         : 1 + Pick(static_cast<int>(std::clamp<int64_t>(
                                                   left, int64_t{1}, int64_t{1'000'000})));
        auto r = books_->PayGrant(it->first, FormatAmount(pay, "CNY"), Date(), "cash", std::nullopt,
                                  kTreasurer);
        if (r.ok()) movers->push_back(r->seq);
        return r.status();
      }
      case 7: {
        TransferInput t{Fund(),      Fund(), FormatAmount(1 + Pick(500'000), "CNY"),
                        "CNY",       Date(), "rebalance",
                        std::nullopt};
        if (Pick(2) == 0) t.release = "donor's letter";
        auto r = books_->Transfer(t, Pick(2) == 0 ? kAdmin : kTreasurer);
        if (r.ok()) movers->push_back(r->seq);
        return r.status();
      }
      case 8: {
        GoodsDonationInput g;
        g.fund = Fund();
        g.date = Date();
        const bool valued = Pick(3) != 0;
        g.items = {{Item(), 1 + Pick(50), "pcs", valued ? "fair_value" : "unvalued",
                    valued ? FormatAmount(1 + Pick(100'000), "CNY") : "0"}};
        g.received_by = "a";
        g.checked_by = Pick(8) == 0 ? "a" : "b";
        auto r = books_->RecordGoodsDonation(g, kTreasurer);
        if (r.ok()) movers->push_back(r->entry.seq);
        return r.status();
      }
      case 9: {
        const int enrolled = std::stoi(state->NextRecipientId().substr(2)) - 1;
        HandOutInput h;
        h.fund = Fund();
        h.recipient = "R-00000" + std::to_string(1 + Pick(std::clamp(enrolled, 1, 9)));
        h.date = Date();
        h.items = {{Item(), 1 + Pick(30), "pcs", "", ""}};
        auto r = books_->HandOutGoods(h, Pick(2) == 0 ? coordinator : kTreasurer);
        if (r.ok()) movers->push_back(r->seq);
        return r.status();
      }
      case 10:
      case 11: {
        const int64_t target =
            movers->empty() || Pick(4) == 0
                ? 1 + Pick(static_cast<int>(size))
                : (*movers)[static_cast<size_t>(Pick(static_cast<int>(movers->size())))];
        return books_
            ->Reverse(target, "correction", Pick(2) == 0 ? "2026-06-01" : "2027-02-01", kTreasurer)
            .status();
      }
      default: {
        DonationInput d;
        d.fund = Pick(8) == 0 ? "NO_SUCH" : kCodes[static_cast<size_t>(Pick(3))];
        const int64_t fen = Pick(8) == 0 ? -Pick(100) : 1 + Pick(1'000'000);
        d.amount = FormatAmount(fen, "CNY");
        d.channel = Pick(10) == 0 ? "cheque" : (Pick(2) == 0 ? "cash" : "alipay");
        d.date = Date();
        if (d.channel != "cash") d.external_ref = "REF-" + std::to_string(Pick(400));
        auto r = books_->RecordDonation(d, kTreasurer);
        if (r.ok()) movers->push_back(r->entry.seq);
        return r.status();
      }
    }
  }

 private:
  static inline const std::vector<std::string> kCodes = {"FUND_A", "FUND_B", "FUND_C", "NO_SUCH"};
  Books* books_;
  std::mt19937 rng_;
};

void ExpectInvariants(const BooksState& s) {
  for (const auto& [id, g] : s.grants()) {
    ASSERT_LE(g.paid_minor, g.approved_minor) << id;
    ASSERT_GE(g.paid_minor, 0) << id;
    if (g.state == Grant::State::kApproved) {
      ASSERT_GE(static_cast<int>(g.approvers.size()), g.approvals_required) << id;
    }
    for (const auto& a : g.approvers) ASSERT_NE(a, g.proposer) << id;
  }
  for (const auto& [code, f] : s.funds()) {
    for (const auto& [cur, minor] : f.cash) ASSERT_GE(minor, 0) << code;
    int64_t stock_value = 0;
    for (const auto& [key, line] : f.stock) {
      ASSERT_GE(line.quantity, 0) << code << " " << key;
      ASSERT_GE(line.value_minor, 0) << code << " " << key;
      stock_value += line.value_minor;
    }
    // The goods a fund holds are worth what its goods balance says.
    const int64_t goods = f.goods.count("CNY") ? f.goods.at("CNY") : 0;
    ASSERT_EQ(goods, stock_value) << code;
  }
}

TEST(BooksPropertyTest, RandomOperationsKeepEveryInvariant) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    TempDir dir;
    const std::string path = dir.File("p.db");
    auto store = LedgerStore::Create(path, GenesisParams{NewLedgerId(), "p"});
    ASSERT_TRUE(store.ok());
    auto books = Books::Open(store->get());
    ASSERT_TRUE(books.ok());
    ASSERT_TRUE((*books)->OpenFund({"FUND_A", "基金", "Fund", false, "", {}}, kAdmin).ok());
    ASSERT_TRUE(
        (*books)
            ->OpenFund({"FUND_B", "助学", "Aid", true, "aid", {"student", "household"}}, kAdmin)
            .ok());
    RandomBooks random(books->get(), seed);
    std::vector<int64_t> movers;
    int accepted = 0, refused = 0;
    for (int step = 0; step < 600; ++step) {
      const int64_t before = (*store)->GetHead()->size;
      const Status outcome = random.Step(before, &movers);
      const int64_t after = (*store)->GetHead()->size;
      // A refusal writes nothing; an acceptance writes exactly one entry.
      ASSERT_EQ(after - before, outcome.ok() ? 1 : 0) << outcome.ToString();
      (outcome.ok() ? accepted : refused)++;
      const auto now = (*books)->Snapshot();
      ASSERT_TRUE(now.ok());
      ExpectInvariants(*now);
    }
    EXPECT_GT(accepted, 100);
    EXPECT_GT(refused, 50);

    // Balances equal the sum of their entries' verified fact columns: a
    // fact's amount in its fund, the opposite in its counter fund.
    auto live = (*books)->Snapshot();
    ASSERT_TRUE(live.ok());
    testing::RawDb raw(path);
    for (const auto& [code, f] : live->funds()) {
      for (const char* nature : {"cash", "goods"}) {
        const std::string sum = raw.QueryBlob(
            "SELECT CAST(COALESCE((SELECT SUM(amount_minor) FROM entries WHERE fund = '" + code +
            "' AND nature = '" + nature +
            "'), 0) - COALESCE((SELECT SUM(amount_minor) FROM entries WHERE counter_fund = '" +
            code + "' AND nature = '" + nature + "'), 0) AS TEXT)");
        const auto& held = std::string(nature) == "cash" ? f.cash : f.goods;
        const int64_t balance = held.count("CNY") ? held.at("CNY") : 0;
        EXPECT_EQ(sum, std::to_string(balance)) << code << " " << nature;
      }
    }
    // Receipt numbers of each year run 1, 2, 3, ... without a gap, over
    // gifts in cash and in kind.
    auto reader = SqliteLedgerReader::Open(path);
    std::map<std::string, int64_t> last;
    int goods_gifts = 0;
    ASSERT_TRUE((*reader)
                    ->Scan(1, INT64_MAX,
                           [&](const StoredEntry& e) {
                             auto entry = DecodeEntry(e.canonical);
                             if (entry->kind != kinds::kDonationRecorded &&
                                 entry->kind != kinds::kDonationInKind) {
                               return true;
                             }
                             goods_gifts += entry->kind == kinds::kDonationInKind;
                             const std::string r = entry->payload.Find("receipt")->as_string();
                             EXPECT_EQ(std::stoll(r.substr(5)), ++last[r.substr(0, 4)]) << r;
                             return true;
                           })
                    .ok());
    EXPECT_GT(goods_gifts, 5);
    // The projection rebuilt from the chain equals the live one.
    auto replayed = Books::Open(store->get());
    ASSERT_TRUE(replayed.ok());
    EXPECT_EQ(Describe(*(*replayed)->Snapshot()), Describe(*live));
    EXPECT_TRUE(VerifyDatabase(path).ok);
  }
}

}  // namespace
}  // namespace aidledger
