#include "api/service.h"

#include <Poco/Logger.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>

#include "api/header_text.h"
#include "api/qr_code.h"
#include "api/web_assets.h"
#include "ledger/base/canonical_json.h"
#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/base/utf8.h"
#include "ledger/books/batch_csv.h"
#include "ledger/books/books_replay.h"
#include "ledger/books/business_date.h"
#include "ledger/books/money.h"
#include "ledger/books/personal_record.h"
#include "ledger/books/text_policy.h"
#include "ledger/chain/ledger_export.h"
#include "ledger/chain/proof_bundle.h"
#include "ledger/store/ledger_address.h"
#include "ledger/store/verify.h"
#include "reports/basis.h"
#include "reports/catalog.h"
#include "reports/render.h"

namespace aidledger::api {

// --- reading requests ----------------------------------------------------

namespace {

// The members of a request body, each read with the field named on error.
class Body {
 public:
  explicit Body(const Object* o) : o_(o) {}

  Status OnlyMembers(const std::vector<std::string>& allowed) const {
    for (const auto& [key, value] : o_->members()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return InvalidArgument("is not a member of this request", key);
      }
    }
    return Status::Ok();
  }
  Result<std::string> Text(const std::string& key) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || v->is_null()) return InvalidArgument("is required", key);
    if (!v->is_string()) return InvalidArgument("must be a string", key);
    return v->as_string();
  }
  // A business date: at most the day after `now`'s (business_date.h); the
  // books check its form.
  Result<std::string> BusinessDate(const std::string& key, MicrosSinceEpoch now) const {
    auto date = Text(key);
    if (!date.ok()) return date;
    AIDLEDGER_RETURN_IF_ERROR(CheckNotAfter(*date, LatestBusinessDate(now), key));
    return date;
  }
  Result<std::string> TextOr(const std::string& key, const std::string& fallback) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || v->is_null()) return fallback;
    return Text(key);
  }
  Result<std::optional<std::string>> Optional(const std::string& key) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || v->is_null()) return std::optional<std::string>();
    auto t = Text(key);
    if (!t.ok()) return t.status();
    return std::optional<std::string>(*t);
  }
  // Amounts are decimal strings: a JSON number is refused, so that no client
  // ever sends money through a binary floating-point type.
  Result<std::string> Amount(const std::string& key) const {
    const Value* v = o_->Find(key);
    if (v != nullptr && v->is_int()) {
      return InvalidArgument("a decimal string such as \"1250.00\", not a JSON number", key);
    }
    return Text(key);
  }
  Result<bool> Bool(const std::string& key, bool fallback) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || v->is_null()) return fallback;
    if (!v->is_bool()) return InvalidArgument("must be true or false", key);
    return v->as_bool();
  }
  Result<int64_t> Int(const std::string& key) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || !v->is_int()) return InvalidArgument("must be a whole number", key);
    return v->as_int();
  }
  Result<std::vector<std::string>> Strings(const std::string& key) const {
    const Value* v = o_->Find(key);
    std::vector<std::string> out;
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_array()) return InvalidArgument("must be a list of strings", key);
    for (const Value& e : v->as_array()) {
      if (!e.is_string()) return InvalidArgument("must be a list of strings", key);
      out.push_back(e.as_string());
    }
    return out;
  }
  const Value* Find(const std::string& key) const { return o_->Find(key); }

 private:
  const Object* o_;
};

// Unwraps a Result inside a handler, or answers with its problem.
// NOLINTBEGIN(bugprone-macro-parentheses): `var` names a variable declared here.
#define API_TRY(var, expr)                                        \
  auto var##_result = (expr);                                     \
  if (!var##_result.ok()) return ctx.Fail(var##_result.status()); \
  auto var = std::move(var##_result).value()
// NOLINTEND(bugprone-macro-parentheses)

#define API_CHECK(expr)                \
  do {                                 \
    ::aidledger::Status s_ = (expr);   \
    if (!s_.ok()) return ctx.Fail(s_); \
  } while (false)

Value MoneyJson(const std::string& currency, int64_t minor) {
  return Object{{"amount", FormatAmount(minor, currency)}, {"currency", currency}};
}

Value Holdings(const std::map<std::string, int64_t>& held) {
  Array out;
  for (const auto& [currency, minor] : held) out.push_back(MoneyJson(currency, minor));
  return out;
}

const char* GrantState(Grant::State s) {
  switch (s) {
    case Grant::State::kProposed:
      return "proposed";
    case Grant::State::kApproved:
      return "approved";
    case Grant::State::kRejected:
      return "rejected";
  }
  return "proposed";
}

Value GrantJson(const Grant& g) {
  Array approvers;
  for (const auto& a : g.approvers) approvers.emplace_back(a);
  return Object{{"id", g.id},
                {"recipient", g.recipient},
                {"fund", g.fund},
                {"purpose", g.purpose},
                {"term", g.term},
                {"amount", MoneyJson(g.currency, g.approved_minor)},
                {"paid", MoneyJson(g.currency, g.paid_minor)},
                {"outstanding", MoneyJson(g.currency, g.approved_minor - g.paid_minor)},
                {"state", GrantState(g.state)},
                {"proposer", g.proposer},
                {"approvals_required", int64_t{g.approvals_required}},
                {"approvers", std::move(approvers)}};
}

Value EntryJson(const StoredEntry& e) {
  auto decoded = ParseJson(e.canonical);
  return Object{{"seq", e.seq},
                {"hash", ToHex(e.hash)},
                {"entry", decoded.ok() ? std::move(decoded).value() : Value()}};
}

// The same as EncodeCanonical(EntryJson(e)), without decoding the entry:
// its stored bytes are already canonical JSON (verify checks they are).
std::string EntryJsonText(const StoredEntry& e) {
  std::string out;
  out.reserve(e.canonical.size() + 100);
  out += "{\"entry\":";
  out += e.canonical;
  out += ",\"hash\":\"";
  out += ToHex(e.hash);
  out += "\",\"seq\":";
  out += std::to_string(e.seq);
  out += "}";
  return out;
}

Value RecipientJson(const std::string& id, const RecipientRecord& r) {
  Object o = r.ToObject();
  o.Set("id", id);
  return o;
}

Value DonorJson(const std::string& id, const DonorRecord& d) {
  Object o = d.ToObject();
  o.Set("id", id);
  return o;
}

bool IsIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 128) return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

Result<int64_t> QueryInt(const std::map<std::string, std::string>& q, const std::string& key,
                         int64_t fallback, int64_t lo, int64_t hi) {
  auto it = q.find(key);
  if (it == q.end()) return fallback;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || v < lo || v > hi) {
    return InvalidArgument(
        "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), key);
  }
  return v;
}

// Compares secrets without telling, by its time, where they differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string QueryText(const std::map<std::string, std::string>& q, const std::string& key) {
  auto it = q.find(key);
  return it == q.end() ? "" : it->second;
}

}  // namespace

constexpr size_t kEntryCacheSize = 4096;  // answers of GET /entries/{seq} kept

// Answers a write: 201 with the entry's sequence number, hash and time, and
// what `extra` adds.
static ApiResponse EntryCreated(const AppendedEntry& e, Object extra = {}) {
  extra.Set("seq", e.seq);
  extra.Set("hash", ToHex(e.hash));
  extra.Set("recorded_at", FormatTimestamp(e.recorded_at));
  return Json(201, Value(std::move(extra)));
}

// --- the per-request context ---------------------------------------------

struct Service::Context {
  Service* service = nullptr;
  const ApiRequest* request = nullptr;
  // The request's time, read once from the service's clock: every date and
  // expiry the request decides on is measured against it.
  MicrosSinceEpoch now = 0;
  Actor actor;
  std::vector<std::string> params;  // the route's {placeholders}, in order
  const Object* body = nullptr;
  Hash32 request_hash{};
  std::optional<ApiResponse> recorded;  // made inside the write transaction
  // Without an Idempotency-Key the answer is made after the commit, outside
  // the writers' critical section, from what the side write saw.
  std::function<ApiResponse(const std::string& id, const AppendedEntry& entry)> make_answer;
  std::optional<std::pair<std::string, AppendedEntry>> appended;

  ApiResponse Fail(const Status& s) const { return Problem(s, request->request_id); }

  // The side write of a write route: with an Idempotency-Key, makes the
  // answer from the appended entry and stores it in the same transaction.
  Books::SideWrite Answer(
      std::function<ApiResponse(const std::string& id, const AppendedEntry& entry)> make) {
    make_answer = std::move(make);
    return [this](SideWriter& side, const std::string& id, const AppendedEntry& entry) -> Status {
      if (request->idempotency_key.empty()) {
        appended.emplace(id, entry);
        return Status::Ok();
      }
      ApiResponse r = make_answer(id, entry);
      StoredAnswer answer;
      answer.actor = actor.id;
      answer.key = request->idempotency_key;
      answer.request_hash = request_hash;
      answer.status = r.status;
      answer.body = r.body;
      answer.created_at = now;
      // A concurrent duplicate is refused here (kConflict).
      AIDLEDGER_RETURN_IF_ERROR(side.PutAnswer(answer));
      recorded = std::move(r);
      return Status::Ok();
    };
  }
  // The answer of a write that succeeded.
  ApiResponse Done() {
    if (recorded) return *recorded;
    if (appended) return make_answer(appended->first, appended->second);
    return Fail(Status(ErrorCode::kInternal, "no answer"));
  }
  // Answer() for a write whose answer is its entry alone.
  Books::SideWrite AnswerEntry() {
    return Answer([](const std::string&, const AppendedEntry& e) { return EntryCreated(e); });
  }
  // What a write answers: Done() once recorded, else its refusal.
  template <typename T>
  ApiResponse Finish(const Result<T>& r) {
    return r.ok() ? Done() : Fail(r.status());
  }
};

// --- the read connection pool ---------------------------------------------

class Service::ReaderPool {
 public:
  explicit ReaderPool(std::string path) : path_(std::move(path)) {}
  struct Lease {
    Lease(ReaderPool* p, std::unique_ptr<LedgerReader> r) : pool(p), reader(std::move(r)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (reader) pool->Release(std::move(reader));
    }
    ReaderPool* pool;
    std::unique_ptr<LedgerReader> reader;
  };
  Result<std::unique_ptr<Lease>> Acquire() {
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        auto r = std::move(free_.back());
        free_.pop_back();
        return std::make_unique<Lease>(this, std::move(r));
      }
    }
    auto r = OpenLedgerReader(path_);
    if (!r.ok()) return r.status();
    return std::make_unique<Lease>(this, std::move(r).value());
  }
  void Release(std::unique_ptr<LedgerReader> r) {
    std::lock_guard lock(mu_);
    if (free_.size() < 16) free_.push_back(std::move(r));
  }

 private:
  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<LedgerReader>> free_;
};

// --- handlers ---------------------------------------------------------------

struct Handlers {
  using Fn = ApiResponse (*)(Service&, Service::Context&);

  static ApiResponse Healthz(Service&, Service::Context&) {
    return Json(200, Object{{"status", "ok"}});
  }
  static ApiResponse Readyz(Service& s, Service::Context& ctx) {
    if (Status ready = s.Readiness(); !ready.ok()) return ctx.Fail(ready);
    return Json(200, Object{{"status", "ready"}});
  }
  static ApiResponse MetricsText(Service& s, Service::Context&) {
    ApiResponse r;
    r.content_type = "text/plain; version=0.0.4";
    s.UpdateGauges();
    r.body = s.metrics_.Text();
    return r;
  }
  static ApiResponse OpenApiDoc(Service&, Service::Context&) {
    return Json(200, Service::OpenApi());
  }
  static ApiResponse Me(Service&, Service::Context& ctx) {
    return Json(200, Object{{"name", ctx.actor.id}, {"role", ctx.actor.role}});
  }

  // The web interface: its files, and logging in and out.
  static ApiResponse WebPage(Service&, Service::Context& ctx) {
    const std::string file = ctx.params.empty() ? "index.html" : ctx.params[0];
    const WebAsset* asset = FindWebAsset(file);
    if (asset == nullptr) return ctx.Fail(Status(ErrorCode::kNotFound, "no such file", "path"));
    ApiResponse r;
    r.content_type = std::string(asset->content_type);
    r.body = std::string(asset->bytes);
    // Only our own files run: no inline script, nothing from elsewhere.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; script-src 'self'; style-src 'self'; "
                           "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'");
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    return r;
  }
  static std::string SessionCookie(const Service::Context& ctx, const std::string& value,
                                   int64_t max_age) {
    return std::string(SessionStore::kCookie) + "=" + value +
           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
           (ctx.request->secure ? "; Secure" : "");
  }
  static ApiResponse Login(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"name", "password"}));
    API_TRY(name, b.Text("name"));
    API_TRY(password, b.Text("password"));
    // Growing delays per name and address, and per address: never a lock a
    // visitor could renew to keep the real user out.
    if (auto wait = s.login_throttle_.Admit(name, ctx.request->client_address)) {
      const int64_t seconds = (*wait + 999'999) / 1'000'000;
      ApiResponse r = ctx.Fail(
          Status(ErrorCode::kTooManyRequests,
                 "too many attempts; try again in " + std::to_string(seconds) + " s", "password"));
      r.headers.emplace_back("Retry-After", std::to_string(seconds));
      return r;
    }
    API_TRY(actor, s.users_->CheckPassword(name, password));
    s.login_throttle_.Succeeded(name, ctx.request->client_address);
    API_TRY(stamp, s.users_->LoginStamp(name));
    const SessionStore::Issued issued = s.sessions_.Create(actor, std::move(stamp));
    Poco::Logger::get("aidledger.audit").notice("login " + actor.id + " (" + actor.role + ")");
    ApiResponse r =
        Json(201, Object{{"name", actor.id}, {"role", actor.role}, {"csrf", issued.csrf}});
    r.headers.emplace_back("Set-Cookie", SessionCookie(ctx, issued.id, 12 * 3600));
    return r;
  }
  static ApiResponse SessionInfo(Service& s, Service::Context& ctx) {
    auto session = s.sessions_.Find(CookieValue(ctx.request->cookie, SessionStore::kCookie));
    return Json(200, Object{{"name", ctx.actor.id},
                            {"role", ctx.actor.role},
                            {"csrf", session ? session->csrf : std::string()}});
  }
  static ApiResponse Logout(Service& s, Service::Context& ctx) {
    s.sessions_.Remove(CookieValue(ctx.request->cookie, SessionStore::kCookie));
    ApiResponse r = Json(200, Object{{"logged_out", true}});
    r.headers.emplace_back("Set-Cookie", SessionCookie(ctx, "", 0));
    return r;
  }

  // Funds.
  static ApiResponse ListFunds(Service& s, Service::Context& ctx) {
    ApiResponse r;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      std::lock_guard lock(s.funds_answer_mu_);
      if (s.funds_answer_size_ != state.size()) {
        s.funds_answer_ = EncodeCanonical(Object{{"funds", FundsJson(state)}});
        s.funds_answer_size_ = state.size();
      }
      r.body = s.funds_answer_;
    }));
    return r;
  }
  static Array FundsJson(const BooksState& state) {
    Array funds;
    for (const auto& [code, f] : state.funds()) {
      Array serves, stock;
      for (const auto& c : f.serves) serves.emplace_back(c);
      for (const auto& [key, line] : f.stock) {
        const size_t nl = key.find('\n');
        Object item{
            {"item", key.substr(0, nl)}, {"unit", key.substr(nl + 1)}, {"quantity", line.quantity}};
        if (!line.currency.empty()) item.Set("value", MoneyJson(line.currency, line.value_minor));
        stock.push_back(std::move(item));
      }
      funds.push_back(Object{{"code", code},
                             {"name_zh", f.name_zh},
                             {"name_en", f.name_en},
                             {"restricted", f.restricted},
                             {"purpose", f.purpose},
                             {"serves", std::move(serves)},
                             {"open", f.open},
                             {"cash", Holdings(f.cash)},
                             {"goods", Holdings(f.goods)},
                             {"stock", std::move(stock)}});
    }
    return funds;
  }
  static ApiResponse OpenFund(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"code", "name_zh", "name_en", "restricted", "purpose", "serves"}));
    API_TRY(code, b.Text("code"));
    API_TRY(name_zh, b.Text("name_zh"));
    API_TRY(name_en, b.Text("name_en"));
    API_TRY(restricted, b.Bool("restricted", false));
    API_TRY(purpose, b.TextOr("purpose", ""));
    API_TRY(serves, b.Strings("serves"));
    auto r = s.books_->OpenFund({code, name_zh, name_en, restricted, purpose, serves}, ctx.actor,
                                ctx.Answer([code](const std::string&, const AppendedEntry& e) {
                                  return EntryCreated(e, Object{{"code", code}});
                                }));
    return ctx.Finish(r);
  }
  static ApiResponse CloseFund(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"reason"}));
    API_TRY(reason, b.Text("reason"));
    auto r = s.books_->CloseFund(ctx.params[0], reason, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  static ApiResponse Transfer(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"from", "to", "amount", "currency", "date", "reason", "release"}));
    TransferInput t;
    API_TRY(from, b.Text("from"));
    API_TRY(to, b.Text("to"));
    API_TRY(amount, b.Amount("amount"));
    API_TRY(currency, b.TextOr("currency", "CNY"));
    API_TRY(date, b.BusinessDate("date", ctx.now));
    API_TRY(reason, b.Text("reason"));
    API_TRY(release, b.Optional("release"));
    auto r = s.books_->Transfer({from, to, amount, currency, date, reason, release}, ctx.actor,
                                ctx.AnswerEntry());
    return ctx.Finish(r);
  }

  // Donors and donations.
  static Result<DonorRecord> DonorFromBody(const Body& b) {
    DonorRecord d;
    for (auto [key, member] :
         {std::pair{"type", &DonorRecord::type}, std::pair{"name", &DonorRecord::name},
          std::pair{"phone", &DonorRecord::phone}, std::pair{"email", &DonorRecord::email},
          std::pair{"address", &DonorRecord::address},
          std::pair{"public_name", &DonorRecord::public_name}}) {
      auto v = b.TextOr(key, "");
      if (!v.ok()) return v.status();
      d.*member = *v;
    }
    auto consent = b.Bool("public_consent", false);
    if (!consent.ok()) return consent.status();
    d.public_consent = *consent;
    return d;
  }
  static ApiResponse RegisterDonor(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers(
        {"type", "name", "phone", "email", "address", "public_consent", "public_name"}));
    API_TRY(donor, DonorFromBody(b));
    auto r = s.vault_->RegisterDonor(donor, ctx.actor,
                                     ctx.Answer([](const std::string& id, const AppendedEntry& e) {
                                       return EntryCreated(e, Object{{"id", id}});
                                     }));
    return ctx.Finish(r);
  }
  // The books' donors or recipients, copied under the books' lock so that
  // their records are read from the vault outside it.
  using SubjectMap = std::map<std::string, Subject>;
  static Result<std::vector<std::pair<std::string, Subject>>> Subjects(
      Service& s, const SubjectMap& (BooksState::*which)() const) {
    std::vector<std::pair<std::string, Subject>> out;
    AIDLEDGER_RETURN_IF_ERROR(s.books_->Read([&](const BooksState& state) {
      const SubjectMap& subjects = (state.*which)();
      out.assign(subjects.begin(), subjects.end());
    }));
    return out;
  }
  // The register of donors, for finding a returning donor's id: a person's
  // name masked with the last four digits of their phone (how a team tells
  // two 王* apart), an organisation's name in full. The whole record is one
  // GET /donors/{id} away.
  static ApiResponse ListDonors(Service& s, Service::Context& ctx) {
    API_TRY(donors, Subjects(s, &BooksState::donors));
    Array out;
    for (const auto& [id, subject] : donors) {
      Object o{{"id", id}, {"type", subject.category}, {"erased", subject.erased}};
      if (!subject.erased) {
        auto record = s.vault_->Donor(id, ctx.actor);
        if (record.ok() && record->type == "organisation") {
          o.Set("name", record->name);
        } else if (record.ok()) {
          o.Set("name", MaskName(record->name));
          // The last four digits, read as digits whatever width they were
          // typed in (never the last four bytes of a character).
          std::string digits;
          for (char c : NormaliseDigits(record->phone)) {
            if (c >= '0' && c <= '9') digits += c;
          }
          if (digits.size() >= 4) o.Set("phone_tail", digits.substr(digits.size() - 4));
        }
      }
      out.push_back(std::move(o));
    }
    return Json(200, Object{{"donors", std::move(out)}});
  }
  static ApiResponse GetDonor(Service& s, Service::Context& ctx) {
    API_TRY(d, s.vault_->Donor(ctx.params[0], ctx.actor));
    LogReveal(ctx);
    return Json(200, DonorJson(ctx.params[0], d));
  }
  // Who looked at whose personal record, and when (never what it holds).
  static void LogReveal(const Service::Context& ctx) {
    Poco::Logger::get("aidledger.audit")
        .notice("reveal " + ctx.params[0] + " by " + ctx.actor.id + " (" + ctx.actor.role +
                ") request " + ctx.request->request_id);
  }
  static ApiResponse CorrectDonor(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers(
        {"type", "name", "phone", "email", "address", "public_consent", "public_name", "reason"}));
    API_TRY(donor, DonorFromBody(b));
    API_TRY(reason, b.Text("reason"));
    auto r = s.vault_->CorrectDonor(ctx.params[0], donor, reason, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  static ApiResponse EraseRecord(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"reason"}));
    API_TRY(reason, b.Text("reason"));
    const bool donor = ctx.request->path.find("/donors/") != std::string::npos;
    if (ctx.params[0].rfind(donor ? "D-" : "R-", 0) != 0) {
      return ctx.Fail(Status(ErrorCode::kNotFound, "no such record", "id"));
    }
    auto r = s.vault_->Erase(ctx.params[0], reason, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  static ApiResponse RecordDonation(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"fund", "amount", "currency", "channel", "date", "external_ref",
                             "donor", "memo", "separate_gift"}));
    DonationInput d;
    API_TRY(fund, b.Text("fund"));
    API_TRY(amount, b.Amount("amount"));
    API_TRY(currency, b.TextOr("currency", "CNY"));
    API_TRY(channel, b.Text("channel"));
    API_TRY(date, b.BusinessDate("date", ctx.now));
    API_TRY(ref, b.Optional("external_ref"));
    API_TRY(donor, b.Optional("donor"));
    API_TRY(memo, b.TextOr("memo", ""));
    API_TRY(separate, b.Bool("separate_gift", false));
    d = DonationInput{fund, amount, currency, channel, date, ref, donor, memo, separate};
    auto r = s.books_->RecordDonation(
        d, ctx.actor, ctx.Answer([](const std::string& receipt, const AppendedEntry& e) {
          return EntryCreated(e, Object{{"receipt", receipt}});
        }));
    return ctx.Finish(r);
  }
  static Result<std::vector<GoodsItem>> Items(const Body& b, bool valued) {
    const Value* items = b.Find("items");
    if (items == nullptr || !items->is_array()) return InvalidArgument("a list of items", "items");
    std::vector<GoodsItem> out;
    for (size_t i = 0; i < items->as_array().size(); ++i) {
      const std::string field = "items[" + std::to_string(i) + "]";
      const Value& v = items->as_array()[i];
      if (!v.is_object()) return InvalidArgument("must be an object", field);
      Body item(&v.as_object());
      Status only = valued ? item.OnlyMembers({"item", "quantity", "unit", "valuation", "value"})
                           : item.OnlyMembers({"item", "quantity", "unit"});
      if (!only.ok()) return InvalidArgument(only.message(), field + "." + only.field());
      GoodsItem g;
      auto name = item.Text("item");
      auto quantity = item.Int("quantity");
      auto unit = item.Text("unit");
      if (!name.ok()) return InvalidArgument(name.status().message(), field + ".item");
      if (!quantity.ok()) return InvalidArgument(quantity.status().message(), field + ".quantity");
      if (!unit.ok()) return InvalidArgument(unit.status().message(), field + ".unit");
      g.item = *name;
      g.quantity = *quantity;
      g.unit = *unit;
      if (valued) {
        auto valuation = item.Text("valuation");
        auto value = item.Amount("value");
        if (!valuation.ok()) {
          return InvalidArgument(valuation.status().message(), field + ".valuation");
        }
        if (!value.ok()) return InvalidArgument(value.status().message(), field + ".value");
        g.valuation = *valuation;
        g.value = *value;
      }
      out.push_back(std::move(g));
    }
    return out;
  }
  static ApiResponse RecordGoods(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers(
        {"fund", "currency", "date", "donor", "items", "received_by", "checked_by", "memo"}));
    GoodsDonationInput g;
    API_TRY(fund, b.Text("fund"));
    API_TRY(currency, b.TextOr("currency", "CNY"));
    API_TRY(date, b.BusinessDate("date", ctx.now));
    API_TRY(donor, b.Optional("donor"));
    API_TRY(items, Items(b, true));
    API_TRY(received_by, b.Text("received_by"));
    API_TRY(checked_by, b.Text("checked_by"));
    API_TRY(memo, b.TextOr("memo", ""));
    g = GoodsDonationInput{fund, currency, date, donor, items, received_by, checked_by, memo};
    auto r = s.books_->RecordGoodsDonation(
        g, ctx.actor, ctx.Answer([](const std::string& receipt, const AppendedEntry& e) {
          return EntryCreated(e, Object{{"receipt", receipt}});
        }));
    return ctx.Finish(r);
  }
  static ApiResponse HandOut(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"fund", "recipient", "date", "items", "memo"}));
    API_TRY(fund, b.Text("fund"));
    API_TRY(recipient, b.Text("recipient"));
    API_TRY(date, b.BusinessDate("date", ctx.now));
    API_TRY(items, Items(b, false));
    API_TRY(memo, b.TextOr("memo", ""));
    auto r =
        s.books_->HandOutGoods({fund, recipient, date, items, memo}, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }

  // Receipts.
  // Whether the gift a receipt acknowledges still stands, and if not, what
  // happened, when and why: the void and the reversal of the gift, each
  // with its entry and the time it was recorded. A donor holding the
  // receipt is told plainly.
  static Result<Object> ReceiptStanding(LedgerReader& reader, const Receipt& r) {
    Object out{
        {"stands", !r.voided && r.reversed_by == 0}, {"void", nullptr}, {"reversal", nullptr}};
    const auto recorded_at = [&](int64_t seq) -> Result<std::string> {
      auto stored = reader.GetEntry(seq);
      if (!stored.ok()) return stored.status();
      auto e = DecodeEntry(stored->canonical);
      if (!e.ok()) return e.status();
      return FormatTimestamp(e->recorded_at);
    };
    if (r.voided_by != 0) {
      auto at = recorded_at(r.voided_by);
      if (!at.ok()) return at.status();
      out.Set("void",
              Object{{"seq", r.voided_by}, {"reason", r.void_reason}, {"recorded_at", *at}});
    }
    if (r.reversed_by != 0) {
      auto at = recorded_at(r.reversed_by);
      if (!at.ok()) return at.status();
      out.Set("reversal", Object{{"seq", r.reversed_by},
                                 {"reason", r.reversal_reason},
                                 {"date", r.reversal_date},
                                 {"recorded_at", *at}});
    }
    return out;
  }
  static ApiResponse GetReceipt(Service& s, Service::Context& ctx) {
    std::optional<Receipt> receipt;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      auto it = state.receipts().find(ctx.params[0]);
      if (it != state.receipts().end()) receipt = it->second;
    }));
    if (!receipt) return ctx.Fail(Status(ErrorCode::kNotFound, "no such receipt", "number"));
    API_TRY(lease, s.readers_->Acquire());
    API_TRY(entry, lease->reader->GetEntry(receipt->donation_seq));
    API_TRY(standing, ReceiptStanding(*lease->reader, *receipt));
    return Json(200, Object{{"number", ctx.params[0]},
                            {"check_code",
                             s.vault_->ReceiptCheckCode(ctx.params[0], receipt->donation_seq)},
                            {"amount_in_words", AmountInWords(entry)},
                            {"voided", receipt->voided},
                            {"stands", standing.Find("stands")->as_bool()},
                            {"void", *standing.Find("void")},
                            {"reversal", *standing.Find("reversal")},
                            {"bill_number", receipt->bill_number},
                            {"copies_printed", int64_t{receipt->copies_printed}},
                            {"donation", EntryJson(entry)}});
  }
  static ApiResponse ReceiptAction(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    const std::string& path = ctx.request->path;
    const std::string& number = ctx.params[0];
    auto answer = ctx.AnswerEntry();
    Result<AppendedEntry> r = Status(ErrorCode::kInternal, "no action");
    if (path.size() >= 5 && path.compare(path.size() - 5, 5, "/void") == 0) {
      API_CHECK(b.OnlyMembers({"reason"}));
      API_TRY(reason, b.Text("reason"));
      r = s.books_->VoidReceipt(number, reason, ctx.actor, answer);
    } else if (path.size() >= 5 && path.compare(path.size() - 5, 5, "/bill") == 0) {
      API_CHECK(b.OnlyMembers({"bill_number", "issuer"}));
      API_TRY(bill, b.Text("bill_number"));
      API_TRY(issuer, b.Text("issuer"));
      r = s.books_->RecordBillNumber(number, bill, issuer, ctx.actor, answer);
    } else {
      API_CHECK(b.OnlyMembers({}));
      auto copy = s.books_->PrintReceipt(
          number, ctx.actor, ctx.Answer([](const std::string& copy_text, const AppendedEntry& e) {
            const int64_t n = std::stoll(copy_text);
            return EntryCreated(e, Object{{"copy", n}, {"duplicate", n > 1}});
          }));
      if (!copy.ok()) return ctx.Fail(copy.status());
      return ctx.Done();
    }
    return ctx.Finish(r);
  }

  // Recipients.
  static Result<RecipientRecord> RecipientFromBody(const Body& b) {
    RecipientRecord r;
    for (auto [key, member] : {std::pair{"name", &RecipientRecord::name},
                               std::pair{"id_number", &RecipientRecord::id_number},
                               std::pair{"school", &RecipientRecord::school},
                               std::pair{"grade", &RecipientRecord::grade},
                               std::pair{"guardian", &RecipientRecord::guardian},
                               std::pair{"phone", &RecipientRecord::phone},
                               std::pair{"bank_account", &RecipientRecord::bank_account},
                               std::pair{"notes", &RecipientRecord::notes},
                               std::pair{"consent_by", &RecipientRecord::consent_by},
                               std::pair{"consent_date", &RecipientRecord::consent_date},
                               std::pair{"consent_form", &RecipientRecord::consent_form}}) {
      auto v = b.TextOr(key, "");
      if (!v.ok()) return v.status();
      r.*member = *v;
    }
    return r;
  }
  static std::vector<std::string> RecipientMembers() {
    return {"name",  "id_number",    "school",     "grade",        "guardian",    "phone",
            "notes", "bank_account", "consent_by", "consent_date", "consent_form"};
  }
  static ApiResponse EnrolRecipient(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    auto allowed = RecipientMembers();
    allowed.push_back("category");
    API_CHECK(b.OnlyMembers(allowed));
    API_TRY(category, b.Text("category"));
    API_TRY(record, RecipientFromBody(b));
    auto r = s.vault_->EnrolRecipient(category, record, ctx.actor,
                                      ctx.Answer([](const std::string& id, const AppendedEntry& e) {
                                        return EntryCreated(e, Object{{"id", id}});
                                      }));
    return ctx.Finish(r);
  }
  static ApiResponse ListRecipients(Service& s, Service::Context& ctx) {
    API_TRY(roster, Subjects(s, &BooksState::recipients));
    Array out;
    for (const auto& [id, subject] : roster) {
      Object o{{"id", id}, {"category", subject.category}, {"erased", subject.erased}};
      // Names, masked unless the role may see them; auditors never see
      // personal data, masked or not.
      // The roster shows names masked for every role: the whole record is
      // one reveal away (GET /recipients/{id}), and each reveal is logged.
      if (!subject.erased && !ActsAs(ctx.actor, Role::kAuditor)) {
        auto record = s.vault_->Recipient(id, ctx.actor);
        if (record.ok()) o.Set("name", MaskName(record->name));
      }
      out.push_back(std::move(o));
    }
    return Json(200, Object{{"recipients", std::move(out)}});
  }
  static ApiResponse GetRecipient(Service& s, Service::Context& ctx) {
    API_TRY(r, s.vault_->Recipient(ctx.params[0], ctx.actor));
    LogReveal(ctx);
    return Json(200, RecipientJson(ctx.params[0], r));
  }
  static ApiResponse CorrectRecipient(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    auto allowed = RecipientMembers();
    allowed.push_back("reason");
    API_CHECK(b.OnlyMembers(allowed));
    API_TRY(record, RecipientFromBody(b));
    API_TRY(reason, b.Text("reason"));
    auto r =
        s.vault_->CorrectRecipient(ctx.params[0], record, reason, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }

  // Grants.
  static ApiResponse ListGrants(Service& s, Service::Context& ctx) {
    const std::string state_filter = QueryText(ctx.request->query, "state");
    const std::string recipient = QueryText(ctx.request->query, "recipient");
    Array out;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      for (const auto& [id, g] : state.grants()) {
        if (!state_filter.empty() && state_filter != GrantState(g.state)) continue;
        if (!recipient.empty() && recipient != g.recipient) continue;
        out.push_back(GrantJson(g));
      }
    }));
    return Json(200, Object{{"grants", std::move(out)}});
  }
  static ApiResponse GetGrant(Service& s, Service::Context& ctx) {
    std::optional<Value> grant;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      auto it = state.grants().find(ctx.params[0]);
      if (it != state.grants().end()) grant = GrantJson(it->second);
    }));
    if (!grant) return ctx.Fail(Status(ErrorCode::kNotFound, "no such grant", "id"));
    return Json(200, *grant);
  }
  static ApiResponse ProposeGrant(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"recipient", "fund", "amount", "currency", "purpose", "term"}));
    API_TRY(recipient, b.Text("recipient"));
    API_TRY(fund, b.Text("fund"));
    API_TRY(amount, b.Amount("amount"));
    API_TRY(currency, b.TextOr("currency", "CNY"));
    API_TRY(purpose, b.Text("purpose"));
    API_TRY(term, b.Text("term"));
    auto r = s.books_->ProposeGrant({recipient, fund, amount, currency, purpose, term}, ctx.actor,
                                    ctx.Answer([](const std::string& id, const AppendedEntry& e) {
                                      return EntryCreated(e, Object{{"id", id}});
                                    }));
    return ctx.Finish(r);
  }
  static ApiResponse DecideGrant(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"comment"}));
    API_TRY(comment, b.TextOr("comment", ""));
    const bool approve = ctx.request->path.find("/approve") != std::string::npos;
    auto r = s.books_->DecideGrant(ctx.params[0], approve, comment, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  static ApiResponse PayGrant(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"amount", "date", "channel", "external_ref", "duplicate_reason"}));
    API_TRY(amount, b.Amount("amount"));
    API_TRY(date, b.BusinessDate("date", ctx.now));
    API_TRY(channel, b.Text("channel"));
    API_TRY(ref, b.Optional("external_ref"));
    API_TRY(duplicate, b.Optional("duplicate_reason"));
    auto r = s.books_->PayGrant(PaymentInput{ctx.params[0], amount, date, channel, ref, duplicate},
                                ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }

  // A batch of donations as CSV: all rows or none.
  static ApiResponse RecordBatch(Service& s, Service::Context& ctx) {
    const auto& q = ctx.request->query;
    for (const auto& [key, value] : q) {
      if (key != "rows" && key != "total" && key != "charset") {
        return ctx.Fail(InvalidArgument("is not a parameter of a batch", key));
      }
    }
    API_TRY(rows, QueryInt(q, "rows", -1, 1, 100'000));
    if (rows < 0) return ctx.Fail(InvalidArgument("declare the number of rows", "rows"));
    const std::string total = QueryText(q, "total");
    if (total.empty()) return ctx.Fail(InvalidArgument("declare the total", "total"));
    std::string charset = QueryText(q, "charset");
    const std::string& type = ctx.request->content_type;
    if (const size_t at = type.find("charset="); charset.empty() && at != std::string::npos) {
      charset = type.substr(at + 8);
      charset = charset.substr(0, charset.find(';'));
    }
    std::vector<RowError> errors;
    auto batch = ParseDonationCsv(ctx.request->body, charset, &errors, LatestBusinessDate(ctx.now));
    if (!batch.ok()) return BatchProblem(ctx, batch.status(), errors);
    API_CHECK(CheckDeclared(*batch, rows, total));
    size_t failed = 0;
    auto recorded = s.books_->RecordDonations(
        batch->rows, ctx.actor, &failed,
        ctx.Answer([](const std::string& count, const AppendedEntry& last) {
          const int64_t n = std::stoll(count);
          return Json(201, Object{{"rows", n},
                                  {"first_seq", last.seq - n + 1},
                                  {"last_seq", last.seq},
                                  {"hash", ToHex(last.hash)},
                                  {"recorded_at", FormatTimestamp(last.recorded_at)}});
        }));
    if (!recorded.ok()) {
      if (failed < batch->lines.size()) {
        return BatchProblem(
            ctx,
            InvalidArgument("the row on line " + std::to_string(batch->lines[failed]) +
                                " is refused: " + recorded.status().message(),
                            "csv"),
            {RowError{batch->lines[failed], recorded.status().field(),
                      recorded.status().message()}},
            recorded.status().code());
      }
      return ctx.Fail(recorded.status());
    }
    return ctx.Done();
  }
  // A problem with every bad row: "errors": [{"line","field","message"}...].
  static ApiResponse BatchProblem(Service::Context& ctx, const Status& status,
                                  const std::vector<RowError>& errors,
                                  ErrorCode code = ErrorCode::kInvalidArgument) {
    ApiResponse r = ctx.Fail(Status(code, status.message(), status.field()));
    auto body = ParseJson(r.body);
    if (!body.ok()) return r;
    Array list;
    for (const RowError& e : errors) {
      list.push_back(Object{{"line", int64_t{e.line}}, {"field", e.field}, {"message", e.message}});
    }
    body->as_object().Set("errors", std::move(list));
    r.body = EncodeCanonical(*body);
    return r;
  }

  // Corrections, periods, policy.
  // A reversal is proposed, and confirmed by another person (POST
  // /proposals/{seq}/confirm); only an amount the policy exempts is reversed
  // at once. The answer says which: "state" "proposed" or "reversed".
  static ApiResponse Reverse(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"entry", "reason", "date"}));
    API_TRY(entry, b.Int("entry"));
    API_TRY(reason, b.Text("reason"));
    API_TRY(date, b.BusinessDate("date", ctx.now));
    bool exempt = false;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      auto post = state.ReversiblePosting(entry);
      exempt =
          post && (post->minor < 0 ? -post->minor : post->minor) < state.reversal_exempt_below();
    }));
    const char* state = exempt ? "reversed" : "proposed";
    auto answer = ctx.Answer([state](const std::string&, const AppendedEntry& e) {
      return EntryCreated(e, Object{{"state", state}});
    });
    auto r = exempt ? s.books_->Reverse(entry, reason, date, ctx.actor, answer)
                    : s.books_->ProposeReversal(entry, reason, ctx.actor, answer);
    return ctx.Finish(r);
  }
  // What waits for a second person: closes, reopenings and reversals.
  static ApiResponse ListProposals(Service& s, Service::Context& ctx) {
    Array out;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      for (const auto& [seq, p] : state.proposals()) {
        Object o{{"seq", seq},
                 {"kind", p.kind},
                 {"reason", p.reason},
                 {"proposer", Object{{"id", p.proposer.id}, {"role", p.proposer.role}}}};
        if (!p.period.empty()) {
          o.Set("period", p.period);
          Array confirmers;
          for (const std::string& id : p.confirmers) confirmers.push_back(id);
          o.Set("confirmers", std::move(confirmers));
          o.Set("confirmations_required", int64_t{p.confirmations_required});
        }
        if (p.reverses != 0) {
          o.Set("reverses", p.reverses);
          if (auto post = state.ReversiblePosting(p.reverses)) {
            o.Set("entry_kind", post->kind);
            o.Set("fund", post->fund);
            o.Set("date", post->date);
            o.Set("amount", MoneyJson(post->currency, post->minor));
          }
        }
        out.push_back(std::move(o));
      }
    }));
    return Json(200, Object{{"proposals", std::move(out)}});
  }
  // Confirms a proposal of another person: a reversal takes the date of the
  // correction; a close or a reopening nothing.
  static ApiResponse ConfirmProposal(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_TRY(seq, SeqParam(ctx.params[0]));
    std::string kind;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      auto it = state.proposals().find(seq);
      if (it != state.proposals().end()) kind = it->second.kind;
    }));
    if (kind.empty()) {
      return ctx.Fail(
          Status(ErrorCode::kNotFound, "no such proposal waits to be confirmed", "proposal"));
    }
    Result<AppendedEntry> r = Status(ErrorCode::kInternal, "not confirmed");
    if (kind == kinds::kReversalProposed) {
      API_CHECK(b.OnlyMembers({"date"}));
      API_TRY(date, b.BusinessDate("date", ctx.now));
      r = s.books_->ConfirmReversal(seq, date, ctx.actor, ctx.AnswerEntry());
    } else {
      API_CHECK(b.OnlyMembers({}));
      // The answer says how many confirmations the close or reopening still
      // waits for (0: done), as the books stood when it was asked.
      int64_t left = 0;
      API_CHECK(s.books_->Read([&](const BooksState& state) {
        const Proposal& p = state.proposals().at(seq);
        left = p.confirmations_required - 1 - static_cast<int64_t>(p.confirmers.size());
      }));
      auto answer = ctx.Answer([left](const std::string&, const AppendedEntry& e) {
        return EntryCreated(e, Object{{"confirmations_left", left > 0 ? left : int64_t{0}}});
      });
      r = kind == kinds::kPeriodCloseProposed ? s.books_->ConfirmClose(seq, ctx.actor, answer)
                                              : s.books_->ConfirmReopen(seq, ctx.actor, answer);
    }
    return ctx.Finish(r);
  }
  static ApiResponse RejectProposal(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"reason"}));
    API_TRY(seq, SeqParam(ctx.params[0]));
    API_TRY(reason, b.Text("reason"));
    auto r = s.books_->RejectProposal(seq, reason, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  static ApiResponse ListCorrections(Service& s, Service::Context& ctx) {
    Array out;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      for (const Correction& c : state.corrections()) {
        out.push_back(Object{{"seq", c.seq},
                             {"kind", c.kind},
                             {"target", c.target},
                             {"reason", c.reason},
                             {"date", c.date},
                             {"actor", Object{{"id", c.actor.id}, {"role", c.actor.role}}}});
      }
    }));
    return Json(200, Object{{"corrections", std::move(out)}});
  }
  // Volunteer service: a count of people and their time, never who.
  static ApiResponse ListServices(Service& s, Service::Context& ctx) {
    Array out;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      for (const ServiceRecord& r : state.services()) {
        out.push_back(
            Object{{"seq", r.seq},
                   {"date", r.date},
                   {"activity", r.activity},
                   {"volunteers", r.volunteers},
                   {"minutes", r.minutes},
                   {"withdrawn_by", r.withdrawn_by == 0 ? Value(nullptr) : Value(r.withdrawn_by)}});
      }
    }));
    return Json(200, Object{{"services", std::move(out)}});
  }
  static ApiResponse RecordService(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"activity", "date", "volunteers", "minutes"}));
    API_TRY(activity, b.Text("activity"));
    API_TRY(date, b.BusinessDate("date", ctx.now));
    API_TRY(volunteers, b.Int("volunteers"));
    API_TRY(minutes, b.Int("minutes"));
    auto r = s.books_->RecordService({activity, date, volunteers, minutes}, ctx.actor,
                                     ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  static ApiResponse WithdrawService(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"reason"}));
    API_TRY(seq, SeqParam(ctx.params[0]));
    API_TRY(reason, b.Text("reason"));
    auto r = s.books_->WithdrawService(seq, reason, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  // Proposes closing a period that has ended on the team's calendar; another
  // person confirms it (POST /proposals/{seq}/confirm).
  static ApiResponse ClosePeriod(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({}));
    auto r =
        s.books_->ProposeClose(ctx.params[0], LocalDate(ctx.now), ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  static ApiResponse ReopenPeriod(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({"reason"}));
    API_TRY(reason, b.Text("reason"));
    auto r = s.books_->ProposeReopen(ctx.params[0], reason, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  // Where the books stand: closed through when, the period that may be
  // proposed for closing next (and whether it has ended), the latest closed
  // one (which alone may be reopened), and closes waiting for a second person.
  static ApiResponse Periods(Service& s, Service::Context& ctx) {
    const std::string today = LocalDate(ctx.now);
    Object out;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      std::string next = state.NextClosableMonth();
      if (next.empty()) {
        // Nothing closed yet: the month of the earliest dated entry, else
        // the month before this one.
        int32_t first = 0;
        for (const FactRow& f : state.fact_rows()) {
          if (first == 0 || f.date < first) first = f.date;
        }
        char buf[16];
        if (first != 0) {
          std::snprintf(buf, sizeof buf, "%04d-%02d", (first / 10000) % 10000, (first / 100) % 100);
          next = buf;
        } else {
          int year = std::stoi(today.substr(0, 4)), month = std::stoi(today.substr(5, 2)) - 1;
          if (month == 0) {
            month = 12;
            --year;
          }
          std::snprintf(buf, sizeof buf, "%04d-%02d", year % 10000, month % 100);
          next = buf;
        }
      }
      Array closable;
      for (const std::string& period : {next, next.substr(0, 4)}) {
        const std::string end = BooksState::PeriodEnd(period);
        if (state.CheckClosable(period).ok() && end < today) {
          closable.push_back(Object{{"period", period}, {"through", end}});
        }
      }
      out.Set("closed_through", state.closed_through());
      out.Set("next_month", next);
      out.Set("closable", std::move(closable));
      out.Set("latest_closed", state.LatestClosedPeriod());
      out.Set("today", today);
    }));
    return Json(200, out);
  }
  // One policy a call: approvals_required, max_entry_minor or
  // reversal_exempt_below.
  static ApiResponse SetPolicy(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers(
        {"approvals_required", "close_confirmations", "max_entry_minor", "reversal_exempt_below"}));
    if (ctx.body->size() != 1) {
      return ctx.Fail(
          InvalidArgument("give one of approvals_required, close_confirmations, max_entry_minor, "
                          "reversal_exempt_below",
                          "policy"));
    }
    if (b.Find("approvals_required") != nullptr) {
      API_TRY(n, b.Int("approvals_required"));
      if (n < 1 || n > 5) {
        return ctx.Fail(InvalidArgument("1 to 5 approvals", "approvals_required"));
      }
      auto r = s.books_->SetApprovalsRequired(static_cast<int>(n), ctx.actor, ctx.AnswerEntry());
      return ctx.Finish(r);
    }
    const std::string name = b.Find("max_entry_minor") != nullptr       ? "max_entry_minor"
                             : b.Find("close_confirmations") != nullptr ? "close_confirmations"
                                                                        : "reversal_exempt_below";
    API_TRY(n, b.Int(name));
    auto r = s.books_->SetPolicy(name, n, ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }

  // The raw ledger, checkpoints, proofs, verify.
  static ApiResponse ListEntries(Service& s, Service::Context& ctx) {
    const auto& q = ctx.request->query;
    EntryQuery query;
    API_TRY(after, QueryInt(q, "after", 0, 0, INT64_MAX));
    API_TRY(limit, QueryInt(q, "limit", 100, 1, 1000));
    query.after = after;
    query.limit = static_cast<int>(limit);
    query.kind = QueryText(q, "kind");
    query.fund = QueryText(q, "fund");
    query.from = QueryText(q, "from");
    query.to = QueryText(q, "to");
    for (const auto& [key, value] : q) {
      if (key != "after" && key != "limit" && key != "kind" && key != "fund" && key != "from" &&
          key != "to") {
        return ctx.Fail(InvalidArgument("is not a filter of this list", key));
      }
    }
    for (const char* key : {"from", "to"}) {
      const std::string& d = std::string(key) == "from" ? query.from : query.to;
      if (!d.empty() && !IsValidDate(d)) return ctx.Fail(InvalidArgument("YYYY-MM-DD", key));
    }
    API_TRY(lease, s.readers_->Acquire());
    API_TRY(page, lease->reader->Query(query));
    Array entries;
    for (const StoredEntry& e : page.entries) entries.push_back(EntryJson(e));
    Object out{{"entries", std::move(entries)}};
    out.Set("next", page.next == 0 ? Value() : Value(std::to_string(page.next)));
    return Json(200, Value(std::move(out)));
  }
  // An entry's sequence number from the path.
  static Result<int64_t> SeqParam(const std::string& p) {
    int64_t seq = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), seq);
    if (ec != std::errc() || end != p.data() + p.size() || seq < 1) {
      return InvalidArgument("a sequence number", "seq");
    }
    return seq;
  }
  static ApiResponse GetEntry(Service& s, Service::Context& ctx) {
    API_TRY(seq, SeqParam(ctx.params[0]));
    ApiResponse r;
    // Entries never change once written: their answers are kept.
    {
      std::lock_guard lock(s.entry_cache_mu_);
      if (auto hit = s.entry_cache_.find(seq); hit != s.entry_cache_.end()) {
        r.body = hit->second;
        return r;
      }
    }
    API_TRY(lease, s.readers_->Acquire());
    API_TRY(entry, lease->reader->GetEntry(seq));
    r.body = EntryJsonText(entry);
    std::lock_guard lock(s.entry_cache_mu_);
    if (s.entry_cache_.emplace(seq, r.body).second) {
      s.entry_cache_order_.push_back(seq);
      if (s.entry_cache_order_.size() > kEntryCacheSize) {
        s.entry_cache_.erase(s.entry_cache_order_.front());
        s.entry_cache_order_.pop_front();
      }
    }
    return r;
  }
  static Value CheckpointJson(const SignedCheckpoint& c) {
    return Object{{"size", static_cast<int64_t>(c.checkpoint.size)},
                  {"root", ToHex(c.checkpoint.root)},
                  {"head", ToHex(c.checkpoint.head_hash)},
                  {"time", FormatTimestamp(c.checkpoint.time)},
                  {"note", c.note}};
  }
  static ApiResponse ListCheckpoints(Service& s, Service::Context& ctx) {
    API_TRY(lease, s.readers_->Acquire());
    if (ctx.request->path.size() >= 7 &&
        ctx.request->path.compare(ctx.request->path.size() - 7, 7, "/latest") == 0) {
      API_TRY(latest, lease->reader->Checkpoint(0));
      return Json(200, CheckpointJson(latest));
    }
    API_TRY(all, lease->reader->Checkpoints());
    Array out;
    for (const auto& c : all) out.push_back(CheckpointJson(c));
    return Json(200, Object{{"checkpoints", std::move(out)}});
  }
  static ApiResponse InclusionProof(Service& s, Service::Context& ctx) {
    API_TRY(seq, QueryInt(ctx.request->query, "seq", 0, 1, INT64_MAX));
    API_TRY(lease, s.readers_->Acquire());
    API_TRY(cp, lease->reader->Checkpoint(0));
    if (static_cast<uint64_t>(seq) > cp.checkpoint.size) {
      return ctx.Fail(Status(ErrorCode::kFailedPrecondition,
                             "the entry is not yet in a signed checkpoint (latest covers " +
                                 std::to_string(cp.checkpoint.size) + ")",
                             "seq"));
    }
    API_TRY(entry, lease->reader->GetEntry(seq));
    API_TRY(proof,
            lease->reader->InclusionProof(static_cast<uint64_t>(seq - 1), cp.checkpoint.size));
    ApiResponse r;
    r.body = EncodeBundle(InclusionBundle{seq, entry.canonical, proof, cp.note});
    return r;
  }
  static ApiResponse ConsistencyProof(Service& s, Service::Context& ctx) {
    API_TRY(from, QueryInt(ctx.request->query, "from", 0, 1, INT64_MAX));
    API_TRY(to, QueryInt(ctx.request->query, "to", 0, 1, INT64_MAX));
    API_TRY(lease, s.readers_->Acquire());
    API_TRY(older, lease->reader->Checkpoint(from));
    API_TRY(newer, lease->reader->Checkpoint(to));
    if (older.checkpoint.size > newer.checkpoint.size) {
      return ctx.Fail(InvalidArgument("the older checkpoint comes first", "from"));
    }
    API_TRY(proof, lease->reader->ConsistencyProof(older.checkpoint.size, newer.checkpoint.size));
    ApiResponse r;
    r.body = EncodeBundle(ConsistencyBundle{older.note, newer.note, proof});
    return r;
  }
  // Reports (reports/catalog.h).
  static ApiResponse ReportCatalog(Service&, Service::Context& ctx) {
    Array out;
    for (const reports::ReportInfo& info : reports::Catalog()) {
      const bool readable = info.roles.empty() || info.roles.Admits(ctx.actor.role);
      if (!readable) continue;
      Array params;
      for (const auto& p : info.params) params.emplace_back(p);
      out.push_back(Object{{"name", info.name},
                           {"zh", info.zh},
                           {"en", info.en},
                           {"params", std::move(params)},
                           {"public", info.roles.empty()}});
    }
    return Json(200, Object{{"reports", std::move(out)}});
  }
  static ApiResponse GetReport(Service& s, Service::Context& ctx) {
    const reports::ReportInfo* info = reports::FindReport(ctx.params[0]);
    if (info == nullptr) return ctx.Fail(Status(ErrorCode::kNotFound, "no such report", "name"));
    if (!info->roles.empty() && !info->roles.Admits(ctx.actor.role)) {
      return ctx.Fail(
          Status(ErrorCode::kPermissionDenied, "this role may not read this report", "actor.role"));
    }
    return MakeReport(s, ctx, info->name, ctx.actor.id + " (" + ctx.actor.role + ")");
  }
  static ApiResponse PublicSummary(Service& s, Service::Context& ctx) {
    return MakeReport(s, ctx, "public-summary", "public");
  }
  // Builds report `name` from the query (from, to, year, donor, format) for
  // the reader, with what the reader's role may see of people; the answer is
  // kept until the books or the latest checkpoint change.
  static ApiResponse MakeReport(Service& s, Service::Context& ctx, const std::string& name,
                                const std::string& by) {
    const auto& query = ctx.request->query;
    reports::ReportRequest q{name,
                             QueryText(query, "from"),
                             QueryText(query, "to"),
                             QueryText(query, "year"),
                             QueryText(query, "donor"),
                             LocalDate(ctx.now),
                             0};
    const std::string format = QueryText(query, "format").empty()
                                   ? (name == "journal" ? "text" : "json")
                                   : QueryText(query, "format");
    if (name == "journal" ? format != "text"
                          : (format != "json" && format != "csv" && format != "html")) {
      return ctx.Fail(InvalidArgument(name == "journal" ? "text" : "json, csv or html", "format"));
    }
    if (name == "public-summary") {
      API_TRY(as_of, s.LatestCheckpointSize());
      q.as_of = as_of;
    }
    int64_t books_size = 0;
    API_CHECK(s.books_->Read([&](const BooksState& state) { books_size = state.size(); }));
    const std::string cache_key = name + "\n" + q.from + "\n" + q.to + "\n" + q.year + "\n" +
                                  q.donor + "\n" + q.today + "\n" + format + "\n" + by;
    {
      std::lock_guard lock(s.report_cache_mu_);
      auto hit = s.report_cache_.find(cache_key);
      if (hit != s.report_cache_.end() && hit->second.size == books_size &&
          hit->second.as_of == q.as_of) {
        return hit->second.answer;
      }
    }
    API_TRY(lease, s.readers_->Acquire());
    reports::People people;
    const Actor viewer = ctx.actor;
    const bool sees_people = !viewer.id.empty() && !ActsAs(viewer, Role::kAuditor);
    if (name == "public-summary") {
      API_TRY(names, s.vault_->PublicDonorNames());
      people.public_donor_names = std::move(names);
    } else if (name == "aid-recipients" && sees_people) {
      // Read the names before the books are locked: the vault reads them too.
      std::vector<std::string> ids;
      API_CHECK(s.books_->Read([&](const BooksState& state) {
        for (const auto& [id, subject] : state.recipients()) {
          if (!subject.erased) ids.push_back(id);
        }
      }));
      auto names = std::make_shared<std::map<std::string, std::string>>();
      for (const auto& id : ids) {
        auto record = s.vault_->Recipient(id, viewer);
        if (record.ok()) (*names)[id] = record->name;
      }
      people.recipient_name = [names](const std::string& id) {
        auto it = names->find(id);
        return it == names->end() ? std::string() : it->second;
      };
    } else if (name == "donor-statement" && sees_people && !q.donor.empty()) {
      auto record = s.vault_->Donor(q.donor, viewer);
      std::string donor_name = record.ok() ? record->name : "";
      people.donor_name = [donor_name = std::move(donor_name)](const std::string&) {
        return donor_name;
      };
    }
    Result<reports::Report> report = Status(ErrorCode::kInternal, "not built");
    std::string journal;
    int64_t size = 0;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      size = state.size();
      if (name == "journal") {
        auto text = reports::BuildJournal(q, state);
        if (!text.ok()) {
          report = text.status();
          return;
        }
        journal = std::move(text).value();
        report = reports::Report{};
      } else {
        report = reports::BuildReport(q, state, people);
      }
    }));
    if (!report.ok()) return ctx.Fail(report.status());
    const int64_t covered = name == "public-summary" ? q.as_of : size;
    API_TRY(basis, reports::ReadBasis(*lease->reader, covered, by, ctx.now));
    ApiResponse r;
    const std::string file =
        name + "-" + (q.from.empty() ? q.year : q.from) + (q.to.empty() ? "" : "-" + q.to);
    const auto keep = [&](ApiResponse answer) {
      s.KeepReport(cache_key, Service::CachedReport{size, q.as_of, answer});
      return answer;
    };
    if (name == "journal") {
      r.content_type = "text/plain; charset=utf-8";
      r.body = "; ledger head " + basis.head_hash + "\n" + journal;
      r.headers.emplace_back("Content-Disposition", AttachmentDisposition("aidledger", "journal"));
      return keep(std::move(r));
    }
    report->basis = std::move(basis);
    const auto write = [format](const reports::Report& built, std::ostream& out) {
      if (format == "csv") {
        reports::WriteCsv(built, out);
      } else if (format == "html") {
        reports::WriteHtml(built, out);
      } else {
        reports::WriteJson(built, out);
      }
    };
    if (format == "csv") {
      r.content_type = "text/csv; charset=utf-8";
      r.headers.emplace_back("Content-Disposition", AttachmentDisposition(file, "csv"));
    } else if (format == "html") {
      r.content_type = "text/html; charset=utf-8";
      r.headers.emplace_back("Content-Security-Policy",
                             "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    }
    size_t rows = 0;
    for (const reports::Table& t : report->tables) rows += t.rows.size();
    if (rows > s.options_.streamed_report_rows) {
      // Sent as it is rendered and not kept: a year's register of a million
      // gifts would otherwise take gigabytes as a tree, text and cache.
      auto built = std::make_shared<const reports::Report>(std::move(report).value());
      r.stream = [built, write](std::ostream& out) {
        write(*built, out);
        return out ? Status::Ok() : IoError("the client stopped reading");
      };
      return r;
    }
    std::ostringstream out;
    write(*report, out);
    r.body = std::move(out).str();
    return keep(std::move(r));
  }
  // A donor checks their receipt: its number and the check code printed on
  // it give the gift, whether it was voided, and the proof that its entry is
  // in the latest signed checkpoint.
  static ApiResponse CheckReceipt(Service& s, Service::Context& ctx) {
    const std::string& number = ctx.params[0];
    const std::string code = QueryText(ctx.request->query, "code");
    std::optional<Receipt> receipt;
    API_CHECK(s.books_->Read([&](const BooksState& state) {
      auto it = state.receipts().find(number);
      if (it != state.receipts().end()) receipt = it->second;
    }));
    // One answer for an unknown number and a wrong code: neither tells
    // which receipts exist.
    if (!receipt || code.size() != 12 ||
        !ConstantTimeEquals(code, s.vault_->ReceiptCheckCode(number, receipt->donation_seq))) {
      return ctx.Fail(
          Status(ErrorCode::kNotFound, "no receipt with this number and check code", "code"));
    }
    API_TRY(lease, s.readers_->Acquire());
    API_TRY(entry, lease->reader->GetEntry(receipt->donation_seq));
    API_TRY(decoded, DecodeEntry(entry.canonical));
    API_TRY(standing, ReceiptStanding(*lease->reader, *receipt));
    Object out{{"number", number},
               {"voided", receipt->voided},
               {"stands", standing.Find("stands")->as_bool()},
               {"void", *standing.Find("void")},
               {"reversal", *standing.Find("reversal")},
               {"seq", receipt->donation_seq},
               {"hash", ToHex(entry.hash)},
               {"kind", decoded.kind},
               {"amount", *decoded.payload.Find("amount")},
               {"fund", *decoded.payload.Find("fund")},
               {"date", *decoded.payload.Find("date")}};
    API_TRY(checkpoints, lease->reader->Checkpoints());
    if (!checkpoints.empty() &&
        checkpoints.back().checkpoint.size >= static_cast<uint64_t>(receipt->donation_seq)) {
      const SignedCheckpoint& cp = checkpoints.back();
      API_TRY(proof, lease->reader->InclusionProof(static_cast<uint64_t>(receipt->donation_seq - 1),
                                                   cp.checkpoint.size));
      API_TRY(bundle, ParseJson(EncodeBundle(InclusionBundle{receipt->donation_seq, entry.canonical,
                                                             proof, cp.note})));
      out.Set("proof", std::move(bundle));
    } else {
      out.Set("proof", nullptr);
      out.Set("note", "the gift is recorded; the next signed checkpoint will cover it");
    }
    return Json(200, out);
  }

  // A QR code (SVG) of `text`, for the receipt check link on receipts.
  static ApiResponse Qr(Service&, Service::Context& ctx) {
    API_TRY(qr, QrCode::Encode(QueryText(ctx.request->query, "text")));
    ApiResponse r;
    r.content_type = "image/svg+xml";
    r.body = qr.Svg();
    return r;
  }
  // Checks a proof bundle (as `aidledger verify-proof` does) against the
  // keys that sign this ledger's checkpoints.
  static ApiResponse CheckBundle(Service& s, Service::Context& ctx) {
    API_TRY(bundle, ParseBundle(ctx.request->body));
    API_TRY(lease, s.readers_->Acquire());
    API_TRY(keys, lease->reader->SigningKeys());
    Status checked = bundle.is_inclusion
                         ? VerifyInclusionBundle(bundle.inclusion, keys).status()
                         : VerifyConsistencyBundle(bundle.consistency, keys).status();
    Object out{{"ok", checked.ok()}, {"kind", bundle.is_inclusion ? "inclusion" : "consistency"}};
    if (!checked.ok()) out.Set("detail", checked.message());
    return Json(200, out);
  }

  // The auditor's downloads: the whole ledger as JSON Lines, and the
  // public keys that sign checkpoints.
  static ApiResponse Export(Service& s, Service::Context& ctx) {
    API_TRY(lease, s.readers_->Acquire());
    ApiResponse r;
    r.content_type = "application/jsonl; charset=utf-8";
    // Streamed: a ledger of a million entries is most of a gigabyte.
    std::shared_ptr<Service::ReaderPool::Lease> held(std::move(lease));
    r.stream = [held](std::ostream& out) { return ExportLedger(*held->reader, out); };
    r.headers.emplace_back("Content-Disposition", AttachmentDisposition("aidledger", "jsonl"));
    return r;
  }
  static ApiResponse PublicKeys(Service& s, Service::Context& ctx) {
    API_TRY(lease, s.readers_->Acquire());
    API_TRY(keys, lease->reader->SigningKeys());
    ApiResponse r;
    r.content_type = "text/plain; charset=utf-8";
    for (const PublicKey& k : keys) r.body += k.Vkey() + "\n";
    return r;
  }
  // "壹仟贰佰伍拾元整" for a gift in CNY; "" otherwise.
  static std::string AmountInWords(const StoredEntry& entry) {
    auto decoded = DecodeEntry(entry.canonical);
    if (!decoded.ok()) return "";
    const Value* amount = decoded->payload.Find("amount");
    if (amount == nullptr) return "";
    auto money = MoneyFromValue(*amount);
    if (!money.ok() || money->currency != "CNY" || money->minor < 0) return "";
    return ChineseCapitalAmount(money->minor);
  }

  static ApiResponse Verify(Service& s, Service::Context& ctx) {
    Body b(ctx.body);
    API_CHECK(b.OnlyMembers({}));
    const VerifyReport r = VerifyWithBooks(s.store_->path());
    s.metrics_.SetGauge("aidledger_last_verify_ok", "1 if the last verify passed, 0 if not",
                        r.ok ? 1 : 0);
    Object out{{"ok", r.ok}, {"size", r.size}};
    if (r.ok) {
      out.Set("head", ToHex(r.head_hash));
      out.Set("root", ToHex(r.root));
      out.Set("checkpoints_checked", r.checkpoints_checked);
    } else if (r.failure) {
      out.Set("error", Object{{"code", std::string(VerifyErrorName(r.failure->error))},
                              {"seq", r.failure->seq},
                              {"detail", r.failure->detail}});
    }
    return Json(200, Value(std::move(out)));
  }
};

#undef API_TRY
#undef API_CHECK

// --- the route table --------------------------------------------------------

namespace {

constexpr RoleSet kAll = RoleSet::Every();

std::vector<std::string> Segments(std::string_view path);

struct Route {
  Route(Service::RouteInfo i, Handlers::Fn f)
      : info(std::move(i)), fn(f), segments(Segments(info.pattern)) {}
  Service::RouteInfo info;
  Handlers::Fn fn;
  std::vector<std::string> segments;  // the pattern's, split once
};

const std::vector<Route>& RouteTable() {
  static const std::vector<Route> kRoutes = [] {
    using H = Handlers;
    const RoleSet treasurer = {Role::kTreasurer};
    const RoleSet coordinator = {Role::kCoordinator};
    const RoleSet money_admin = {Role::kAdmin, Role::kTreasurer};
    const RoleSet deciders = {Role::kAdmin, Role::kCoordinator};
    const RoleSet overseers = {Role::kAdmin, Role::kAuditor};
    const RoleSet personal = {Role::kAdmin, Role::kTreasurer, Role::kCoordinator};
    const RoleSet organisers = personal;  // who records the team's service
    return std::vector<Route>{
        {{"GET", "/healthz", {}, "liveness", {}}, &H::Healthz},
        {{"GET", "/readyz", {}, "readiness: the ledger readable, its disk writable with room", {}},
         &H::Readyz},
        {{"GET", "/metrics", overseers, "Prometheus metrics", {}}, &H::MetricsText},
        {{"GET", "/api/v1/openapi.json", {}, "this API's OpenAPI 3 document", {}}, &H::OpenApiDoc},
        {{"GET", "/api/v1/me", kAll, "who the token belongs to", {}}, &H::Me},
        {{"GET", "/", {}, "the web interface", {}}, &H::WebPage},
        {{"GET", "/ui/{file}", {}, "the web interface's files", {}}, &H::WebPage},
        {{"POST",
          "/api/v1/session",
          {},
          "log in with a user name and password: a session cookie and its CSRF token",
          {"name", "password"}},
         &H::Login},
        {{"GET", "/api/v1/session", kAll, "the session's user, role and CSRF token", {}},
         &H::SessionInfo},
        {{"DELETE", "/api/v1/session", kAll, "log out", {}}, &H::Logout},
        {{"GET", "/api/v1/funds", kAll, "funds, balances and stock", {}}, &H::ListFunds},
        {{"POST",
          "/api/v1/funds",
          money_admin,
          "open a fund",
          {"code", "name_zh", "name_en", "restricted", "purpose", "serves"}},
         &H::OpenFund},
        {{"POST", "/api/v1/funds/{code}/close", money_admin, "close an empty fund", {"reason"}},
         &H::CloseFund},
        {{"POST",
          "/api/v1/transfers",
          money_admin,
          "move money between funds (a release needs an admin)",
          {"from", "to", "amount", "currency", "date", "reason", "release"}},
         &H::Transfer},
        {{"POST",
          "/api/v1/donors",
          treasurer,
          "register a donor (personal data goes to the vault)",
          {"type", "name", "phone", "email", "address", "public_consent", "public_name"}},
         &H::RegisterDonor},
        {{"GET",
          "/api/v1/donors",
          money_admin,
          "registered donors (a person's name masked, with the phone's last four digits)",
          {}},
         &H::ListDonors},
        {{"GET", "/api/v1/donors/{id}", personal, "a donor's record, masked by role", {}},
         &H::GetDonor},
        {{"POST",
          "/api/v1/donors/{id}/correct",
          treasurer,
          "correct a donor's record",
          {"type", "name", "phone", "email", "address", "public_consent", "public_name", "reason"}},
         &H::CorrectDonor},
        {{"POST", "/api/v1/donors/{id}/erase", treasurer, "erase a donor's record", {"reason"}},
         &H::EraseRecord},
        {{"POST",
          "/api/v1/donations",
          treasurer,
          "record a donation in cash or the like",
          {"fund", "amount", "currency", "channel", "date", "external_ref", "donor", "memo",
           "separate_gift"}},
         &H::RecordDonation},
        {{"POST",
          "/api/v1/batches",
          treasurer,
          "a batch of donations as CSV (UTF-8 or GB18030), all rows or none; query: rows, "
          "total, charset",
          {},
          "text/csv"},
         &H::RecordBatch},
        {{"POST",
          "/api/v1/donations/in-kind",
          treasurer,
          "record a donation of goods",
          {"fund", "currency", "date", "donor", "items", "received_by", "checked_by", "memo"}},
         &H::RecordGoods},
        {{"POST",
          "/api/v1/goods/hand-outs",
          {Role::kCoordinator, Role::kTreasurer},
          "hand goods out to a recipient",
          {"fund", "recipient", "date", "items", "memo"}},
         &H::HandOut},
        {{"GET", "/api/v1/reports", kAll, "the reports this role may read", {}}, &H::ReportCatalog},
        {{"GET",
          "/api/v1/reports/{name}",
          kAll,
          "a report (?from, to, year, donor; format=json|csv|html; the journal as text)",
          {}},
         &H::GetReport},
        {{"GET",
          "/api/v1/public/summary",
          {},
          "the public transparency summary, as of the latest signed checkpoint (?from, to, format)",
          {}},
         &H::PublicSummary},
        {{"GET",
          "/api/v1/public/receipts/{number}",
          {},
          "a donor checks a receipt with the check code printed on it (?code)",
          {}},
         &H::CheckReceipt},
        {{"GET", "/api/v1/receipts/{number}", kAll, "a receipt and its donation", {}},
         &H::GetReceipt},
        {{"POST", "/api/v1/receipts/{number}/void", treasurer, "void a receipt", {"reason"}},
         &H::ReceiptAction},
        {{"POST",
          "/api/v1/receipts/{number}/bill",
          treasurer,
          "record the partner foundation's bill number",
          {"bill_number", "issuer"}},
         &H::ReceiptAction},
        {{"POST",
          "/api/v1/receipts/{number}/print",
          treasurer,
          "record a print: copy 1 is the original, later ones duplicates",
          {}},
         &H::ReceiptAction},
        {{"POST",
          "/api/v1/recipients",
          coordinator,
          "enrol a recipient (personal data goes to the vault)",
          {"category", "name", "id_number", "school", "grade", "guardian", "phone", "bank_account",
           "notes", "consent_by", "consent_date", "consent_form"}},
         &H::EnrolRecipient},
        {{"GET",
          "/api/v1/recipients",
          kAll,
          "the roster (names masked by role; none for auditors)",
          {}},
         &H::ListRecipients},
        {{"GET", "/api/v1/recipients/{id}", personal, "a recipient's record, masked by role", {}},
         &H::GetRecipient},
        {{"POST",
          "/api/v1/recipients/{id}/correct",
          coordinator,
          "correct a recipient's record",
          {"name", "id_number", "school", "grade", "guardian", "phone", "bank_account", "notes",
           "consent_by", "consent_date", "consent_form", "reason"}},
         &H::CorrectRecipient},
        {{"POST",
          "/api/v1/recipients/{id}/erase",
          coordinator,
          "erase a recipient's record",
          {"reason"}},
         &H::EraseRecord},
        {{"GET", "/api/v1/grants", kAll, "grants (filters: state, recipient)", {}}, &H::ListGrants},
        {{"GET", "/api/v1/grants/{id}", kAll, "one grant", {}}, &H::GetGrant},
        {{"POST",
          "/api/v1/grants",
          coordinator,
          "propose a grant",
          {"recipient", "fund", "amount", "currency", "purpose", "term"}},
         &H::ProposeGrant},
        {{"POST",
          "/api/v1/grants/{id}/approve",
          deciders,
          "approve a grant (never its proposer)",
          {"comment"}},
         &H::DecideGrant},
        {{"POST", "/api/v1/grants/{id}/reject", deciders, "reject a grant", {"comment"}},
         &H::DecideGrant},
        {{"POST",
          "/api/v1/grants/{id}/payments",
          treasurer,
          "pay an instalment of an approved grant (a disbursement; a reference recorded "
          "already needs duplicate_reason)",
          {"amount", "date", "channel", "external_ref", "duplicate_reason"}},
         &H::PayGrant},
        {{"POST",
          "/api/v1/reversals",
          money_admin,
          "propose reversing an entry's value effect (another person confirms; an amount the "
          "policy exempts is reversed at once)",
          {"entry", "reason", "date"}},
         &H::Reverse},
        {{"GET",
          "/api/v1/proposals",
          kAll,
          "what waits for a second person: closes, reopenings, reversals",
          {}},
         &H::ListProposals},
        {{"POST",
          "/api/v1/proposals/{seq}/confirm",
          money_admin,
          "confirm another person's proposal (a reversal: with the date of the correction)",
          {"date"}},
         &H::ConfirmProposal},
        {{"POST",
          "/api/v1/proposals/{seq}/reject",
          money_admin,
          "reject a proposal with the reason (its proposer so withdraws it)",
          {"reason"}},
         &H::RejectProposal},
        {{"GET",
          "/api/v1/corrections",
          kAll,
          "every reversal, void and withdrawn service record",
          {}},
         &H::ListCorrections},
        {{"GET", "/api/v1/services", kAll, "volunteer service recorded (counts, never names)", {}},
         &H::ListServices},
        {{"POST",
          "/api/v1/services",
          organisers,
          "record volunteer service: donated services, disclosed, not income",
          {"activity", "date", "volunteers", "minutes"}},
         &H::RecordService},
        {{"POST",
          "/api/v1/services/{seq}/withdraw",
          organisers,
          "withdraw a service record made in error",
          {"reason"}},
         &H::WithdrawService},
        {{"GET",
          "/api/v1/periods",
          kAll,
          "closed through when, the next period that may close, the latest closed one",
          {}},
         &H::Periods},
        {{"POST",
          "/api/v1/periods/{period}/close",
          money_admin,
          "propose closing a month or a year that has ended, the next in order (another "
          "person confirms; a checkpoint follows)",
          {}},
         &H::ClosePeriod},
        {{"POST",
          "/api/v1/periods/{period}/reopen",
          money_admin,
          "propose reopening the latest closed period, with the reason (another person "
          "confirms; shown as a correction)",
          {"reason"}},
         &H::ReopenPeriod},
        {{"POST",
          "/api/v1/policy",
          {Role::kAdmin},
          "one policy of the books: approvals a grant needs, people who confirm a close or a "
          "reopening, the largest amount one entry may carry (minor units), reversals exempt "
          "from a second person (below minor units)",
          {"approvals_required", "close_confirmations", "max_entry_minor",
           "reversal_exempt_below"}},
         &H::SetPolicy},
        {{"GET",
          "/api/v1/entries",
          kAll,
          "the raw ledger, paged by sequence number (filters: kind, fund, from, to)",
          {}},
         &H::ListEntries},
        {{"GET", "/api/v1/entries/{seq}", kAll, "one entry with its hash", {}}, &H::GetEntry},
        {{"GET", "/api/v1/checkpoints", kAll, "signed checkpoints", {}}, &H::ListCheckpoints},
        {{"GET", "/api/v1/checkpoints/latest", kAll, "the latest signed checkpoint", {}},
         &H::ListCheckpoints},
        {{"GET",
          "/api/v1/proofs/inclusion",
          kAll,
          "an inclusion proof bundle of entry seq in the latest checkpoint",
          {}},
         &H::InclusionProof},
        {{"GET",
          "/api/v1/proofs/consistency",
          kAll,
          "a consistency proof bundle between checkpoints from and to",
          {}},
         &H::ConsistencyProof},
        {{"POST", "/api/v1/verify", overseers, "verify the whole ledger now", {}}, &H::Verify},
        {{"GET",
          "/api/v1/export",
          overseers,
          "the whole ledger as JSON Lines (aidledger verify --export)",
          {}},
         &H::Export},
        {{"GET", "/api/v1/keys", {}, "the public keys that sign checkpoints (vkey lines)", {}},
         &H::PublicKeys},
        {{"POST",
          "/api/v1/proofs/check",
          kAll,
          "check a proof bundle against this ledger's signing keys",
          {}},
         &H::CheckBundle},
        {{"GET", "/api/v1/qr", {}, "a QR code (SVG) of ?text, up to 2331 bytes", {}}, &H::Qr},
    };
  }();
  return kRoutes;
}

// A path's segments between slashes, viewing `path`.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  out.reserve(8);
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  for (std::string_view s : SplitPath(path)) out.emplace_back(s);
  return out;
}

// Whether a path of segments `s` matches the route's; fills the
// {placeholders} only when it does.
bool Match(const Route& route, const std::vector<std::string_view>& s,
           std::vector<std::string>* params) {
  const std::vector<std::string>& p = route.segments;
  if (p.size() != s.size()) return false;
  for (size_t i = 0; i < p.size(); ++i) {
    const bool placeholder = !p[i].empty() && p[i].front() == '{';
    if (placeholder ? s[i].empty() : p[i] != s[i]) return false;
  }
  params->clear();
  for (size_t i = 0; i < p.size(); ++i) {
    if (!p[i].empty() && p[i].front() == '{') params->emplace_back(s[i]);
  }
  return true;
}

}  // namespace

// --- the service ------------------------------------------------------------

Service::Service(LedgerStore* store, SigningKey key, ServiceOptions options)
    : store_(store),
      signing_key_(std::move(key)),
      options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : &system_clock_),
      sessions_(clock_),
      login_throttle_(clock_) {}

Service::~Service() {
  ::unlink((store_->path() + "-ready").c_str());  // /readyz's probe; absent if never asked
}

Result<std::unique_ptr<Service>> Service::Open(LedgerStore* store, SigningKey signing_key,
                                               VaultKey vault_key, ServiceOptions options) {
  std::unique_ptr<Service> s(new Service(store, std::move(signing_key), std::move(options)));
  auto books = Books::Open(store);
  if (!books.ok()) return books.status();
  s->books_ = std::move(books).value();
  auto vault = Vault::Open(s->books_.get(), std::move(vault_key));
  if (!vault.ok()) return vault.status();
  s->vault_ = std::move(vault).value();
  auto users = UserStore::Open(store->path(), s->clock_);
  if (!users.ok()) return users.status();
  s->users_ = std::move(users).value();
  s->readers_ = std::make_unique<ReaderPool>(store->path());
  auto idempotency = store->OpenSideReader();
  if (!idempotency.ok()) return idempotency.status();
  s->idempotency_reader_ = std::move(idempotency).value();
  s->AfterWrite(true);
  return s;
}

const std::vector<Service::RouteInfo>& Service::Routes() {
  static const std::vector<RouteInfo> kInfos = [] {
    std::vector<RouteInfo> out;
    for (const Route& r : RouteTable()) out.push_back(r.info);
    return out;
  }();
  return kInfos;
}

namespace {
// Free bytes where the ledger lives, and whether that file system is
// read-only; nullopt if it cannot be told.
struct DiskState {
  int64_t free_bytes;
  bool read_only;
};
std::optional<DiskState> LedgerDisk(const std::string& ledger_path) {
  const std::filesystem::path dir = std::filesystem::path(ledger_path).parent_path();
  struct statvfs st {};
  if (statvfs(dir.empty() ? "." : dir.c_str(), &st) != 0) return std::nullopt;
  return DiskState{static_cast<int64_t>(st.f_bavail) * static_cast<int64_t>(st.f_frsize),
                   (st.f_flag & ST_RDONLY) != 0};
}
// Writes a byte to LEDGER-ready (beside LEDGER-wal and LEDGER-shm).
bool CanWriteBeside(const std::string& ledger_path) {
  const std::string probe = ledger_path + "-ready";
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const bool wrote = ::write(fd, "1", 1) == 1;
  return ::close(fd) == 0 && wrote;
}
}  // namespace

Status Service::Readiness() {
  auto lease = readers_->Acquire();
  if (!lease.ok() || !(*lease)->reader->GetHead().ok()) {
    return Status(ErrorCode::kIo, "the ledger is not readable");
  }
  const std::optional<DiskState> disk = LedgerDisk(store_->path());
  if (!disk) return Status::Ok();
  // The mount flags miss a file system the kernel turned read-only after an
  // error (ext4's errors=remount-ro): a write beside the ledger tells.
  if (disk->read_only || !CanWriteBeside(store_->path())) {
    return Status(ErrorCode::kIo, "the ledger's disk is read-only: writes are refused");
  }
  if (disk->free_bytes < options_.min_free_bytes) {
    return Status(ErrorCode::kIo, "the ledger's disk is nearly full (" +
                                      std::to_string(disk->free_bytes / 1024) +
                                      " KiB free): writes will soon be refused");
  }
  return Status::Ok();
}

void Service::AfterWrite(bool closed_a_period) {
  // A period close (or reopening) is followed by its checkpoint at once
  // (the policy's after_kinds decides whether one is due); otherwise the
  // policy is looked at no more than once a second, so that writes do not
  // queue behind it (a checkpoint due by count or time may come a second
  // late).
  const MicrosSinceEpoch now = clock_->Now();
  if (!closed_a_period && now - last_policy_check_.load() < 1'000'000) return;
  std::lock_guard lock(checkpoint_mu_);
  last_policy_check_ = now;
  auto cp = store_->MaybeCheckpoint(signing_key_, options_.checkpoint_policy);
  if (!cp.ok()) {
    Poco::Logger::get("aidledger").error("checkpoint: " + cp.status().ToString());
  } else if (cp->has_value()) {
    latest_checkpoint_checked_at_ = 0;  // the public summary looks again at once
  }
}

Result<int64_t> Service::LatestCheckpointSize() {
  const MicrosSinceEpoch now = clock_->Now();
  if (now - latest_checkpoint_checked_at_.load() < 1'000'000) return latest_checkpoint_size_.load();
  auto lease = readers_->Acquire();
  if (!lease.ok()) return lease.status();
  auto latest = (*lease)->reader->Checkpoint(0);
  if (!latest.ok() && latest.status().code() != ErrorCode::kNotFound) return latest.status();
  const int64_t size = latest.ok() ? static_cast<int64_t>(latest->checkpoint.size) : 0;
  latest_checkpoint_size_ = size;
  latest_checkpoint_checked_at_ = now;
  return size;
}

void Service::UpdateGauges() {
  auto lease = readers_->Acquire();
  if (!lease.ok()) return;
  if (auto head = (*lease)->reader->GetHead(); head.ok()) {
    metrics_.SetGauge("aidledger_ledger_entries", "entries in the ledger",
                      static_cast<double>(head->size));
  }
  if (auto latest = (*lease)->reader->Checkpoint(0); latest.ok()) {
    const double age = static_cast<double>(clock_->Now() - latest->checkpoint.time) / 1'000'000.0;
    metrics_.SetGauge("aidledger_last_checkpoint_age_seconds",
                      "seconds since the latest signed checkpoint", age);
    metrics_.SetGauge("aidledger_last_checkpoint_size", "entries the latest checkpoint covers",
                      static_cast<double>(latest->checkpoint.size));
  }
  if (const std::optional<DiskState> disk = LedgerDisk(store_->path())) {
    metrics_.SetGauge("aidledger_disk_free_bytes", "free bytes on the ledger's file system",
                      static_cast<double>(disk->free_bytes));
  }
  const Books::CommitStats stats = books_->commit_stats();
  metrics_.SetCounter("aidledger_commits_total", "write transactions committed",
                      static_cast<double>(stats.transactions));
  metrics_.SetCounter("aidledger_committed_operations_total",
                      "operations committed (several may share a transaction)",
                      static_cast<double>(stats.operations));
}

void Service::KeepReport(const std::string& key, CachedReport report) {
  const size_t bytes = key.size() + report.answer.body.size();
  // A report too large to keep is rebuilt when asked again: a year's
  // register of a million gifts is hundreds of megabytes.
  if (bytes > kReportCacheBytes / 8) return;
  std::lock_guard lock(report_cache_mu_);
  // Answers for an older state of the books are never served again.
  for (auto it = report_cache_.begin(); it != report_cache_.end();) {
    if (it->second.size != report.size) {
      report_cache_bytes_ -= it->first.size() + it->second.answer.body.size();
      it = report_cache_.erase(it);
    } else {
      ++it;
    }
  }
  if (auto old = report_cache_.find(key); old != report_cache_.end()) {
    report_cache_bytes_ -= old->first.size() + old->second.answer.body.size();
    report_cache_.erase(old);
  }
  if (report_cache_bytes_ + bytes > kReportCacheBytes) {
    report_cache_.clear();
    report_cache_bytes_ = 0;
  }
  report_cache_.emplace(key, std::move(report));
  report_cache_bytes_ += bytes;
  metrics_.SetGauge("aidledger_report_cache_bytes", "bytes of report answers kept for reuse",
                    static_cast<double>(report_cache_bytes_));
}

ApiResponse Service::Handle(const ApiRequest& request) {
  Context ctx;
  ctx.service = this;
  ctx.request = &request;
  ctx.now = clock_->Now();
  ApiResponse r = Dispatch(request, ctx);
  r.actor = ctx.actor.id;
  r.headers.emplace_back("X-Request-Id", request.request_id);
  return r;
}

ApiResponse Service::Dispatch(const ApiRequest& request, Context& ctx) {
  const Route* route = nullptr;
  bool path_known = false;
  const std::vector<std::string_view> segments = SplitPath(request.path);
  for (const Route& candidate : RouteTable()) {
    if (!Match(candidate, segments, &ctx.params)) continue;
    path_known = true;
    if (candidate.info.method != request.method) continue;
    route = &candidate;
    break;
  }
  if (route == nullptr) {
    if (path_known) {
      return Problem(405, Status(ErrorCode::kFailedPrecondition, "this method is not allowed here"),
                     request.request_id);
    }
    return Problem(Status(ErrorCode::kNotFound, "no such route"), request.request_id);
  }
  ApiResponse answer;
  answer.route = route->info.pattern;
  const auto finish = [&](ApiResponse r) {
    r.route = route->info.pattern;
    return r;
  };
  if (!route->info.roles.empty()) {
    const std::string& auth = request.authorization;
    const std::string session_id = CookieValue(request.cookie, SessionStore::kCookie);
    if (auth.rfind("Bearer ", 0) == 0) {
      auto actor = users_->Authenticate(std::string_view(auth).substr(7));
      if (!actor.ok()) return finish(ctx.Fail(actor.status()));
      ctx.actor = *actor;
    } else if (!session_id.empty()) {
      // The web interface: a session cookie, and for anything but a read
      // the session's CSRF token echoed in a header (a cross-site page can
      // make the browser send the cookie, but cannot read the token).
      const Status ended(ErrorCode::kUnauthenticated, "the session has ended; log in again",
                         "session");
      auto session = sessions_.Find(session_id);
      if (!session) return finish(ctx.Fail(ended));
      // A user disabled, or whose password or role changed, since the login
      // (here or with `aidledger user`) is logged out.
      auto stamp = users_->LoginStamp(session->actor.id);
      if (!stamp.ok() && stamp.status().code() != ErrorCode::kUnauthenticated) {
        return finish(ctx.Fail(stamp.status()));
      }
      if (!stamp.ok() || *stamp != session->stamp) {
        sessions_.Remove(session_id);
        return finish(ctx.Fail(ended));
      }
      const bool read = request.method == "GET" || request.method == "HEAD";
      if (!read && !ConstantTimeEquals(request.csrf_token, session->csrf)) {
        return finish(
            ctx.Fail(Status(ErrorCode::kPermissionDenied,
                            "send the session's CSRF token in X-CSRF-Token", "X-CSRF-Token")));
      }
      ctx.actor = session->actor;
    } else {
      return finish(ctx.Fail(Status(ErrorCode::kUnauthenticated, "send Authorization: Bearer TOKEN",
                                    "authorization")));
    }
    if (!route->info.roles.Admits(ctx.actor.role)) {
      return finish(
          ctx.Fail(Status(ErrorCode::kPermissionDenied,
                          "the role " + ctx.actor.role + " may not do this", "authorization")));
    }
  }
  if (request.method != "POST") return finish(route->fn(*this, ctx));

  // A write: a JSON object within the limits, then idempotency.
  if (request.body.size() > options_.max_body_bytes) {
    return finish(Problem(413,
                          InvalidArgument("the body is larger than " +
                                              std::to_string(options_.max_body_bytes) + " bytes",
                                          "body"),
                          request.request_id));
  }
  Result<Value> parsed = Value(Object{});
  if (route->info.body_type == "application/json") {
    if (!IsValidUtf8(request.body)) {
      return finish(ctx.Fail(InvalidArgument("the body is not valid UTF-8", "body")));
    }
    parsed =
        ParseJson(request.body.empty() ? "{}" : request.body, JsonLimits{options_.max_json_depth});
    if (!parsed.ok()) {
      return finish(ctx.Fail(InvalidArgument(parsed.status().message(), "body")));
    }
    if (!parsed->is_object()) {
      return finish(ctx.Fail(InvalidArgument("the body must be a JSON object", "body")));
    }
  }
  ctx.body = &parsed->as_object();
  const std::string& key = request.idempotency_key;
  const auto lookup = [&]() -> Result<std::optional<ApiResponse>> {
    std::optional<StoredAnswer> stored;
    {
      std::lock_guard lock(idempotency_mu_);
      auto read = idempotency_reader_->AnswerOf(ctx.actor.id, key);
      if (!read.ok()) return read.status();
      stored = std::move(read).value();
    }
    if (!stored) return std::optional<ApiResponse>();
    if (stored->request_hash != ctx.request_hash) {
      return std::optional<ApiResponse>(
          ctx.Fail(Status(ErrorCode::kFailedPrecondition,
                          "this Idempotency-Key was used for another request", "Idempotency-Key")));
    }
    ApiResponse r;
    r.status = stored->status;
    r.body = stored->body;
    r.headers.emplace_back("Idempotent-Replayed", "true");
    return std::optional<ApiResponse>(std::move(r));
  };
  if (!key.empty()) {
    if (!IsIdempotencyKey(key)) {
      return finish(
          ctx.Fail(InvalidArgument("1 to 128 visible ASCII characters", "Idempotency-Key")));
    }
    Sha256 h;
    h.Update(request.method);
    h.Update("\n");
    h.Update(request.path);
    h.Update("\n");
    h.Update(request.body);
    ctx.request_hash = h.Final();
    auto seen = lookup();
    if (!seen.ok()) return finish(ctx.Fail(seen.status()));
    if (*seen) return finish(**seen);
  }
  ApiResponse r = route->fn(*this, ctx);
  if (r.status == 409 && !key.empty()) {
    // A concurrent request with the same key committed first: answer as it
    // (if it cannot be read, the refusal stands).
    if (auto seen = lookup(); seen.ok() && *seen) return finish(**seen);
  }
  // A confirmation may close or reopen a period: a checkpoint follows at once.
  if (r.status < 300) AfterWrite(route->info.pattern == "/api/v1/proposals/{seq}/confirm");
  return finish(r);
}

// --- OpenAPI ----------------------------------------------------------------

Value Service::OpenApi() {
  Object paths;
  for (const RouteInfo& r : Routes()) {
    Object op{{"summary", r.summary}};
    Array params;
    for (const auto& segment : Segments(r.pattern)) {
      if (!segment.empty() && segment.front() == '{') {
        params.push_back(Object{{"name", segment.substr(1, segment.size() - 2)},
                                {"in", "path"},
                                {"required", true},
                                {"schema", Object{{"type", "string"}}}});
      }
    }
    if (r.method == "POST") {
      params.push_back(Object{{"name", "Idempotency-Key"},
                              {"in", "header"},
                              {"required", false},
                              {"schema", Object{{"type", "string"}, {"maxLength", 128}}}});
      Object props;
      for (const auto& m : r.body) props.Set(m, Object{});
      const Value schema = r.body_type == "text/csv"
                               ? Value(Object{{"type", "string"}})
                               : Value(Object{{"type", "object"},
                                              {"properties", std::move(props)},
                                              {"additionalProperties", false}});
      op.Set("requestBody", Object{{"content", Object{{r.body_type, Object{{"schema", schema}}}}}});
    }
    if (!params.empty()) op.Set("parameters", std::move(params));
    if (!r.roles.empty()) {
      Array roles;
      for (const std::string& role : r.roles.Names()) roles.emplace_back(role);
      op.Set("security", Array{Object{{"bearer", Array{}}}});
      op.Set("x-roles", std::move(roles));
    }
    Object responses{
        {"default",
         Object{{"description", "a problem (RFC 9457)"},
                {"content", Object{{"application/problem+json", Object{{"schema", Object{}}}}}}}}};
    responses.Set(r.method == "POST" && r.pattern != "/api/v1/verify" ? "201" : "200",
                  Object{{"description", "success"}});
    op.Set("responses", std::move(responses));
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    Value* existing = paths.Find(r.pattern);
    if (existing == nullptr) {
      paths.Set(r.pattern, Object{{method, std::move(op)}});
    } else {
      existing->as_object().Set(method, std::move(op));
    }
  }
  return Object{
      {"openapi", "3.0.3"},
      {"info", Object{{"title", "aidledger"}, {"version", "1"}}},
      {"paths", std::move(paths)},
      {"components", Object{{"securitySchemes",
                             Object{{"bearer", Object{{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace aidledger::api
