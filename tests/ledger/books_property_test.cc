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

// Everything the state says, in one comparable form.
std::map<std::string, std::string> Describe(const BooksState& s) {
  std::map<std::string, std::string> out;
  for (const auto& [code, f] : s.funds()) {
    std::string d = f.open ? "open" : "closed";
    for (const auto& [cur, minor] : f.balance) d += " " + cur + ":" + std::to_string(minor);
    out[code] = d;
  }
  out["#size"] = std::to_string(s.size());
  out["#next2026"] = s.NextReceipt(2026);
  out["#next2027"] = s.NextReceipt(2027);
  out["#closed"] = s.closed_through();
  return out;
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
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const std::vector<std::string> codes = {"FUND_A", "FUND_B", "FUND_C", "NO_SUCH"};
    std::vector<int64_t> gifts;
    for (const char* c : {"FUND_A", "FUND_B"}) {
      ASSERT_TRUE((*books)->OpenFund({c, "基金", "Fund", false, ""}, kAdmin).ok());
    }
    int accepted = 0, refused = 0;
    for (int step = 0; step < 400; ++step) {
      const int64_t before = (*store)->GetHead()->size;
      Status outcome;
      const int op = pick(20);
      if (op == 0) {
        // Now and then a restricted fund without a purpose: refused.
        const std::string& c = codes[static_cast<size_t>(pick(3))];
        const bool restricted = pick(2) == 0;
        const std::string purpose = restricted && pick(3) != 0 ? "a purpose" : "";
        outcome = (*books)->OpenFund({c, "基金", "Fund", restricted, purpose}, kAdmin).status();
      } else if (op == 1) {
        // Mostly FUND_C or a fund that does not exist, so that gifts go on.
        const size_t which =
            pick(10) == 0 ? static_cast<size_t>(pick(2)) : 2 + static_cast<size_t>(pick(2));
        outcome = (*books)->CloseFund(codes[which], "done", kAdmin).status();
      } else if (op == 2) {
        // Early months, in order or not, some twice: the repeats are refused.
        const int month = 1 + pick(4);
        outcome = (*books)->ClosePeriod("2026-0" + std::to_string(month), kAdmin).status();
      } else if (op == 3) {
        // Aid: enrol, propose, decide (sometimes by the proposer: refused), pay
        // (sometimes more than is left or than the fund holds: refused).
        const Actor coordinator{pick(2) == 0 ? "u-c1" : "u-c2", "coordinator"};
        const auto state = (*books)->Snapshot();
        const int enrolled = std::stoi(state->NextRecipientId().substr(2)) - 1;
        const int what = pick(4);
        if (what == 0 || enrolled == 0) {
          outcome = (*books)
                        ->EnrolRecipient("student", Sha256::Of(std::to_string(step)), coordinator)
                        .status();
        } else if (what == 1 || state->grants().empty()) {
          const std::string recipient = "R-00000" + std::to_string(1 + pick(std::min(enrolled, 9)));
          outcome = (*books)
                        ->ProposeGrant(recipient, codes[static_cast<size_t>(pick(4))],
                                       FormatAmount(1 + pick(2'000'000), "CNY"), "aid", "2026",
                                       coordinator)
                        .status();
        } else {
          auto it = state->grants().begin();
          std::advance(it, pick(static_cast<int>(state->grants().size())));
          if (what == 2) {
            outcome = (*books)->DecideGrant(it->first, pick(4) != 0, "", coordinator).status();
          } else {
            const int64_t left = it->second.approved_minor - it->second.paid_minor;
            const int64_t pay = pick(3) == 0 ? left + 1
                                             : 1 + pick(static_cast<int>(std::clamp<int64_t>(
                                                       left, int64_t{1}, int64_t{1'000'000})));
            outcome = (*books)
                          ->PayGrant(it->first, FormatAmount(pay, "CNY"), "2026-08-08", "cash",
                                     std::nullopt, kTreasurer)
                          .status();
          }
        }
      } else if (op <= 5) {
        const int64_t target =
            gifts.empty() || pick(4) == 0
                ? 1 + pick(static_cast<int>(before))
                : gifts[static_cast<size_t>(pick(static_cast<int>(gifts.size())))];
        const char* date = pick(2) == 0 ? "2026-06-01" : "2027-02-01";
        outcome = (*books)->Reverse(target, "correction", date, kTreasurer).status();
      } else {
        DonationInput d;
        d.fund = pick(8) == 0 ? "NO_SUCH" : codes[static_cast<size_t>(pick(3))];
        const int64_t fen = pick(8) == 0 ? -pick(100) : 1 + pick(1'000'000);
        d.amount = FormatAmount(fen, "CNY");
        d.channel = pick(10) == 0 ? "cheque" : (pick(2) == 0 ? "cash" : "alipay");
        static const char* kDates[] = {"2026-02-10", "2026-05-20", "2026-09-01", "2026-12-24",
                                       "2027-01-15"};
        d.date = kDates[pick(5)];
        if (d.channel != "cash") d.external_ref = "REF-" + std::to_string(pick(400));
        auto r = (*books)->RecordDonation(d, kTreasurer);
        outcome = r.status();
        if (r.ok()) gifts.push_back(r->entry.seq);
      }
      const int64_t after = (*store)->GetHead()->size;
      // A refusal writes nothing; an acceptance writes exactly one entry.
      ASSERT_EQ(after - before, outcome.ok() ? 1 : 0) << outcome.ToString();
      (outcome.ok() ? accepted : refused)++;
      // No fund below zero; never more paid than approved.
      const auto now = (*books)->Snapshot();
      ASSERT_TRUE(now.ok());
      for (const auto& [id, g] : now->grants()) {
        ASSERT_LE(g.paid_minor, g.approved_minor) << id;
        ASSERT_GE(g.paid_minor, 0) << id;
      }
      for (const auto& [code, f] : now->funds()) {
        for (const auto& [cur, minor] : f.balance) ASSERT_GE(minor, 0) << code;
      }
    }
    EXPECT_GT(accepted, 50);
    EXPECT_GT(refused, 30);

    // Balances equal the sum of their entries' verified fact columns.
    auto live = (*books)->Snapshot();
    ASSERT_TRUE(live.ok());
    testing::RawDb raw(path);
    for (const auto& [code, f] : live->funds()) {
      const std::string sum = raw.QueryBlob(
          "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS TEXT) FROM entries WHERE fund = '" + code +
          "'");
      const int64_t balance = f.balance.count("CNY") ? f.balance.at("CNY") : 0;
      EXPECT_EQ(sum, std::to_string(balance)) << code;
    }
    // Receipt numbers of each year run 1, 2, 3, ... without a gap.
    auto reader = SqliteLedgerReader::Open(path);
    std::map<std::string, int64_t> last;
    ASSERT_TRUE((*reader)
                    ->Scan(1, INT64_MAX,
                           [&](const StoredEntry& e) {
                             auto entry = DecodeEntry(e.canonical);
                             if (entry->kind != kinds::kDonationRecorded) return true;
                             const std::string r = entry->payload.Find("receipt")->as_string();
                             const std::string year = r.substr(0, 4);
                             EXPECT_EQ(std::stoll(r.substr(5)), ++last[year]) << r;
                             return true;
                           })
                    .ok());
    // The projection rebuilt from the chain equals the live one.
    auto replayed = Books::Open(store->get());
    ASSERT_TRUE(replayed.ok());
    EXPECT_EQ(Describe(*(*replayed)->Snapshot()), Describe(*live));
    EXPECT_TRUE(VerifyDatabase(path).ok);
  }
}

}  // namespace
}  // namespace aidledger
