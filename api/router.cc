#include "api/router.h"

#include <utility>

#include "api/handlers/handlers.h"

namespace aidledger::api {

namespace {

std::vector<std::string> Segments(std::string_view path);

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

Route::Route(Service::RouteInfo i, HandlerFn f)
    : info(std::move(i)), fn(f), segments(Segments(info.pattern)) {}

// What each handler may be handed: the parts of the service, each by its
// type. A friend of Service, the one place that reaches into it.
struct ServiceParts {
  template <typename Part>
  static Part& Get(Service& s);
};
template <>
Books& ServiceParts::Get<Books>(Service& s) {
  return *s.books_;
}
template <>
Vault& ServiceParts::Get<Vault>(Service& s) {
  return *s.vault_;
}
template <>
ReaderPool& ServiceParts::Get<ReaderPool>(Service& s) {
  return *s.readers_;
}
template <>
LedgerStore& ServiceParts::Get<LedgerStore>(Service& s) {
  return *s.store_;
}
template <>
Metrics& ServiceParts::Get<Metrics>(Service& s) {
  return s.metrics_;
}
template <>
UserStore& ServiceParts::Get<UserStore>(Service& s) {
  return *s.users_;
}
template <>
SessionStore& ServiceParts::Get<SessionStore>(Service& s) {
  return s.sessions_;
}
template <>
LoginThrottle& ServiceParts::Get<LoginThrottle>(Service& s) {
  return s.login_throttle_;
}
template <>
EntryAnswers& ServiceParts::Get<EntryAnswers>(Service& s) {
  return s.entry_answers_;
}
template <>
FundsAnswer& ServiceParts::Get<FundsAnswer>(Service& s) {
  return s.funds_answer_;
}
template <>
ReportAnswers& ServiceParts::Get<ReportAnswers>(Service& s) {
  return s.report_answers_;
}
template <>
CheckpointWatch& ServiceParts::Get<CheckpointWatch>(Service& s) {
  return *s.latest_checkpoint_;
}
template <>
const ServiceOptions& ServiceParts::Get<const ServiceOptions>(Service& s) {
  return s.options_;
}
template <>
ServiceHealth& ServiceParts::Get<ServiceHealth>(Service& s) {
  return s;
}

namespace {

constexpr RoleSet kAll = RoleSet::Every();

// Calls a handler with the context and the parts its signature names.
template <typename... Parts>
struct Wiring {
  template <ApiResponse (*F)(Service::Context&, Parts&...)>
  static ApiResponse Call(Service& s, Service::Context& ctx) {
    return F(ctx, ServiceParts::Get<Parts>(s)...);
  }
};
template <typename... Parts>
Wiring<Parts...> WiringOf(ApiResponse (*)(Service::Context&, Parts&...));

// The route's entry for handler F: F given exactly what it takes.
template <auto F>
constexpr HandlerFn Wire() {
  return &decltype(WiringOf(F))::template Call<F>;
}

}  // namespace

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
        {{"GET", "/healthz", {}, "liveness", {}}, Wire<&H::Healthz>()},
        {{"GET", "/readyz", {}, "readiness: the ledger readable, its disk writable with room", {}},
         Wire<&H::Readyz>()},
        {{"GET", "/metrics", overseers, "Prometheus metrics", {}}, Wire<&H::MetricsText>()},
        {{"GET", "/api/v1/openapi.json", {}, "this API's OpenAPI 3 document", {}},
         Wire<&H::OpenApiDoc>()},
        {{"GET", "/api/v1/me", kAll, "who the token belongs to", {}}, Wire<&H::Me>()},
        {{"GET", "/", {}, "the web interface", {}}, Wire<&H::WebPage>()},
        {{"GET", "/ui/{file}", {}, "the web interface's files", {}}, Wire<&H::WebPage>()},
        {{"POST",
          "/api/v1/session",
          {},
          "log in with a user name and password: a session cookie and its CSRF token",
          {"name", "password"}},
         Wire<&H::Login>()},
        {{"GET", "/api/v1/session", kAll, "the session's user, role and CSRF token", {}},
         Wire<&H::SessionInfo>()},
        {{"DELETE", "/api/v1/session", kAll, "log out", {}}, Wire<&H::Logout>()},
        {{"GET", "/api/v1/funds", kAll, "funds, balances and stock", {}}, Wire<&H::ListFunds>()},
        {{"POST",
          "/api/v1/funds",
          money_admin,
          "open a fund",
          {"code", "name_zh", "name_en", "restricted", "purpose", "serves"}},
         Wire<&H::OpenFund>()},
        {{"POST", "/api/v1/funds/{code}/close", money_admin, "close an empty fund", {"reason"}},
         Wire<&H::CloseFund>()},
        {{"POST",
          "/api/v1/transfers",
          money_admin,
          "move money between funds (a release needs an admin)",
          {"from", "to", "amount", "currency", "date", "reason", "release"}},
         Wire<&H::Transfer>()},
        {{"POST",
          "/api/v1/donors",
          treasurer,
          "register a donor (personal data goes to the vault)",
          {"type", "name", "phone", "email", "address", "public_consent", "public_name"}},
         Wire<&H::RegisterDonor>()},
        {{"GET",
          "/api/v1/donors",
          money_admin,
          "registered donors (a person's name masked, with the phone's last four digits); ?q= "
          "finds them by id, by part of the name, or by part of the phone, matched on the "
          "records themselves",
          {}},
         Wire<&H::ListDonors>()},
        {{"GET", "/api/v1/donors/{id}", personal, "a donor's record, masked by role", {}},
         Wire<&H::GetDonor>()},
        {{"POST",
          "/api/v1/donors/{id}/correct",
          treasurer,
          "correct a donor's record",
          {"type", "name", "phone", "email", "address", "public_consent", "public_name", "reason"}},
         Wire<&H::CorrectDonor>()},
        {{"POST", "/api/v1/donors/{id}/erase", treasurer, "erase a donor's record", {"reason"}},
         Wire<&H::EraseDonor>()},
        {{"POST",
          "/api/v1/donations",
          treasurer,
          "record a donation in cash or the like",
          {"fund", "amount", "currency", "channel", "date", "external_ref", "donor", "memo",
           "separate_gift", "account"}},
         Wire<&H::RecordDonation>()},
        {{"POST",
          "/api/v1/batches",
          treasurer,
          "a batch of donations as CSV (UTF-8 or GB18030), all rows or none; query: rows, "
          "total, charset",
          {},
          "text/csv"},
         Wire<&H::RecordBatch>()},
        {{"GET",
          "/api/v1/batches/template",
          treasurer,
          "the batch's CSV template: the Chinese headers and two example rows",
          {}},
         Wire<&H::BatchTemplate>()},
        {{"POST",
          "/api/v1/donations/in-kind",
          treasurer,
          "record a donation of goods",
          {"fund", "currency", "date", "donor", "items", "received_by", "checked_by", "memo"}},
         Wire<&H::RecordGoods>()},
        {{"POST",
          "/api/v1/goods/hand-outs",
          {Role::kCoordinator, Role::kTreasurer},
          "hand goods out to a recipient",
          {"fund", "recipient", "date", "items", "memo"}},
         Wire<&H::HandOut>()},
        {{"GET", "/api/v1/reports", kAll, "the reports this role may read", {}},
         Wire<&H::ReportCatalog>()},
        {{"GET",
          "/api/v1/reports/{name}",
          kAll,
          "a report (?from, to, year, donor; format=json|csv|html; the journal as text)",
          {}},
         Wire<&H::GetReport>()},
        {{"GET",
          "/api/v1/public/summary",
          {},
          "the public transparency summary, as of the latest signed checkpoint (?from, to, format)",
          {}},
         Wire<&H::PublicSummary>()},
        {{"GET",
          "/api/v1/public/receipts/{number}",
          {},
          "a donor checks a receipt with the check code printed on it (?code)",
          {}},
         Wire<&H::CheckReceipt>()},
        {{"GET", "/api/v1/receipts/{number}", kAll, "a receipt and its donation", {}},
         Wire<&H::GetReceipt>()},
        {{"POST", "/api/v1/receipts/{number}/void", treasurer, "void a receipt", {"reason"}},
         Wire<&H::VoidReceipt>()},
        {{"POST",
          "/api/v1/receipts/{number}/bill",
          treasurer,
          "record the partner foundation's bill number",
          {"bill_number", "issuer"}},
         Wire<&H::RecordReceiptBill>()},
        {{"POST",
          "/api/v1/receipts/{number}/print",
          treasurer,
          "record a print: copy 1 is the original, later ones duplicates; `copy`, the copy "
          "about to be printed, is refused (409) if another was printed meanwhile",
          {"copy"}},
         Wire<&H::PrintReceipt>()},
        {{"POST",
          "/api/v1/recipients",
          coordinator,
          "enrol a recipient (personal data goes to the vault)",
          {"category", "name", "id_number", "school", "grade", "guardian", "phone", "bank_account",
           "notes", "consent_by", "consent_date", "consent_form"}},
         Wire<&H::EnrolRecipient>()},
        {{"GET",
          "/api/v1/recipients",
          kAll,
          "the roster (names masked by role; none for auditors)",
          {}},
         Wire<&H::ListRecipients>()},
        {{"GET", "/api/v1/recipients/{id}", personal, "a recipient's record, masked by role", {}},
         Wire<&H::GetRecipient>()},
        {{"POST",
          "/api/v1/recipients/{id}/correct",
          coordinator,
          "correct a recipient's record",
          {"name", "id_number", "school", "grade", "guardian", "phone", "bank_account", "notes",
           "consent_by", "consent_date", "consent_form", "reason"}},
         Wire<&H::CorrectRecipient>()},
        {{"POST",
          "/api/v1/recipients/{id}/erase",
          coordinator,
          "erase a recipient's record",
          {"reason"}},
         Wire<&H::EraseRecipient>()},
        {{"GET", "/api/v1/grants", kAll, "grants (filters: state, recipient)", {}},
         Wire<&H::ListGrants>()},
        {{"GET", "/api/v1/grants/{id}", kAll, "one grant", {}}, Wire<&H::GetGrant>()},
        {{"POST",
          "/api/v1/grants",
          coordinator,
          "propose a grant",
          {"recipient", "fund", "amount", "currency", "purpose", "term"}},
         Wire<&H::ProposeGrant>()},
        {{"POST",
          "/api/v1/grants/{id}/approve",
          deciders,
          "approve a grant (never its proposer)",
          {"comment"}},
         Wire<&H::ApproveGrant>()},
        {{"POST", "/api/v1/grants/{id}/reject", deciders, "reject a grant", {"comment"}},
         Wire<&H::RejectGrant>()},
        {{"POST",
          "/api/v1/grants/{id}/payments",
          treasurer,
          "pay an instalment of an approved grant (a disbursement; a reference recorded "
          "already needs duplicate_reason)",
          {"amount", "date", "channel", "external_ref", "duplicate_reason", "account"}},
         Wire<&H::PayGrant>()},
        {{"POST",
          "/api/v1/reversals",
          money_admin,
          "propose reversing an entry's value effect (another person confirms; an amount the "
          "policy exempts is reversed at once)",
          {"entry", "reason", "date"}},
         Wire<&H::Reverse>()},
        {{"GET",
          "/api/v1/accounts",
          kAll,
          "the accounts where money sits (cash boxes, bank, payment platforms) and what each "
          "holds",
          {}},
         Wire<&H::ListAccounts>()},
        {{"POST",
          "/api/v1/accounts",
          treasurer,
          "open an account: cash_box, bank, platform or other (only the number's last four "
          "digits are kept)",
          {"code", "name", "type", "institution", "number"}},
         Wire<&H::OpenAccount>()},
        {{"POST",
          "/api/v1/accounts/{code}/close",
          treasurer,
          "close an account that holds nothing, with the reason: no money goes into it or out of "
          "it afterwards",
          {"reason"}},
         Wire<&H::CloseAccount>()},
        {{"GET", "/api/v1/accounts/transfers", kAll, "money moved between the team's accounts", {}},
         Wire<&H::ListAccountTransfers>()},
        {{"POST",
          "/api/v1/accounts/transfers",
          treasurer,
          "move money between two accounts (a deposit, a settlement, a withdrawal): no fund "
          "changes; the account it leaves must hold it",
          {"from", "to", "amount", "currency", "date", "external_ref", "memo"}},
         Wire<&H::MoveBetweenAccounts>()},
        {{"GET", "/api/v1/income", kAll, "income other than gifts (收入), reversed included", {}},
         Wire<&H::ListIncome>()},
        {{"POST",
          "/api/v1/income",
          treasurer,
          "record income other than a gift: a government grant, dues, income from services, "
          "interest, other (no receipt; not money raised)",
          {"category", "fund", "amount", "currency", "payer", "document", "date", "channel",
           "external_ref", "memo", "account"}},
         Wire<&H::RecordIncome>()},
        {{"GET", "/api/v1/costs", kAll, "every cost recorded (费用), reversed ones included", {}},
         Wire<&H::ListCosts>()},
        {{"POST",
          "/api/v1/costs",
          {Role::kTreasurer, Role::kCoordinator},
          "propose a cost (another treasurer records it; a treasurer's cost the policy "
          "exempts is recorded at once)",
          {"category", "fund", "amount", "currency", "payee", "voucher", "purpose", "date",
           "channel", "external_ref", "account"}},
         Wire<&H::ProposeCost>()},
        {{"GET",
          "/api/v1/opening",
          kAll,
          "the opening balances the books began with (期初余额): their day and each line",
          {}},
         Wire<&H::ListOpening>()},
        {{"POST",
          "/api/v1/opening",
          treasurer,
          "propose the opening balances (per fund and account, on the books' first day); another "
          "treasurer records them by confirming the proposal",
          {"date", "lines", "memo"}},
         Wire<&H::ProposeOpening>()},
        {{"GET",
          "/api/v1/proposals",
          kAll,
          "what waits for a second person: closes, reopenings, reversals, costs, opening balances",
          {}},
         Wire<&H::ListProposals>()},
        {{"POST",
          "/api/v1/proposals/{seq}/confirm",
          money_admin,
          "confirm another person's proposal (a reversal: with the date of the correction; a "
          "cost: with the payment's reference and the account it was paid from)",
          {"date", "external_ref", "account"}},
         Wire<&H::ConfirmProposal>()},
        {{"POST",
          "/api/v1/proposals/{seq}/reject",
          money_admin,
          "reject a proposal with the reason (its proposer so withdraws it)",
          {"reason"}},
         Wire<&H::RejectProposal>()},
        {{"GET",
          "/api/v1/corrections",
          kAll,
          "every reversal, void and withdrawn service record",
          {}},
         Wire<&H::ListCorrections>()},
        {{"GET", "/api/v1/services", kAll, "volunteer service recorded (counts, never names)", {}},
         Wire<&H::ListServices>()},
        {{"POST",
          "/api/v1/services",
          organisers,
          "record volunteer service: donated services, disclosed, not income",
          {"activity", "date", "volunteers", "minutes"}},
         Wire<&H::RecordService>()},
        {{"POST",
          "/api/v1/services/{seq}/withdraw",
          organisers,
          "withdraw a service record made in error",
          {"reason"}},
         Wire<&H::WithdrawService>()},
        {{"GET",
          "/api/v1/periods",
          kAll,
          "closed through when, the next period that may close, the latest closed one",
          {}},
         Wire<&H::Periods>()},
        {{"POST",
          "/api/v1/periods/{period}/close",
          money_admin,
          "propose closing a month or a year that has ended, the next in order (another "
          "person confirms; a checkpoint follows)",
          {}},
         Wire<&H::ClosePeriod>()},
        {{"POST",
          "/api/v1/periods/{period}/reopen",
          money_admin,
          "propose reopening the latest closed period, with the reason (another person "
          "confirms; shown as a correction)",
          {"reason"}},
         Wire<&H::ReopenPeriod>()},
        {{"POST",
          "/api/v1/policy",
          {Role::kAdmin},
          "one policy of the books: approvals a grant needs, people who confirm a close or a "
          "reopening, the largest amount one entry may carry (minor units), reversals exempt "
          "from a second person (below minor units), costs a treasurer records alone (below "
          "minor units)",
          {"approvals_required", "close_confirmations", "max_entry_minor", "reversal_exempt_below",
           "cost_exempt_below"}},
         Wire<&H::SetPolicy>()},
        {{"GET",
          "/api/v1/entries",
          kAll,
          "the raw ledger, paged by sequence number (filters: kind, fund, from, to)",
          {}},
         Wire<&H::ListEntries>()},
        {{"GET", "/api/v1/entries/{seq}", kAll, "one entry with its hash", {}},
         Wire<&H::GetEntry>()},
        {{"GET", "/api/v1/checkpoints", kAll, "signed checkpoints", {}},
         Wire<&H::ListCheckpoints>()},
        {{"GET", "/api/v1/checkpoints/latest", kAll, "the latest signed checkpoint", {}},
         Wire<&H::LatestCheckpoint>()},
        {{"GET",
          "/api/v1/proofs/inclusion",
          kAll,
          "an inclusion proof bundle of entry seq in the latest checkpoint",
          {}},
         Wire<&H::InclusionProof>()},
        {{"GET",
          "/api/v1/proofs/consistency",
          kAll,
          "a consistency proof bundle between checkpoints from and to",
          {}},
         Wire<&H::ConsistencyProof>()},
        {{"POST", "/api/v1/verify", overseers, "verify the whole ledger now", {}},
         Wire<&H::Verify>()},
        {{"GET",
          "/api/v1/export",
          overseers,
          "the whole ledger as JSON Lines (aidledger verify --export)",
          {}},
         Wire<&H::Export>()},
        {{"GET", "/api/v1/keys", {}, "the public keys that sign checkpoints (vkey lines)", {}},
         Wire<&H::PublicKeys>()},
        {{"POST",
          "/api/v1/proofs/check",
          kAll,
          "check a proof bundle against this ledger's signing keys",
          {}},
         Wire<&H::CheckBundle>()},
        {{"GET", "/api/v1/qr", {}, "a QR code (SVG) of ?text, up to 2331 bytes", {}},
         Wire<&H::Qr>()},
    };
  }();
  return kRoutes;
}

RouteMatch FindRoute(std::string_view method, std::string_view path,
                     std::vector<std::string>* params) {
  RouteMatch found;
  const std::vector<std::string_view> segments = SplitPath(path);
  for (const Route& candidate : RouteTable()) {
    if (!Match(candidate, segments, params)) continue;
    found.path_known = true;
    if (candidate.info.method != method) continue;
    found.route = &candidate;
    break;
  }
  return found;
}

const std::vector<Service::RouteInfo>& Service::Routes() {
  static const std::vector<RouteInfo> kInfos = [] {
    std::vector<RouteInfo> out;
    for (const Route& r : RouteTable()) out.push_back(r.info);
    return out;
  }();
  return kInfos;
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
