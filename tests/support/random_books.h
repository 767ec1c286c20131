// RandomBooks: random operations on the books, valid and invalid (wrong
// roles, unknown funds, amounts beyond what a fund holds, ...), for the
// property tests of the books and of the reports. Deterministic per seed.
#ifndef AIDLEDGER_TESTS_SUPPORT_RANDOM_BOOKS_H_
#define AIDLEDGER_TESTS_SUPPORT_RANDOM_BOOKS_H_

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "ledger/base/hash.h"
#include "ledger/books/books.h"
#include "ledger/books/money.h"

namespace aidledger::testing {

class RandomBooks {
 public:
  static inline const Actor kTreasurer{"u-t", "treasurer"};
  static inline const Actor kAdmin{"u-a", "admin"};
  static inline const Actor kTreasurer2{"u-t2", "treasurer"};
  static Books::Committer Committing(const std::string& record) {
    return [record](const std::string& id) -> Result<Hash32> { return Sha256::Of(id, record); };
  }

  RandomBooks(Books* books, uint32_t seed) : books_(books), rng_(seed) {}

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string Fund() { return kCodes[static_cast<size_t>(Pick(4))]; }
  std::string Date() {
    static const char* kDates[] = {"2026-02-10", "2026-05-20", "2026-09-01", "2026-12-24",
                                   "2027-01-15"};
    return kDates[Pick(5)];
  }
  std::string Item() { return Pick(2) == 0 ? "coat" : "rice"; }
  // Mostly none (the channel's default account); else a default, an opened
  // account, or one never opened (refused).
  std::string Account() {
    static const char* kAccounts[] = {"CASH", "BANK", "ALIPAY", "SAVINGS", "NO_SUCH"};
    return Pick(2) == 0 ? "" : kAccounts[Pick(5)];
  }

  // Opening balances: a waiting proposal recorded (by the other treasurer
  // mostly; by its proposer, refused), or one proposed of one of two days
  // (one after money dated earlier, or of a day other than the books'
  // first: refused), some lines negative (a correction: refused beyond what
  // is held).
  Status Opening(const BooksState& state, std::vector<int64_t>* movers) {
    for (const auto& [seq, p] : state.proposals()) {
      if (p.kind != kinds::kOpeningProposed || Pick(3) == 0) continue;
      size_t failed = 0;
      auto r = books_->RecordOpening(seq, Pick(4) == 0 ? kTreasurer : kTreasurer2, &failed);
      if (r.ok()) {
        for (const AppendedEntry& e : *r) movers->push_back(e.seq);  // not reversible: refused
        extra_entries_ += static_cast<int64_t>(r->size()) - 1;
      }
      return r.status();
    }
    OpeningInput in;
    // The first of Date()'s days or one before it, so that the books go on
    // after an opening (an opening of a later day would refuse the
    // earlier days' entries from then on).
    in.date = Pick(2) == 0 ? "2026-01-05" : "2026-02-10";
    in.memo = "statement";
    const int lines = 1 + Pick(3);
    for (int i = 0; i < lines; ++i) {
      const int64_t fen = Pick(6) == 0 ? -(1 + Pick(10'000)) : 1 + Pick(1'000'000);
      std::string account = Account();
      if (account.empty()) account = Pick(2) == 0 ? "CASH" : "BANK";
      in.lines.push_back(
          {kCodes[static_cast<size_t>(Pick(3))], account, FormatAmount(fen, "CNY"), "CNY"});
    }
    return books_->ProposeOpening(in, kTreasurer).status();
  }

  // A cost: a waiting proposal recorded (by the other treasurer mostly; by
  // its proposer, refused), a new one proposed (by a coordinator or a
  // treasurer), or one recorded at once by one treasurer (refused unless
  // under the exemption, which an admin now and then sets); some with a
  // restricted fund's administrative cost, a voucher recorded before, a
  // payment without its reference or more than the fund holds: refused.
  Status Cost(const BooksState& state, const Actor& coordinator, std::vector<int64_t>* movers) {
    if (Pick(8) == 0) {
      return books_->SetPolicy("cost_exempt_below", Pick(4) == 0 ? 0 : 50'000, kAdmin).status();
    }
    std::vector<int64_t> waiting;
    for (const auto& [seq, p] : state.proposals()) {
      if (p.kind == kinds::kCostProposed) waiting.push_back(seq);
    }
    if (!waiting.empty() && Pick(2) == 0) {
      const int64_t seq = waiting[static_cast<size_t>(Pick(static_cast<int>(waiting.size())))];
      std::optional<std::string> ref;
      if (Pick(6) != 0) ref = "PAY-" + std::to_string(Pick(400));
      auto r = books_->ConfirmCost(seq, {ref, ""}, Pick(4) == 0 ? kTreasurer : kTreasurer2);
      if (r.ok()) movers->push_back(r->seq);
      return r.status();
    }
    static const char* kCategories[] = {"program", "admin", "fundraising", "other"};
    CostInput c;
    c.category = kCategories[Pick(4)];
    c.fund = Pick(8) == 0 ? "NO_SUCH" : kCodes[static_cast<size_t>(Pick(3))];
    c.amount = FormatAmount(1 + (Pick(2) == 0 ? Pick(40'000) : Pick(400'000)), "CNY");
    c.payee = Pick(2) == 0 ? "运输公司" : "印刷厂";
    c.voucher = "INV-" + std::to_string(Pick(60));
    c.purpose = "transport";
    c.date = Date();
    c.channel = Pick(2) == 0 ? "cash" : "bank_transfer";
    c.account = Account();
    if (c.channel != "cash" && Pick(6) != 0) c.external_ref = "PAY-" + std::to_string(Pick(400));
    if (Pick(3) == 0) {
      auto r = books_->RecordCost(c, kTreasurer);
      if (r.ok()) movers->push_back(r->seq);
      return r.status();
    }
    return books_->ProposeCost(c, Pick(2) == 0 ? coordinator : kTreasurer).status();
  }

  // One random operation; its outcome.
  Status Step(int64_t size, std::vector<int64_t>* movers) {
    const Actor coordinator{Pick(3) == 0 ? "u-c1" : (Pick(2) == 0 ? "u-c2" : "u-c3"),
                            "coordinator"};
    const auto state = books_->Snapshot();
    if (!state.ok()) return state.status();
    switch (Pick(20)) {
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
        // A proposal is confirmed or rejected by one of two people (the
        // proposer's confirmation is refused); else a close of an early
        // month is proposed, in order or not, some twice (refused), or now
        // and then the latest closed period's reopening.
        const Actor& someone = Pick(2) == 0 ? kAdmin : kTreasurer;
        if (!state->proposals().empty() && Pick(3) != 0) {
          auto it = state->proposals().begin();
          std::advance(it, Pick(static_cast<int>(state->proposals().size())));
          if (Pick(8) == 0) return books_->RejectProposal(it->first, "not yet", someone).status();
          if (it->second.kind == kinds::kReversalProposed) {
            return books_
                ->ConfirmReversal(it->first, Pick(2) == 0 ? "2026-06-01" : "2027-02-01", someone)
                .status();
          }
          return (it->second.kind == kinds::kPeriodCloseProposed
                      ? books_->ConfirmClose(it->first, someone)
                      : books_->ConfirmReopen(it->first, someone))
              .status();
        }
        if (Pick(6) == 0 && !state->LatestClosedPeriod().empty()) {
          return books_->ProposeReopen(state->LatestClosedPeriod(), "wrong", someone).status();
        }
        return books_->ProposeClose("2026-0" + std::to_string(1 + Pick(4)), "2027-12-31", someone)
            .status();
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
        PaymentInput payment{it->first, FormatAmount(pay, "CNY"), Date(), "cash", {}, {},
                             Account()};
        if (Pick(2) == 0) {
          // A bank reference, sometimes one paid already (refused), with a
          // reason sometimes.
          payment.channel = "bank_transfer";
          payment.external_ref = "PAY-" + std::to_string(Pick(40));
          if (Pick(6) == 0) payment.duplicate_reason = "the bank reused the reference";
        }
        auto r = books_->PayGrant(payment, kTreasurer);
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
        // Proposed here; confirmed (by another person, or refused by the
        // same one) or rejected in case 2.
        return books_->ProposeReversal(target, "correction", Pick(2) == 0 ? kTreasurer : kAdmin)
            .status();
      }
      case 17:
      case 18:
        return Cost(*state, coordinator, movers);
      case 19: {
        // Income other than gifts, some of a category that is none or
        // without its reference: refused.
        static const char* kIncome[] = {"government_grant", "membership_dues", "investment_income",
                                        "gift"};
        IncomeInput in;
        in.category = kIncome[Pick(4)];
        in.fund = Pick(8) == 0 ? "NO_SUCH" : kCodes[static_cast<size_t>(Pick(3))];
        in.amount = FormatAmount(1 + Pick(500'000), "CNY");
        in.payer = "民政局";
        in.date = Date();
        in.channel = Pick(2) == 0 ? "cash" : "bank_transfer";
        in.account = Account();
        if (in.channel != "cash" && Pick(6) != 0) {
          in.external_ref = "REF-" + std::to_string(Pick(400));
        }
        auto r = books_->RecordIncome(in, kTreasurer);
        if (r.ok()) movers->push_back(r->seq);
        return r.status();
      }
      case 14:
      case 15: {
        // Accounts: one opened (twice: refused; by a coordinator: refused),
        // opening balances, or money moved between two, some from an
        // account that holds less or to itself (refused).
        const int what = Pick(6);
        if (what == 1) return Opening(*state, movers);
        if (what == 0) {
          return books_
              ->OpenAccount({"SAVINGS", "定期", "bank", "银行", "6222 0000 1234"},
                            Pick(4) == 0 ? coordinator : kTreasurer)
              .status();
        }
        AccountTransferInput t{Account(), Account(), FormatAmount(1 + Pick(500'000), "CNY"),
                               "CNY",     Date(),    std::nullopt,
                               "deposit"};
        if (t.from.empty()) t.from = "CASH";
        if (t.to.empty()) t.to = "BANK";
        return books_->MoveBetweenAccounts(t, kTreasurer).status();
      }
      case 16: {
        // Volunteer service, some of it impossible (nobody, more than a
        // day each), or a record withdrawn: an earlier one, a withdrawn one
        // again, or an entry that is no service record.
        if (Pick(3) == 0) {
          const auto& services = state->services();
          const int64_t target =
              services.empty() || Pick(4) == 0
                  ? 1 + Pick(static_cast<int>(size))
                  : services[static_cast<size_t>(Pick(static_cast<int>(services.size())))].seq;
          return books_->WithdrawService(target, "entered in error", coordinator).status();
        }
        const int64_t volunteers = Pick(10);
        const int64_t minutes = Pick(6) == 0 ? volunteers * 1440 + 1 : 1 + Pick(600) * volunteers;
        return books_->RecordService({"visits", Date(), volunteers, minutes}, coordinator).status();
      }
      default: {
        DonationInput d;
        d.fund = Pick(8) == 0 ? "NO_SUCH" : kCodes[static_cast<size_t>(Pick(3))];
        const int64_t fen = Pick(8) == 0 ? -Pick(100) : 1 + Pick(1'000'000);
        d.amount = FormatAmount(fen, "CNY");
        d.channel = Pick(10) == 0 ? "cheque" : (Pick(2) == 0 ? "cash" : "alipay");
        d.account = Account();
        d.date = Date();
        if (d.channel != "cash") d.external_ref = "REF-" + std::to_string(Pick(400));
        auto r = books_->RecordDonation(d, kTreasurer);
        if (r.ok()) movers->push_back(r->entry.seq);
        return r.status();
      }
    }
  }

  // How many entries the steps since the last call wrote beyond one each
  // (an opening's record writes one a line).
  int64_t TakeExtraEntries() { return std::exchange(extra_entries_, 0); }

 private:
  int64_t extra_entries_ = 0;
  static inline const std::vector<std::string> kCodes = {"FUND_A", "FUND_B", "FUND_C", "NO_SUCH"};
  Books* books_;
  std::mt19937 rng_;
};

}  // namespace aidledger::testing

#endif  // AIDLEDGER_TESTS_SUPPORT_RANDOM_BOOKS_H_
