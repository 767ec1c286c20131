#include "ledger/books/books.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <utility>

#include "ledger/base/timestamp.h"
#include "ledger/books/money.h"
#include "ledger/store/ledger_address.h"

namespace aidledger {

Books::Books(LedgerStore* store, std::unique_ptr<LedgerReader> reader)
    : store_(store), reader_(std::move(reader)) {}

Result<std::unique_ptr<Books>> Books::Open(LedgerStore* store) {
  auto reader = OpenLedgerReader(store->path());
  if (!reader.ok()) return reader.status();
  std::unique_ptr<Books> books(new Books(store, std::move(reader).value()));
  std::lock_guard lock(books->mu_);
  AIDLEDGER_RETURN_IF_ERROR(books->CatchUp());
  return books;
}

Status Books::CatchUp(bool force) {
  // The change token moves when any writer commits: until it does there is
  // nothing new to read, and a read costs no query.
  auto version = reader_->ChangeToken();
  if (!force && version.ok() && *version == seen_version_) return Status::Ok();
  Status failure;
  AIDLEDGER_RETURN_IF_ERROR(reader_->Scan(state_.size() + 1, INT64_MAX, [&](const StoredEntry& e) {
    auto entry = DecodeEntry(e.canonical);
    if (!entry.ok()) {
      failure =
          Corrupt("entry " + std::to_string(e.seq) + " does not decode; run aidledger verify");
      return false;
    }
    if (Status s = state_.Apply(entry->kind, entry->actor, entry->payload); !s.ok()) {
      failure = Corrupt("entry " + std::to_string(e.seq) +
                        " breaks a rule of the books: " + s.ToString());
      return false;
    }
    return true;
  }));
  if (failure.ok() && version.ok()) seen_version_ = *version;
  return failure;
}

Result<BooksState> ReplayBooks(LedgerReader& reader) {
  BooksState state;
  auto head = reader.GetHead();
  if (!head.ok()) return head.status();
  Status failure;
  AIDLEDGER_RETURN_IF_ERROR(reader.Scan(1, head->size, [&](const StoredEntry& e) {
    auto entry = DecodeEntry(e.canonical);
    Status s = entry.ok() ? state.Apply(entry->kind, entry->actor, entry->payload) : entry.status();
    if (!s.ok()) {
      failure = Corrupt("entry " + std::to_string(e.seq) +
                        " breaks a rule of the books: " + s.ToString() + "; run aidledger verify");
    }
    return s.ok();
  }));
  if (!failure.ok()) return failure;
  return state;
}

namespace {

// The futex word of an atomic (same size and representation).
static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t) &&
              std::atomic<uint32_t>::is_always_lock_free);
uint32_t* FutexWord(std::atomic<uint32_t>* a) { return reinterpret_cast<uint32_t*>(a); }

}  // namespace

Books::Waiter::Signal Books::Waiter::Wait() {
  uint32_t s = state_.load(std::memory_order_acquire);
  while (s == kWaiting || s == kSleeping) {
    if (s == kWaiting && !state_.compare_exchange_weak(s, kSleeping, std::memory_order_acquire)) {
      continue;  // set meanwhile (or a spurious failure): look again
    }
    // Sleeps only while the word still says kSleeping; EINTR and EAGAIN
    // just mean look again.
    syscall(SYS_futex, FutexWord(&state_), FUTEX_WAIT_PRIVATE, kSleeping, nullptr, nullptr, 0);
    s = state_.load(std::memory_order_acquire);
  }
  state_.store(kWaiting, std::memory_order_relaxed);
  return static_cast<Signal>(s);
}

void Books::Waiter::Set(Signal signal) {
  if (state_.exchange(signal, std::memory_order_release) == kSleeping) {
    syscall(SYS_futex, FutexWord(&state_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }
}

Result<AppendedEntry> Books::Commit(std::string_view kind, const Actor& actor,
                                    const std::function<Result<Object>(const BooksState&)>& build,
                                    const SideWrite& also, const std::string* id) {
  constexpr size_t kMaxGroup = 256;
  // Groups one leader commits before it hands over: leading on saves the
  // next leader's wake-up between groups (about a third of a group's cycle
  // on two busy cores), at the cost of this thread's own answer waiting.
  constexpr int kMaxRuns = 16;
  Job job;
  job.kind = kind;
  job.actor = &actor;
  job.build = &build;
  job.also = &also;
  job.id = id;
  // The thread's waiter outlives any job it waits for (see Job::waiter).
  thread_local const std::shared_ptr<Waiter> kThisThread = std::make_shared<Waiter>();
  job.waiter = kThisThread;
  bool leads = false;
  {
    std::lock_guard lock(queue_mu_);
    queue_.push_back(&job);
    leads = queue_.size() == 1;
  }
  // The job at the front of the queue leads: it commits a group of the jobs
  // queued from the front, in order, signals each of them, and leads again
  // while jobs are queued, up to kMaxRuns groups; then it signals the front
  // to lead. One wake-up per job.
  if (!leads && job.waiter->Wait() == Waiter::kDone) return job.result;
  std::vector<Job*> group;
  std::vector<std::shared_ptr<Waiter>> waiters;
  for (int runs = 1;; ++runs) {
    {
      std::lock_guard lock(queue_mu_);
      const size_t n = std::min(queue_.size(), kMaxGroup);
      group.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    RunGroup(group);
    waiters.clear();
    for (Job* j : group) {
      if (j != &job) waiters.push_back(j->waiter);
    }
    bool more = false;
    std::shared_ptr<Waiter> next;
    {
      std::lock_guard lock(queue_mu_);
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(group.size()));
      more = !queue_.empty();
      if (more && runs >= kMaxRuns) next = queue_.front()->waiter;
    }
    // No job of `group` may be touched from here: its thread may be gone.
    if (next) next->Set(Waiter::kLead);
    for (const auto& w : waiters) w->Set(Waiter::kDone);
    if (!more || next) break;
  }
  return job.result;
}

void Books::RunGroup(const std::vector<Job*>& group) {
  std::lock_guard lock(mu_);
  std::vector<Result<AppendedEntry>> results;
  bool applied = false;
  const Status committed = store_->AppendGroup(
      group.size(),
      [&](size_t i, int64_t size) -> Result<EntryDraft> {
        // Inside the write transaction: catch up with every committed entry
        // (another process's too), then check against exactly that state.
        // The ledger's size here is exact, so when the books already hold
        // that many entries there is nothing to read.
        if (i == 0 && state_.size() != size) AIDLEDGER_RETURN_IF_ERROR(CatchUp(/*force=*/true));
        if (state_.size() != size) {
          return Corrupt("the books replayed " + std::to_string(state_.size()) +
                         " entries of a ledger of " + std::to_string(size));
        }
        Job& job = *group[i];
        auto built = (*job.build)(state_);
        if (!built.ok()) return built.status();
        job.payload = std::move(built).value();
        AIDLEDGER_RETURN_IF_ERROR(state_.Check(job.kind, *job.actor, job.payload));
        return EntryDraft{std::string(job.kind), *job.actor, job.payload};
      },
      [&](size_t i, SideWriter& side, const AppendedEntry& entry) -> Status {
        Job& job = *group[i];
        if (*job.also) {
          AIDLEDGER_RETURN_IF_ERROR(
              (*job.also)(side, job.id != nullptr ? *job.id : std::string(), entry));
        }
        applied = true;
        // Checked against this very state, so this cannot refuse.
        return state_.Apply(job.kind, *job.actor, job.payload);
      },
      &results);
  if (committed.ok()) {
    int64_t ok = 0;
    for (const auto& r : results) ok += r.ok() ? 1 : 0;
    stats_.operations += ok;
    stats_.transactions += ok > 0 ? 1 : 0;
  }
  for (size_t i = 0; i < group.size(); ++i) {
    group[i]->result =
        committed.ok() || !results[i].ok() ? results[i] : Result<AppendedEntry>(committed);
  }
  if (!committed.ok() && applied) {
    // The state took entries that were not committed: rebuild it from the
    // chain.
    state_ = BooksState();
    seen_version_ = -1;
    if (Status s = CatchUp(); !s.ok()) {
      for (Job* j : group) j->result = s;
    }
  }
}

namespace {

Value OptionalText(const std::optional<std::string>& t) { return t ? Value(*t) : Value(nullptr); }

// An amount typed by a person, or the field's error.
Result<Money> Amount(const std::string& amount, const std::string& currency, AmountSign sign,
                     const std::string& field) {
  if (!IsValidCurrencyCode(currency) || !CurrencyMinorDigits(currency)) {
    return InvalidArgument("an ISO 4217 currency code this build knows, e.g. CNY", "currency");
  }
  auto minor = ParseAmount(amount, currency, sign, field);
  if (!minor.ok()) return minor.status();
  return Money{currency, *minor};
}

Result<int> ReceiptYear(const std::string& date) {
  if (!IsValidDate(date)) return InvalidArgument("YYYY-MM-DD", "date");
  return std::stoi(date.substr(0, 4));
}

}  // namespace

Result<AppendedEntry> Books::Record(const EntryDraft& draft, const SideWrite& also) {
  return Commit(
      draft.kind, draft.actor, [&](const BooksState&) -> Result<Object> { return draft.payload; },
      also);
}

Result<AppendedEntry> Books::OpenFund(const FundSpec& spec, const Actor& actor,
                                      const SideWrite& also) {
  return Commit(
      kinds::kFundOpened, actor,
      [&](const BooksState&) -> Result<Object> {
        Array serves;
        for (const auto& c : spec.serves) serves.emplace_back(c);
        return Object{{"code", spec.code},
                      {"name_en", spec.name_en},
                      {"name_zh", spec.name_zh},
                      {"purpose", spec.purpose},
                      {"restricted", spec.restricted},
                      {"serves", std::move(serves)}};
      },
      also);
}

Result<AppendedEntry> Books::CloseFund(const std::string& code, const std::string& reason,
                                       const Actor& actor, const SideWrite& also) {
  return Commit(
      kinds::kFundClosed, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"code", code}, {"reason", reason}};
      },
      also);
}

Result<AppendedEntry> Books::Transfer(const TransferInput& in, const Actor& actor,
                                      const SideWrite& also) {
  return Commit(
      kinds::kFundTransferred, actor,
      [&](const BooksState&) -> Result<Object> {
        auto money = Amount(in.amount, in.currency, AmountSign::kPositive, "amount");
        if (!money.ok()) return money.status();
        return Object{{"amount", MoneyToValue(*money)},
                      {"date", in.date},
                      {"from", in.from},
                      {"reason", in.reason},
                      {"release", OptionalText(in.release)},
                      {"to", in.to}};
      },
      also);
}

namespace {

// A money entry's payload names its account only when the person chose one:
// without it the money sits in the channel's default account, so entries
// keep their form from before accounts.
Object WithAccount(Object payload, const std::string& account) {
  if (!account.empty()) payload.Set("account", account);
  return payload;
}

// The payload of a cash gift; *receipt is the number it takes.
Result<Object> DonationPayload(const DonationInput& in, const BooksState& state,
                               std::string* receipt) {
  auto money = Amount(in.amount, in.currency, AmountSign::kPositive, "amount");
  if (!money.ok()) return money.status();
  auto year = ReceiptYear(in.date);
  if (!year.ok()) return year.status();
  *receipt = state.NextReceipt(*year);
  return WithAccount(Object{{"amount", MoneyToValue(*money)},
                            {"channel", in.channel},
                            {"date", in.date},
                            {"donor", OptionalText(in.donor)},
                            {"external_ref", OptionalText(in.external_ref)},
                            {"fund", in.fund},
                            {"memo", in.memo},
                            {"receipt", *receipt},
                            {"separate_gift", in.separate_gift}},
                     in.account);
}

}  // namespace

Result<RecordedDonation> Books::RecordDonation(const DonationInput& in, const Actor& actor,
                                               const SideWrite& also) {
  std::string receipt;
  auto appended = Commit(
      kinds::kDonationRecorded, actor,
      [&](const BooksState& state) { return DonationPayload(in, state, &receipt); }, also,
      &receipt);
  if (!appended.ok()) return appended.status();
  return RecordedDonation{*appended, receipt};
}

Result<std::vector<AppendedEntry>> Books::CommitEach(
    std::string_view kind, const Actor& actor, size_t count,
    const std::function<Result<Object>(size_t, const BooksState&)>& build, size_t* failed,
    const SideWrite& also) {
  *failed = count;
  std::lock_guard lock(mu_);
  bool applied = false;
  auto appended = store_->AppendChecked(
      [&](int64_t size) -> Result<std::vector<EntryDraft>> {
        AIDLEDGER_RETURN_IF_ERROR(CatchUp());
        if (state_.size() != size) {
          return Corrupt("the books replayed " + std::to_string(state_.size()) +
                         " entries of a ledger of " + std::to_string(size));
        }
        std::vector<EntryDraft> drafts;
        for (size_t i = 0; i < count; ++i) {
          auto payload = build(i, state_);
          Status s = payload.ok() ? state_.Apply(kind, actor, *payload) : payload.status();
          if (!s.ok()) {
            *failed = i;
            return s;
          }
          applied = true;
          drafts.push_back(EntryDraft{std::string(kind), actor, *payload});
        }
        return drafts;
      },
      also ? LedgerStore::SideWrite(
                 [&](SideWriter& side, const std::vector<AppendedEntry>& entries) {
                   return also(side, std::to_string(entries.size()), entries.back());
                 })
           : LedgerStore::SideWrite());
  if (!appended.ok() && applied) {
    // The state took the first entries: rebuild it from the chain.
    state_ = BooksState();
    seen_version_ = -1;
    AIDLEDGER_RETURN_IF_ERROR(CatchUp());
  }
  return appended;
}

Result<std::vector<RecordedDonation>> Books::RecordDonations(
    const std::vector<DonationInput>& inputs, const Actor& actor, size_t* failed,
    const SideWrite& also) {
  *failed = inputs.size();
  if (inputs.empty()) return InvalidArgument("no donations", "rows");
  std::vector<std::string> receipts(inputs.size());
  auto appended = CommitEach(
      kinds::kDonationRecorded, actor, inputs.size(),
      [&](size_t i, const BooksState& state) {
        return DonationPayload(inputs[i], state, &receipts[i]);
      },
      failed, also);
  if (!appended.ok()) return appended.status();
  std::vector<RecordedDonation> out;
  for (size_t i = 0; i < appended->size(); ++i) {
    out.push_back(RecordedDonation{(*appended)[i], receipts[i]});
  }
  return out;
}

std::vector<std::pair<size_t, Status>> Books::CheckDonations(
    const std::vector<DonationInput>& inputs, const Actor& actor) {
  std::vector<std::pair<size_t, Status>> refused;
  auto state = Snapshot();
  if (!state.ok()) return {{0, state.status()}};
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string receipt;
    auto payload = DonationPayload(inputs[i], *state, &receipt);
    Status s =
        payload.ok() ? state->Apply(kinds::kDonationRecorded, actor, *payload) : payload.status();
    if (!s.ok()) refused.emplace_back(i, std::move(s));
  }
  return refused;
}

Result<RecordedDonation> Books::RecordGoodsDonation(const GoodsDonationInput& in,
                                                    const Actor& actor, const SideWrite& also) {
  std::string receipt;
  auto appended = Commit(
      kinds::kDonationInKind, actor,
      [&](const BooksState& state) -> Result<Object> {
        Array items;
        int64_t total = 0;
        for (size_t i = 0; i < in.items.size(); ++i) {
          const GoodsItem& item = in.items[i];
          auto value = Amount(item.value, in.currency, AmountSign::kNonNegative,
                              "items[" + std::to_string(i) + "].value");
          if (!value.ok()) return value.status();
          auto sum = AddMinor(total, value->minor, "amount");
          if (!sum.ok()) return sum.status();
          total = *sum;
          items.push_back(Object{{"item", item.item},
                                 {"quantity", item.quantity},
                                 {"unit", item.unit},
                                 {"valuation", item.valuation},
                                 {"value", MoneyToValue(*value)}});
        }
        auto year = ReceiptYear(in.date);
        if (!year.ok()) return year.status();
        receipt = state.NextReceipt(*year);
        return Object{{"amount", MoneyToValue(Money{in.currency, total})},
                      {"checked_by", in.checked_by},
                      {"date", in.date},
                      {"donor", OptionalText(in.donor)},
                      {"fund", in.fund},
                      {"items", std::move(items)},
                      {"memo", in.memo},
                      {"receipt", receipt},
                      {"received_by", in.received_by}};
      },
      also, &receipt);
  if (!appended.ok()) return appended.status();
  return RecordedDonation{*appended, receipt};
}

Result<AppendedEntry> Books::HandOutGoods(const HandOutInput& in, const Actor& actor,
                                          const SideWrite& also) {
  return Commit(
      kinds::kGoodsHandedOut, actor,
      [&](const BooksState& state) -> Result<Object> {
        auto fund = state.funds().find(in.fund);
        // The value each line carries, from the stock; a line the fund lacks
        // carries none, and the rules refuse it naming the quantity held.
        std::string currency;
        std::vector<int64_t> carried;
        int64_t total = 0;
        for (const GoodsItem& item : in.items) {
          StockLine line;
          if (fund != state.funds().end()) {
            auto l = fund->second.stock.find(item.item + "\n" + item.unit);
            if (l != fund->second.stock.end()) line = l->second;
          }
          if (currency.empty()) currency = line.currency;
          carried.push_back(BooksState::CarriedValue(line, item.quantity));
          total += carried.back();  // at most the fund's goods value
        }
        if (currency.empty()) currency = "CNY";
        Array items;
        for (size_t i = 0; i < in.items.size(); ++i) {
          items.push_back(Object{{"item", in.items[i].item},
                                 {"quantity", in.items[i].quantity},
                                 {"unit", in.items[i].unit},
                                 {"value", MoneyToValue(Money{currency, carried[i]})}});
        }
        return Object{{"amount", MoneyToValue(Money{currency, -total})},
                      {"date", in.date},
                      {"fund", in.fund},
                      {"items", std::move(items)},
                      {"memo", in.memo},
                      {"recipient", in.recipient}};
      },
      also);
}

namespace {

// The payload of entry.reversed undoing `seq`: an entry with nothing to
// reverse gets a payload the rules refuse with the reason why.
Object ReversalPayload(const BooksState& state, int64_t seq, const std::string& reason,
                       const std::string& date, const Value& proposal) {
  const FactRow* f = state.ReversibleFact(seq);
  Object p{{"date", date}, {"proposal", proposal}, {"reason", reason}, {"reverses", seq}};
  p.Set("amount", MoneyToValue(Money{f ? state.CurrencyOf(*f) : "CNY", f ? -f->minor : 0}));
  p.Set("fund", f ? state.FundOf(*f) : "");
  const std::string counter = f ? state.CounterFundOf(*f) : "";
  p.Set("counter_fund", counter.empty() ? Value(nullptr) : Value(counter));
  p.Set("nature", f ? BooksState::NatureOf(*f) : "cash");
  return p;
}

}  // namespace

Result<AppendedEntry> Books::ProposeReversal(int64_t seq, const std::string& reason,
                                             const Actor& actor, const SideWrite& also) {
  return Commit(
      kinds::kReversalProposed, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"reason", reason}, {"reverses", seq}};
      },
      also);
}

Result<AppendedEntry> Books::ConfirmReversal(int64_t proposal, const std::string& date,
                                             const Actor& actor, const SideWrite& also) {
  return Commit(
      kinds::kEntryReversed, actor,
      [&](const BooksState& state) -> Result<Object> {
        auto it = state.proposals().find(proposal);
        if (it == state.proposals().end() || it->second.kind != kinds::kReversalProposed) {
          return Status(ErrorCode::kNotFound, "no reversal waits to be confirmed under this number",
                        "proposal");
        }
        return ReversalPayload(state, it->second.reverses, it->second.reason, date,
                               Value(proposal));
      },
      also);
}

Result<AppendedEntry> Books::Reverse(int64_t seq, const std::string& reason,
                                     const std::string& date, const Actor& actor,
                                     const SideWrite& also) {
  return Commit(
      kinds::kEntryReversed, actor,
      [&](const BooksState& state) -> Result<Object> {
        return ReversalPayload(state, seq, reason, date, Value(nullptr));
      },
      also);
}

Result<AppendedEntry> Books::RejectProposal(int64_t proposal, const std::string& reason,
                                            const Actor& actor, const SideWrite& also) {
  if (reason.find_first_not_of(" \t\n") == std::string::npos) {
    return InvalidArgument("say why the proposal is rejected", "reason");
  }
  return Commit(
      kinds::kProposalRejected, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"proposal", proposal}, {"reason", reason}};
      },
      also);
}

Result<AppendedEntry> Books::ProposeClose(const std::string& period, const std::string& today,
                                          const Actor& actor, const SideWrite& also) {
  const std::string through = BooksState::PeriodEnd(period);
  if (through.empty()) return InvalidArgument("a month YYYY-MM or a year YYYY", "period");
  if (through >= today) {
    return Status(ErrorCode::kFailedPrecondition,
                  "the period has not ended: its last day is " + through + ", today is " + today,
                  "period");
  }
  return Commit(
      kinds::kPeriodCloseProposed, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"period", period}, {"through", through}};
      },
      also);
}

namespace {

// Whether a close or reopening proposal still needs confirmations before
// the last one (a proposal.confirmed is then what confirming records).
bool NeedsMoreThanOne(const BooksState& state, int64_t proposal) {
  auto it = state.proposals().find(proposal);
  return it != state.proposals().end() &&
         it->second.confirmations_required - 1 > static_cast<int>(it->second.confirmers.size());
}

}  // namespace

Result<bool> Books::MoreConfirmationsNeeded(int64_t proposal) {
  std::lock_guard lock(mu_);
  AIDLEDGER_RETURN_IF_ERROR(CatchUp());
  return NeedsMoreThanOne(state_, proposal);
}

Result<AppendedEntry> Books::ConfirmProposal(int64_t proposal, const Actor& actor,
                                             const SideWrite& also) {
  return Commit(
      kinds::kProposalConfirmed, actor,
      [&](const BooksState& state) -> Result<Object> {
        auto it = state.proposals().find(proposal);
        return Object{{"period", it == state.proposals().end() ? "" : it->second.period},
                      {"proposal", proposal}};
      },
      also);
}

Result<AppendedEntry> Books::ConfirmClose(int64_t proposal, const Actor& actor,
                                          const SideWrite& also) {
  auto more = MoreConfirmationsNeeded(proposal);
  if (!more.ok()) return more.status();
  if (*more) return ConfirmProposal(proposal, actor, also);
  return Commit(
      kinds::kPeriodClosed, actor,
      [&](const BooksState& state) -> Result<Object> {
        auto it = state.proposals().find(proposal);
        if (it == state.proposals().end() || it->second.kind != kinds::kPeriodCloseProposed) {
          return Status(ErrorCode::kNotFound, "no close waits to be confirmed under this number",
                        "proposal");
        }
        const std::string through = BooksState::PeriodEnd(it->second.period);
        return Object{{"balances", state.BalancesThrough(through)},
                      {"period", it->second.period},
                      {"proposal", proposal},
                      {"through", through}};
      },
      also);
}

Result<AppendedEntry> Books::ProposeReopen(const std::string& period, const std::string& reason,
                                           const Actor& actor, const SideWrite& also) {
  return Commit(
      kinds::kPeriodReopenProposed, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"period", period}, {"reason", reason}};
      },
      also);
}

Result<AppendedEntry> Books::ConfirmReopen(int64_t proposal, const Actor& actor,
                                           const SideWrite& also) {
  auto more = MoreConfirmationsNeeded(proposal);
  if (!more.ok()) return more.status();
  if (*more) return ConfirmProposal(proposal, actor, also);
  return Commit(
      kinds::kPeriodReopened, actor,
      [&](const BooksState& state) -> Result<Object> {
        auto it = state.proposals().find(proposal);
        if (it == state.proposals().end() || it->second.kind != kinds::kPeriodReopenProposed) {
          return Status(ErrorCode::kNotFound,
                        "no reopening waits to be confirmed under this number", "proposal");
        }
        return Object{{"period", it->second.period}, {"proposal", proposal}};
      },
      also);
}

Result<std::string> Books::EnrolRecipient(const std::string& category, const Committer& commit,
                                          const Actor& actor, const SideWrite& also) {
  std::string id;
  auto r = Commit(
      kinds::kRecipientEnrolled, actor,
      [&](const BooksState& state) -> Result<Object> {
        id = state.NextRecipientId();
        auto commitment = commit(id);
        if (!commitment.ok()) return commitment.status();
        return Object{{"category", category}, {"commitment", ToHex(*commitment)}, {"id", id}};
      },
      also, &id);
  if (!r.ok()) return r.status();
  return id;
}

Result<std::string> Books::RegisterDonor(const std::string& type, const Committer& commit,
                                         const Actor& actor, const SideWrite& also) {
  std::string id;
  auto r = Commit(
      kinds::kDonorRegistered, actor,
      [&](const BooksState& state) -> Result<Object> {
        id = state.NextDonorId();
        auto commitment = commit(id);
        if (!commitment.ok()) return commitment.status();
        return Object{{"commitment", ToHex(*commitment)}, {"id", id}, {"type", type}};
      },
      also, &id);
  if (!r.ok()) return r.status();
  return id;
}

Result<AppendedEntry> Books::CorrectRecord(const std::string& subject, const Hash32& commitment,
                                           const std::string& reason, const Actor& actor,
                                           const SideWrite& also) {
  return Commit(
      kinds::kRecordCorrected, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"commitment", ToHex(commitment)}, {"reason", reason}, {"subject", subject}};
      },
      also, &subject);
}

Result<AppendedEntry> Books::EraseRecord(const std::string& subject, const std::string& reason,
                                         const Actor& actor, const SideWrite& also) {
  return Commit(
      kinds::kRecordErased, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"reason", reason}, {"subject", subject}};
      },
      also, &subject);
}

Result<AppendedEntry> Books::SetApprovalsRequired(int count, const Actor& actor,
                                                  const SideWrite& also) {
  return SetPolicy("approvals_required", count, actor, also);
}

Result<std::string> Books::ProposeGrant(const GrantProposal& in, const Actor& actor,
                                        const SideWrite& also) {
  std::string id;
  auto r = Commit(
      kinds::kGrantProposed, actor,
      [&](const BooksState& state) -> Result<Object> {
        auto money = Amount(in.amount, in.currency, AmountSign::kPositive, "amount");
        if (!money.ok()) return money.status();
        id = state.NextGrantId();
        return Object{
            {"amount", MoneyToValue(*money)}, {"fund", in.fund},           {"id", id},
            {"purpose", in.purpose},          {"recipient", in.recipient}, {"term", in.term}};
      },
      also, &id);
  if (!r.ok()) return r.status();
  return id;
}

Result<AppendedEntry> Books::DecideGrant(const std::string& grant, bool approve,
                                         const std::string& comment, const Actor& actor,
                                         const SideWrite& also) {
  // A rejection ends the grant for good: the proposer and the auditor are
  // owed the reason. (The rule accepts an empty comment, so rejections
  // recorded before this was asked stay valid.)
  if (!approve && comment.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("a rejection needs its reason", "comment");
  }
  return Commit(
      approve ? kinds::kGrantApproved : kinds::kGrantRejected, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"comment", comment}, {"grant", grant}};
      },
      also);
}

Result<AppendedEntry> Books::PayGrant(const PaymentInput& input, const Actor& actor,
                                      const SideWrite& also) {
  // Matched to the bank's or the payment app's statement by its reference, as
  // a gift is. The rule of grant.paid lets any entry carry null (entries
  // recorded before this was asked stay valid); a new one must not, but cash.
  if (input.channel != "cash" && !input.external_ref) {
    return InvalidArgument("a " + input.channel + " payment needs its reference", "external_ref");
  }
  return Commit(
      kinds::kGrantPaid, actor,
      [&](const BooksState& state) -> Result<Object> {
        auto g = state.grants().find(input.grant);
        if (g == state.grants().end())
          return Status(ErrorCode::kNotFound, "no such grant", "grant");
        auto money = Amount(input.amount, g->second.currency, AmountSign::kPositive, "amount");
        if (!money.ok()) return money.status();
        return WithAccount(Object{{"amount", MoneyToValue(Money{money->currency, -money->minor})},
                                  {"channel", input.channel},
                                  {"date", input.date},
                                  {"duplicate_reason", OptionalText(input.duplicate_reason)},
                                  {"external_ref", OptionalText(input.external_ref)},
                                  {"fund", g->second.fund},
                                  {"grant", input.grant}},
                           input.account);
      },
      also, &input.grant);
}

namespace {

// A cost.proposed payload, or cost.recorded's when `recorded` (the amount
// then its effect on the fund, negative).
Result<Object> CostPayload(const CostInput& in, bool recorded) {
  auto money = Amount(in.amount, in.currency, AmountSign::kPositive, "amount");
  if (!money.ok()) return money.status();
  Object p{
      {"amount", MoneyToValue(Money{money->currency, recorded ? -money->minor : money->minor})},
      {"category", in.category},
      {"channel", in.channel},
      {"date", in.date},
      {"fund", in.fund},
      {"payee", in.payee},
      {"purpose", in.purpose},
      {"voucher", in.voucher}};
  if (recorded) {
    p.Set("external_ref", OptionalText(in.external_ref));
    p.Set("proposal", nullptr);
  }
  return WithAccount(std::move(p), in.account);
}

// Matched to the bank's or the payment app's statement by its reference, as
// a gift and an aid payment are.
Status CheckPaymentRef(const std::string& channel, const std::optional<std::string>& ref) {
  if (channel != "cash" && !ref) {
    return InvalidArgument("a " + channel + " payment needs its reference", "external_ref");
  }
  return Status::Ok();
}

}  // namespace

Result<AppendedEntry> Books::ProposeCost(const CostInput& input, const Actor& actor,
                                         const SideWrite& also) {
  return Commit(
      kinds::kCostProposed, actor,
      [&](const BooksState&) -> Result<Object> { return CostPayload(input, false); }, also);
}

Result<AppendedEntry> Books::RecordCost(const CostInput& input, const Actor& actor,
                                        const SideWrite& also) {
  AIDLEDGER_RETURN_IF_ERROR(CheckPaymentRef(input.channel, input.external_ref));
  return Commit(
      kinds::kCostRecorded, actor,
      [&](const BooksState&) -> Result<Object> { return CostPayload(input, true); }, also);
}

Result<AppendedEntry> Books::ConfirmCost(int64_t proposal, const CostPayment& payment,
                                         const Actor& actor, const SideWrite& also) {
  const std::optional<std::string>& external_ref = payment.external_ref;
  return Commit(
      kinds::kCostRecorded, actor,
      [&](const BooksState& state) -> Result<Object> {
        auto it = state.proposals().find(proposal);
        if (it == state.proposals().end() || it->second.kind != kinds::kCostProposed) {
          return Status(ErrorCode::kNotFound, "no such cost proposal waits to be recorded",
                        "proposal");
        }
        Object p = it->second.payload;
        const Money m = *MoneyFromValue(*p.Find("amount"));
        AIDLEDGER_RETURN_IF_ERROR(CheckPaymentRef(p.Find("channel")->as_string(), external_ref));
        p.Set("amount", MoneyToValue(Money{m.currency, -m.minor}));
        p.Set("external_ref", OptionalText(external_ref));
        p.Set("proposal", proposal);
        return WithAccount(std::move(p), payment.account);
      },
      also);
}

Result<AppendedEntry> Books::RecordIncome(const IncomeInput& in, const Actor& actor,
                                          const SideWrite& also) {
  AIDLEDGER_RETURN_IF_ERROR(CheckPaymentRef(in.channel, in.external_ref));
  return Commit(
      kinds::kIncomeRecorded, actor,
      [&](const BooksState&) -> Result<Object> {
        auto money = Amount(in.amount, in.currency, AmountSign::kPositive, "amount");
        if (!money.ok()) return money.status();
        return WithAccount(Object{{"amount", MoneyToValue(*money)},
                                  {"category", in.category},
                                  {"channel", in.channel},
                                  {"date", in.date},
                                  {"document", OptionalText(in.document)},
                                  {"external_ref", OptionalText(in.external_ref)},
                                  {"fund", in.fund},
                                  {"memo", in.memo},
                                  {"payer", in.payer}},
                           in.account);
      },
      also);
}

Result<AppendedEntry> Books::ProposeOpening(const OpeningInput& in, const Actor& actor,
                                            const SideWrite& also) {
  Array lines;
  for (size_t i = 0; i < in.lines.size(); ++i) {
    const OpeningLine& line = in.lines[i];
    auto money = Amount(line.amount, line.currency, AmountSign::kAny,
                        "lines[" + std::to_string(i) + "].amount");
    if (!money.ok()) return money.status();
    lines.push_back(
        Object{{"account", line.account}, {"amount", MoneyToValue(*money)}, {"fund", line.fund}});
  }
  return Commit(
      kinds::kOpeningProposed, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"date", in.date}, {"lines", lines}, {"memo", in.memo}};
      },
      also);
}

Result<std::vector<AppendedEntry>> Books::RecordOpening(int64_t proposal, const Actor& actor,
                                                        size_t* failed, const SideWrite& also) {
  *failed = 0;
  size_t count = 0;
  AIDLEDGER_RETURN_IF_ERROR(Read([&](const BooksState& state) {
    auto it = state.proposals().find(proposal);
    if (it != state.proposals().end() && it->second.kind == kinds::kOpeningProposed) {
      count = it->second.payload.Find("lines")->as_array().size() - it->second.lines_recorded;
    }
  }));
  if (count == 0) {
    return Status(ErrorCode::kNotFound, "no such opening proposal waits to be recorded",
                  "proposal");
  }
  return CommitEach(
      kinds::kOpeningRecorded, actor, count,
      [&](size_t, const BooksState& state) -> Result<Object> {
        // The proposal as the entries before this one left it: its next line.
        auto it = state.proposals().find(proposal);
        if (it == state.proposals().end() || it->second.kind != kinds::kOpeningProposed) {
          return Status(ErrorCode::kNotFound, "no such opening proposal waits to be recorded",
                        "proposal");
        }
        const size_t next = it->second.lines_recorded;
        const Array& lines = it->second.payload.Find("lines")->as_array();
        if (next >= lines.size()) {
          return Status(ErrorCode::kConflict, "the proposal's lines are recorded", "proposal");
        }
        Object p = lines[next].as_object();
        p.Set("date", *it->second.payload.Find("date"));
        p.Set("line", static_cast<int64_t>(next));
        p.Set("proposal", proposal);
        return p;
      },
      failed, also);
}

Result<AppendedEntry> Books::OpenAccount(const AccountInput& in, const Actor& actor,
                                         const SideWrite& also) {
  // Only the last four digits are kept: the whole number may be a person's
  // card, and the statements a reconciliation reads show the last four.
  std::string digits;
  for (char c : in.number) {
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9') {
      return InvalidArgument("the account's number: digits, spaces and dashes", "number");
    }
    digits += c;
  }
  if (!digits.empty() && digits.size() < 4) {
    return InvalidArgument("the account's number: at least four digits", "number");
  }
  const std::string tail = digits.size() >= 4 ? digits.substr(digits.size() - 4) : "";
  return Commit(
      kinds::kAccountOpened, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"code", in.code},
                      {"institution", in.institution},
                      {"name", in.name},
                      {"number_tail", tail},
                      {"type", in.type}};
      },
      also);
}

Result<AppendedEntry> Books::CloseAccount(const std::string& code, const std::string& reason,
                                          const Actor& actor, const SideWrite& also) {
  return Commit(
      kinds::kAccountClosed, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"code", code}, {"reason", reason}};
      },
      also);
}

Result<AppendedEntry> Books::MoveBetweenAccounts(const AccountTransferInput& in, const Actor& actor,
                                                 const SideWrite& also) {
  return Commit(
      kinds::kAccountTransferred, actor,
      [&](const BooksState&) -> Result<Object> {
        auto money = Amount(in.amount, in.currency, AmountSign::kPositive, "amount");
        if (!money.ok()) return money.status();
        return Object{{"amount", MoneyToValue(*money)},
                      {"date", in.date},
                      {"external_ref", OptionalText(in.external_ref)},
                      {"from", in.from},
                      {"memo", in.memo},
                      {"to", in.to}};
      },
      also);
}

Result<AppendedEntry> Books::SetPolicy(const std::string& name, int64_t value, const Actor& actor,
                                       const SideWrite& also) {
  if (name != "approvals_required" && name != "max_entry_minor" &&
      name != "reversal_exempt_below" && name != "close_confirmations" &&
      name != "cost_exempt_below") {
    return InvalidArgument(
        "approvals_required, max_entry_minor, reversal_exempt_below, cost_exempt_below or "
        "close_confirmations",
        "policy");
  }
  return Commit(
      kinds::kPolicySet, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{name, value}};
      },
      also);
}

Result<AppendedEntry> Books::VoidReceipt(const std::string& receipt, const std::string& reason,
                                         const Actor& actor, const SideWrite& also) {
  return Commit(
      kinds::kReceiptVoided, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"reason", reason}, {"receipt", receipt}};
      },
      also);
}

Result<AppendedEntry> Books::RecordService(const ServiceInput& in, const Actor& actor,
                                           const SideWrite& also) {
  return Commit(
      kinds::kServiceDonated, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"activity", in.activity},
                      {"date", in.date},
                      {"minutes", in.minutes},
                      {"volunteers", in.volunteers}};
      },
      also);
}

Result<AppendedEntry> Books::WithdrawService(int64_t seq, const std::string& reason,
                                             const Actor& actor, const SideWrite& also) {
  return Commit(
      kinds::kServiceWithdrawn, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"reason", reason}, {"withdraws", seq}};
      },
      also);
}

Result<AppendedEntry> Books::RecordBillNumber(const std::string& receipt, const std::string& bill,
                                              const std::string& issuer, const Actor& actor,
                                              const SideWrite& also) {
  return Commit(
      kinds::kReceiptBillRecorded, actor,
      [&](const BooksState&) -> Result<Object> {
        return Object{{"bill_number", bill}, {"issuer", issuer}, {"receipt", receipt}};
      },
      also);
}

Result<int> Books::PrintReceipt(const std::string& receipt, std::optional<int64_t> expected,
                                const Actor& actor, const SideWrite& also) {
  int64_t copy = 0;
  std::string copy_text;  // what `also` is given as the id
  auto r = Commit(
      kinds::kReceiptPrinted, actor,
      [&](const BooksState& state) -> Result<Object> {
        auto it = state.receipts().find(receipt);
        copy = it == state.receipts().end() ? 1 : it->second.copies_printed + 1;
        if (expected && *expected != copy && it != state.receipts().end()) {
          return Status(ErrorCode::kConflict,
                        "copy " + std::to_string(copy - 1) +
                            " was printed meanwhile: print again as copy " + std::to_string(copy),
                        "copy");
        }
        copy_text = std::to_string(copy);
        return Object{{"copy", copy}, {"receipt", receipt}};
      },
      also, &copy_text);
  if (!r.ok()) return r.status();
  return static_cast<int>(copy);
}

Books::CommitStats Books::commit_stats() {
  std::lock_guard lock(mu_);
  return stats_;
}

Status Books::Read(const std::function<void(const BooksState&)>& fn) {
  std::lock_guard lock(mu_);
  AIDLEDGER_RETURN_IF_ERROR(CatchUp());
  fn(state_);
  return Status::Ok();
}

Result<BooksState> Books::Snapshot() {
  std::lock_guard lock(mu_);
  AIDLEDGER_RETURN_IF_ERROR(CatchUp());
  return state_;
}

}  // namespace aidledger
