// Property test: random sequences of valid and invalid operations keep every
// invariant of the books, and the projection replayed from the chain equals
// the live one.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "ledger/books/books.h"
#include "ledger/books/books_replay.h"
#include "ledger/books/money.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/random_books.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::TempDir;

using testing::RandomBooks;
const Actor kAdmin = RandomBooks::kAdmin;

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
  for (const Cost& c : s.costs()) {
    out["cost " + std::to_string(c.seq)] = c.category + " " + c.fund + " " +
                                           std::to_string(c.minor) + " " + c.payee + " " +
                                           c.voucher + " " + std::to_string(c.reversed_by);
  }
  out["#cost_exempt_below"] = std::to_string(s.cost_exempt_below());
  for (const auto& [code, a] : s.accounts()) {
    std::string d = a.type + " " + a.number_tail;
    for (const auto& [cur, minor] : a.cash) d += " " + cur + ":" + std::to_string(minor);
    out["account " + code] = d;
  }
  out["#account_transfers"] = std::to_string(s.account_transfers().size());
  out["#opening"] = s.opening_date();
  for (const Income& i : s.incomes()) {
    out["income " + std::to_string(i.seq)] = i.category + " " + i.fund + " " +
                                             std::to_string(i.minor) + " " +
                                             std::to_string(i.reversed_by);
  }
  return out;
}

void ExpectInvariants(const BooksState& s) {
  // Costs: four eyes unless exempt; a restricted fund pays only programme
  // costs; one voucher of a payee pays one cost not reversed.
  std::set<std::string> vouchers;
  for (const Cost& c : s.costs()) {
    ASSERT_GT(c.minor, 0) << c.seq;
    ASSERT_NE(c.proposer.id, c.recorder.id) << c.seq;
    if (c.proposer.id.empty()) {
      ASSERT_LT(c.minor, 50'000) << c.seq;  // the largest exemption RandomBooks sets
    }
    if (s.funds().at(c.fund).restricted) {
      ASSERT_EQ(c.category, "program") << c.seq;
    }
    if (c.reversed_by == 0) {
      ASSERT_TRUE(vouchers.insert(c.payee + "\n" + c.voucher).second) << c.seq;
    }
  }
  // The books begin on their opening day: no fact before it, every opening
  // balance of it.
  if (!s.opening_date().empty()) {
    const int32_t first = std::stoi(s.opening_date().substr(0, 4) + s.opening_date().substr(5, 2) +
                                    s.opening_date().substr(8, 2));
    for (const FactRow& f : s.fact_rows()) {
      ASSERT_GE(f.date, first) << f.seq;
      if (f.kind == FactKind::kOpening) {
        ASSERT_EQ(f.date, first) << f.seq;
      }
    }
  }
  for (const auto& [id, g] : s.grants()) {
    ASSERT_LE(g.paid_minor, g.approved_minor) << id;
    ASSERT_GE(g.paid_minor, 0) << id;
    if (g.state == Grant::State::kApproved) {
      ASSERT_GE(static_cast<int>(g.approvers.size()), g.approvals_required) << id;
    }
    for (const auto& a : g.approvers) ASSERT_NE(a, g.proposer) << id;
  }
  // Money sits in accounts: none below zero, and together they hold what
  // the funds hold, currency by currency.
  std::map<std::string, int64_t> in_accounts, in_funds;
  for (const auto& [code, a] : s.accounts()) {
    for (const auto& [cur, minor] : a.cash) {
      ASSERT_GE(minor, 0) << code;
      in_accounts[cur] += minor;
    }
  }
  for (const auto& [code, f] : s.funds()) {
    for (const auto& [cur, minor] : f.cash) in_funds[cur] += minor;
  }
  std::erase_if(in_accounts, [](const auto& kv) { return kv.second == 0; });
  std::erase_if(in_funds, [](const auto& kv) { return kv.second == 0; });
  ASSERT_EQ(in_accounts, in_funds);
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
  // Service records: in order, possible, and withdrawn only by a later entry.
  int64_t last = 0;
  for (const ServiceRecord& r : s.services()) {
    ASSERT_GT(r.seq, last);
    last = r.seq;
    ASSERT_GE(r.volunteers, 1);
    ASSERT_GE(r.minutes, 1);
    ASSERT_LE(r.minutes, r.volunteers * 1440);
    ASSERT_TRUE(r.withdrawn_by == 0 || r.withdrawn_by > r.seq);
    ASSERT_LE(r.withdrawn_by, s.size());
  }
}

TEST(BooksPropertyTest, RandomOperationsKeepEveryInvariant) {
  // Over the seeds: costs recorded by two people, and by one under the exemption.
  int64_t costs_by_two = 0, costs_by_one = 0;
  int64_t opening_lines = 0;
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
    if (seed != 2) {
      // Books that began with opening balances (seed 2's begin without).
      auto opening = (*books)->ProposeOpening(
          {"2026-01-05",
           {{"FUND_A", "CASH", "500.00", "CNY"}, {"FUND_B", "BANK", "8000.00", "CNY"}},
           "statement"},
          RandomBooks::kTreasurer);
      ASSERT_TRUE(opening.ok()) << opening.status().ToString();
      size_t failed = 0;
      ASSERT_TRUE((*books)->RecordOpening(opening->seq, RandomBooks::kTreasurer2, &failed).ok());
    }
    RandomBooks random(books->get(), seed);
    std::vector<int64_t> movers;
    int accepted = 0, refused = 0;
    for (int step = 0; step < 900; ++step) {
      const int64_t before = (*store)->GetHead()->size;
      const Status outcome = random.Step(before, &movers);
      const int64_t after = (*store)->GetHead()->size;
      // A refusal writes nothing; an acceptance writes exactly one entry
      // (an opening's record, one a line).
      ASSERT_EQ(after - before, outcome.ok() ? 1 + random.TakeExtraEntries() : 0)
          << outcome.ToString();
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
    // Costs were recorded, by two people and by one under the exemption.
    const auto two = std::count_if(live->costs().begin(), live->costs().end(),
                                   [](const Cost& c) { return !c.proposer.id.empty(); });
    costs_by_two += two;
    costs_by_one += static_cast<int64_t>(live->costs().size()) - two;
    EXPECT_GE(live->incomes().size(), 3u);
    opening_lines += std::count_if(live->fact_rows().begin(), live->fact_rows().end(),
                                   [](const FactRow& f) { return f.kind == FactKind::kOpening; });
    // Money moved between accounts, into one opened on the way too.
    EXPECT_GT(live->account_transfers().size(), 5u);
    EXPECT_TRUE(live->accounts().count("SAVINGS"));
    // The projection rebuilt from the chain equals the live one.
    auto replayed = Books::Open(store->get());
    ASSERT_TRUE(replayed.ok());
    EXPECT_EQ(Describe(*(*replayed)->Snapshot()), Describe(*live));
    EXPECT_TRUE(VerifyWithBooks(path).ok);
  }
  EXPECT_GT(costs_by_two, 9);
  // Beyond the two seeds' first openings (two lines each), corrections of
  // them were recorded on the way.
  EXPECT_GT(opening_lines, 4);
  EXPECT_GT(costs_by_one, 0);
}

}  // namespace
}  // namespace aidledger
