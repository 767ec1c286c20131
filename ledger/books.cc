#include "ledger/books.h"

#include "ledger/money.h"

namespace aidledger {

Books::Books(LedgerStore* store, std::unique_ptr<SqliteLedgerReader> reader)
    : store_(store), reader_(std::move(reader)) {}

Result<std::unique_ptr<Books>> Books::Open(LedgerStore* store) {
  auto reader = SqliteLedgerReader::Open(store->path());
  if (!reader.ok()) return reader.status();
  std::unique_ptr<Books> books(new Books(store, std::move(reader).value()));
  std::lock_guard lock(books->mu_);
  AIDLEDGER_RETURN_IF_ERROR(books->CatchUp());
  return books;
}

Status Books::CatchUp() {
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
  return failure;
}

Result<AppendedEntry> Books::Commit(std::string_view kind, const Actor& actor,
                                    const std::function<Result<Object>(const BooksState&)>& build) {
  std::lock_guard lock(mu_);
  Object payload;
  // Inside the store's write transaction: catch up with every committed
  // entry (another process's too), then check against exactly that state.
  auto appended = store_->AppendChecked([&](int64_t head_size) -> Result<std::vector<EntryDraft>> {
    AIDLEDGER_RETURN_IF_ERROR(CatchUp());
    if (state_.size() != head_size) {
      return Corrupt("the books replayed " + std::to_string(state_.size()) +
                     " entries of a ledger of " + std::to_string(head_size));
    }
    auto built = build(state_);
    if (!built.ok()) return built.status();
    payload = std::move(built).value();
    AIDLEDGER_RETURN_IF_ERROR(state_.Check(kind, actor, payload));
    return std::vector<EntryDraft>{EntryDraft{std::string(kind), actor, payload}};
  });
  if (!appended.ok()) return appended.status();
  // Checked against this very state, so this cannot refuse.
  AIDLEDGER_RETURN_IF_ERROR(state_.Apply(kind, actor, payload));
  return appended->front();
}

Result<AppendedEntry> Books::OpenFund(const FundSpec& spec, const Actor& actor) {
  return Commit(kinds::kFundOpened, actor, [&](const BooksState&) -> Result<Object> {
    return Object{{"code", spec.code},
                  {"name_en", spec.name_en},
                  {"name_zh", spec.name_zh},
                  {"purpose", spec.purpose},
                  {"restricted", spec.restricted}};
  });
}

Result<AppendedEntry> Books::CloseFund(const std::string& code, const std::string& reason,
                                       const Actor& actor) {
  return Commit(kinds::kFundClosed, actor, [&](const BooksState&) -> Result<Object> {
    return Object{{"code", code}, {"reason", reason}};
  });
}

Result<RecordedDonation> Books::RecordDonation(const DonationInput& in, const Actor& actor) {
  std::string receipt;
  auto appended =
      Commit(kinds::kDonationRecorded, actor, [&](const BooksState& state) -> Result<Object> {
        auto minor = ParseAmount(in.amount, in.currency, AmountSign::kPositive, "amount");
        if (!minor.ok()) return minor.status();
        if (!IsValidDate(in.date)) return InvalidArgument("YYYY-MM-DD", "date");
        receipt = state.NextReceipt(std::stoi(in.date.substr(0, 4)));
        return Object{{"amount", MoneyToValue(Money{in.currency, *minor})},
                      {"channel", in.channel},
                      {"date", in.date},
                      {"donor", in.donor ? Value(*in.donor) : Value(nullptr)},
                      {"external_ref", in.external_ref ? Value(*in.external_ref) : Value(nullptr)},
                      {"fund", in.fund},
                      {"memo", in.memo},
                      {"receipt", receipt},
                      {"separate_gift", in.separate_gift}};
      });
  if (!appended.ok()) return appended.status();
  return RecordedDonation{*appended, receipt};
}

Result<AppendedEntry> Books::Reverse(int64_t seq, const std::string& reason,
                                     const std::string& date, const Actor& actor) {
  return Commit(kinds::kEntryReversed, actor, [&](const BooksState& state) -> Result<Object> {
    auto posting = state.ReversiblePosting(seq);
    Object p{{"date", date}, {"reason", reason}, {"reverses", seq}};
    // An entry with nothing to reverse gets a payload the rules refuse with
    // the reason why.
    p.Set("amount",
          MoneyToValue(Money{posting ? posting->currency : "CNY", posting ? -posting->minor : 0}));
    p.Set("fund", posting ? posting->fund : "");
    return p;
  });
}

Result<AppendedEntry> Books::ClosePeriod(const std::string& period, const Actor& actor) {
  return Commit(kinds::kPeriodClosed, actor, [&](const BooksState& state) -> Result<Object> {
    const std::string through = BooksState::PeriodEnd(period);
    return Object{{"balances", through.empty() ? Array{} : state.BalancesThrough(through)},
                  {"period", period},
                  {"through", through}};
  });
}

Result<std::string> Books::EnrolRecipient(const std::string& category, const Hash32& commitment,
                                          const Actor& actor) {
  std::string id;
  auto r = Commit(kinds::kRecipientEnrolled, actor, [&](const BooksState& state) -> Result<Object> {
    id = state.NextRecipientId();
    return Object{{"category", category}, {"commitment", ToHex(commitment)}, {"id", id}};
  });
  if (!r.ok()) return r.status();
  return id;
}

Result<std::string> Books::ProposeGrant(const std::string& recipient, const std::string& fund,
                                        const std::string& amount, const std::string& purpose,
                                        const std::string& term, const Actor& actor) {
  std::string id;
  auto r = Commit(kinds::kGrantProposed, actor, [&](const BooksState& state) -> Result<Object> {
    // Grants are in the ledger's default currency (CNY) for now.
    const std::string currency = "CNY";
    auto minor = ParseAmount(amount, currency, AmountSign::kPositive, "amount");
    if (!minor.ok()) return minor.status();
    id = state.NextGrantId();
    return Object{{"amount", MoneyToValue(Money{currency, *minor})},
                  {"fund", fund},
                  {"id", id},
                  {"purpose", purpose},
                  {"recipient", recipient},
                  {"term", term}};
  });
  if (!r.ok()) return r.status();
  return id;
}

Result<AppendedEntry> Books::DecideGrant(const std::string& grant, bool approve,
                                         const std::string& comment, const Actor& actor) {
  return Commit(approve ? kinds::kGrantApproved : kinds::kGrantRejected, actor,
                [&](const BooksState&) -> Result<Object> {
                  return Object{{"comment", comment}, {"grant", grant}};
                });
}

Result<AppendedEntry> Books::PayGrant(const std::string& grant, const std::string& amount,
                                      const std::string& date, const std::string& channel,
                                      const std::optional<std::string>& external_ref,
                                      const Actor& actor) {
  return Commit(kinds::kGrantPaid, actor, [&](const BooksState& state) -> Result<Object> {
    auto g = state.grants().find(grant);
    if (g == state.grants().end()) return Status(ErrorCode::kNotFound, "no such grant", "grant");
    auto minor = ParseAmount(amount, g->second.currency, AmountSign::kPositive, "amount");
    if (!minor.ok()) return minor.status();
    return Object{{"amount", MoneyToValue(Money{g->second.currency, -*minor})},
                  {"channel", channel},
                  {"date", date},
                  {"external_ref", external_ref ? Value(*external_ref) : Value(nullptr)},
                  {"fund", g->second.fund},
                  {"grant", grant}};
  });
}

Result<AppendedEntry> Books::VoidReceipt(const std::string& receipt, const std::string& reason,
                                         const Actor& actor) {
  return Commit(kinds::kReceiptVoided, actor, [&](const BooksState&) -> Result<Object> {
    return Object{{"reason", reason}, {"receipt", receipt}};
  });
}

Result<AppendedEntry> Books::RecordBillNumber(const std::string& receipt, const std::string& bill,
                                              const std::string& issuer, const Actor& actor) {
  return Commit(kinds::kReceiptBillRecorded, actor, [&](const BooksState&) -> Result<Object> {
    return Object{{"bill_number", bill}, {"issuer", issuer}, {"receipt", receipt}};
  });
}

Result<BooksState> Books::Snapshot() {
  std::lock_guard lock(mu_);
  AIDLEDGER_RETURN_IF_ERROR(CatchUp());
  return state_;
}

}  // namespace aidledger
