// The service over real HTTP: a server on port 0, called with Poco's client.
#include "api/service.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/StreamSocket.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "api/http_server.h"
#include "ledger/base/canonical_json.h"
#include "ledger/books/books_replay.h"
#include "ledger/books/business_date.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/ledger_export.h"
#include "ledger/chain/proof_bundle.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "reports/catalog.h"
#include "tests/support/http_client.h"
#include "tests/support/test_util.h"

namespace aidledger::api {
namespace {

using testing::TempDir;

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  Value json;
  const Value* Find(const std::string& key) const {
    return json.is_object() ? json.as_object().Find(key) : nullptr;
  }
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  std::string Text(const std::string& key) const {
    const Value* v = Find(key);
    return v != nullptr && v->is_string() ? v->as_string() : "";
  }
};

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("ledger.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "t"});
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    OpenService(ServiceOptions{});
    if (HasFatalFailure()) return;
    for (const auto& [name, role] :
         std::vector<std::pair<std::string, std::string>>{{"admin", "admin"},
                                                          {"wang", "treasurer"},
                                                          {"li", "coordinator"},
                                                          {"zhao", "coordinator"},
                                                          {"audit", "auditor"}}) {
      ASSERT_TRUE(service_->users().AddUser(name, role).ok());
      auto token = service_->users().IssueToken(name, "test");
      ASSERT_TRUE(token.ok());
      tokens_[name] = token->token;
    }
    StartServer();
  }
  // A new service on the same ledger (users and tokens stay), served anew.
  void Reopen(ServiceOptions options) {
    server_->Stop(std::chrono::seconds(5));
    server_.reset();
    service_.reset();
    OpenService(std::move(options));
    if (HasFatalFailure()) return;
    StartServer();
  }
  void OpenService(ServiceOptions options) {
    auto key = SigningKey::Generate(CheckpointOrigin(store_->genesis().ledger_id));
    ASSERT_TRUE(key.ok());
    auto service = Service::Open(store_.get(), std::move(key).value(), VaultKey::Generate(),
                                 std::move(options));
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    service_ = std::move(service).value();
  }
  void StartServer() {
    HttpServerOptions options;
    options.port = 0;
    auto server = HttpServer::Start(service_.get(), options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }
  void TearDown() override {
    if (server_) server_->Stop(std::chrono::seconds(5));
    server_.reset();
    service_.reset();
    store_.reset();
  }

  Reply Call(const std::string& method, const std::string& path, const std::string& user,
             const std::string& body = "", const std::map<std::string, std::string>& headers = {}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
    session.setTimeout(Poco::Timespan(30, 0));
    std::map<std::string, std::string> all =
        testing::Bearer(user.empty() || tokens_.count(user) == 0 ? user : tokens_.at(user));
    for (const auto& [k, v] : headers) all[k] = v;
    testing::HttpReply reply = testing::HttpCall(session, method, path, all, body);
    Reply r;
    r.status = reply.status;
    r.body = std::move(reply.body);
    r.headers = std::move(reply.headers);
    if (r.status >= 0) {
      auto parsed = ParseJson(r.body);
      if (parsed.ok()) r.json = std::move(parsed).value();
    }
    return r;
  }
  Reply Post(const std::string& path, const std::string& user, const Value& body,
             const std::map<std::string, std::string>& headers = {}) {
    return Call("POST", path, user, EncodeCanonical(body), headers);
  }
  int64_t Size() { return store_->GetHead()->size; }
  // wang proposes closing `period`, admin confirms.
  void ClosePeriodByTwo(const std::string& period) {
    const Reply proposed = Post("/api/v1/periods/" + period + "/close", "wang", Object{});
    ASSERT_EQ(proposed.status, 201) << proposed.body;
    const Reply confirmed =
        Post("/api/v1/proposals/" + std::to_string(proposed.Find("seq")->as_int()) + "/confirm",
             "admin", Object{});
    ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  }
  // Sends `request` as it is and returns every byte the server sends until
  // it closes the connection (what an HTTP client library would hide).
  std::string RawExchange(const std::string& request) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server_->port()));
    socket.setReceiveTimeout(Poco::Timespan(30, 0));
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    std::string raw;
    char buf[16384];
    for (int n; (n = socket.receiveBytes(buf, sizeof buf)) > 0;) {
      raw.append(buf, static_cast<size_t>(n));
    }
    return raw;
  }

  void OpenStudentAid() {
    ASSERT_EQ(Post("/api/v1/funds", "admin",
                   Object{{"code", "STUDENT_AID"},
                          {"name_zh", "助学金"},
                          {"name_en", "Student aid"},
                          {"restricted", true},
                          {"purpose", "stipends"},
                          {"serves", Array{"student"}}})
                  .status,
              201);
  }
  void OpenFundAndGive() {
    OpenStudentAid();
    ASSERT_EQ(Post("/api/v1/donations", "wang", Donation("WX-1")).status, 201);
    // WeChat Pay settles the gift to the bank, which pays aid and costs.
    const Reply settled = Post("/api/v1/accounts/transfers", "wang",
                               Object{{"from", "WECHAT_PAY"},
                                      {"to", "BANK"},
                                      {"amount", "1250.00"},
                                      {"date", "2026-11-21"},
                                      {"external_ref", "WXS-1121"},
                                      {"memo", "微信支付结算"}});
    ASSERT_EQ(settled.status, 201) << settled.body;
  }
  // Enrols 张小明, a student, as the coordinator li; the new recipient's id.
  std::string EnrolStudent(const std::string& bank_account = "") {
    Object record{{"category", "student"},
                  {"name", "张小明"},
                  {"id_number", "11010519491231002X"},
                  {"consent_by", "self"},
                  {"consent_date", "2026-03-01"},
                  {"consent_form", "A-1"}};
    if (!bank_account.empty()) record.Set("bank_account", bank_account);
    const Reply enrolled = Post("/api/v1/recipients", "li", record);
    EXPECT_EQ(enrolled.status, 201) << enrolled.body;
    return enrolled.Text("id");
  }
  // li proposes a stipend of 1000.00 from STUDENT_AID for `recipient`.
  Reply ProposeStipend(const std::string& recipient) {
    return Post("/api/v1/grants", "li",
                Object{{"recipient", recipient},
                       {"fund", "STUDENT_AID"},
                       {"amount", "1000.00"},
                       {"purpose", "stipend"},
                       {"term", "2026 autumn semester"}});
  }
  static Object Donation(const std::string& ref, const std::string& amount = "1250.00") {
    return Object{{"fund", "STUDENT_AID"}, {"amount", amount},    {"channel", "wechat_pay"},
                  {"date", "2026-11-20"},  {"external_ref", ref}, {"memo", "助学"}};
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<HttpServer> server_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(ServiceTest, HealthAndReadinessNeedNoToken) {
  EXPECT_EQ(Call("GET", "/healthz", "").status, 200);
  const Reply ready = Call("GET", "/readyz", "");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.Text("status"), "ready");
  EXPECT_FALSE(ready.Header("X-Request-Id").empty());
}

// Every role against every route: no token is 401, a role the route does not
// list is 403, and a role it lists gets past both (whatever the answer).
TEST_F(ServiceTest, EveryRoleAgainstEveryRoute) {
  for (const auto& route : Service::Routes()) {
    std::string path = route.pattern;
    for (const char* p : {"{code}", "{id}", "{name}", "{number}", "{period}", "{seq}"}) {
      const size_t at = path.find(p);
      if (at != std::string::npos) path.replace(at, std::string(p).size(), "X-1");
    }
    SCOPED_TRACE(route.method + " " + path);
    const Reply anonymous = Call(route.method, path, "", "{}");
    if (route.roles.empty()) {
      EXPECT_NE(anonymous.status, 401);
      continue;
    }
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(anonymous.Header("WWW-Authenticate"), "Bearer");
    for (const auto& [user, role] :
         std::vector<std::pair<std::string, std::string>>{{"admin", "admin"},
                                                          {"wang", "treasurer"},
                                                          {"li", "coordinator"},
                                                          {"audit", "auditor"}}) {
      const bool allowed = route.roles.Admits(role);
      const Reply r = Call(route.method, path, user, "{}");
      if (allowed) {
        EXPECT_NE(r.status, 401) << role << " " << r.body;
        EXPECT_NE(r.status, 403) << role << " " << r.body;
      } else {
        EXPECT_EQ(r.status, 403) << role << " " << r.body;
        EXPECT_EQ(r.Text("code"), "permission_denied");
      }
    }
  }
}

TEST_F(ServiceTest, ADonationIsRecordedDurablyAndShowsInTheFund) {
  OpenFundAndGive();
  // Typed as in a Chinese form: ¥, a full-width 3, a thousands comma, 元.
  const Reply second = Post("/api/v1/donations", "wang",
                            Donation("WX-2", "\xC2\xA5\xEF\xBC\x93,005.20\xE5\x85\x83"));
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.Text("receipt"), "2026-000002");
  EXPECT_EQ(second.Find("seq")->as_int(), Size());
  const Reply funds = Call("GET", "/api/v1/funds", "audit");
  ASSERT_EQ(funds.status, 200);
  const Value& fund = funds.Find("funds")->as_array().at(0);
  EXPECT_EQ(EncodeCanonical(*fund.as_object().Find("cash")),
            R"([{"amount":"4255.20","currency":"CNY"}])");
  const Reply receipt = Call("GET", "/api/v1/receipts/2026-000002", "audit");
  ASSERT_EQ(receipt.status, 200);
  EXPECT_FALSE(receipt.Find("voided")->as_bool());
  // A 2xx means committed: a fresh reader of the file sees it.
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

// The web's 打印收据 sends the copy it is about to print: the books number
// the copies, and a copy printed by someone else in between is refused, so
// that a paper never says "original" or "copy 2" wrongly.
TEST_F(ServiceTest, PrintingAReceiptNumbersItsCopiesAndRefusesACopyPrintedMeanwhile) {
  OpenFundAndGive();
  const std::string print = "/api/v1/receipts/2026-000001/print";
  const Reply first = Post(print, "wang", Object{{"copy", 1}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Find("copy")->as_int(), 1);
  EXPECT_FALSE(first.Find("duplicate")->as_bool());
  const Reply stale = Post(print, "wang", Object{{"copy", 1}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.Text("field"), "copy");
  const Reply second = Post(print, "wang", Object{{"copy", 2}});
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_TRUE(second.Find("duplicate")->as_bool());
  const Reply next = Post(print, "wang", Object{});
  ASSERT_EQ(next.status, 201) << "without a copy number: the next one";
  EXPECT_EQ(next.Find("copy")->as_int(), 3);
  EXPECT_EQ(Post(print, "wang", Object{{"copy", "4"}}).status, 400) << "a number, not text";
  EXPECT_EQ(Call("GET", "/api/v1/receipts/2026-000001", "audit").Find("copies_printed")->as_int(),
            3);
}

TEST_F(ServiceTest, VolunteerServiceIsRecordedListedDisclosedAndWithdrawn) {
  const Object visit{{"activity", "冬季送温暖入户走访"},
                     {"date", "2026-11-21"},
                     {"volunteers", 12},
                     {"minutes", 2160}};
  const Reply recorded = Post("/api/v1/services", "li", visit);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  const int64_t seq = recorded.Find("seq")->as_int();
  // Half a person is not a count: a number with a fraction (refused in any
  // body) or a count in words.
  const Reply half = Call("POST", "/api/v1/services", "li",
                          R"({"activity":"x","date":"2026-11-21","volunteers":1.5,"minutes":60})");
  EXPECT_EQ(half.status, 400);
  Object words = visit;
  words.Set("volunteers", "twelve");
  EXPECT_EQ(Post("/api/v1/services", "li", words).Text("field"), "volunteers");
  const Reply list = Call("GET", "/api/v1/services", "audit");
  ASSERT_EQ(list.status, 200);
  const Value& first = list.Find("services")->as_array().at(0);
  EXPECT_EQ(first.as_object().Find("minutes")->as_int(), 2160);
  EXPECT_TRUE(first.as_object().Find("withdrawn_by")->is_null());
  const Reply summary = Call("GET", "/api/v1/reports/annual-summary?year=2026", "audit");
  ASSERT_EQ(summary.status, 200);
  EXPECT_NE(summary.body.find(R"("36.0")"), std::string::npos) << summary.body;

  const std::string withdraw = "/api/v1/services/" + std::to_string(seq) + "/withdraw";
  EXPECT_EQ(Post(withdraw, "li", Object{}).Text("field"), "reason");
  const Reply withdrawn = Post(withdraw, "wang", Object{{"reason", "recorded twice"}});
  ASSERT_EQ(withdrawn.status, 201) << withdrawn.body;
  EXPECT_EQ(Post(withdraw, "li", Object{{"reason", "again"}}).Text("code"), "failed_precondition");
  const Reply corrections = Call("GET", "/api/v1/corrections", "audit");
  EXPECT_NE(corrections.body.find("service.withdrawn"), std::string::npos);
  EXPECT_EQ(Post("/api/v1/services/0/withdraw", "li", Object{{"reason", "x"}}).Text("field"),
            "seq");
}

// The fund list's answer is kept between writes: each write must show in the
// next one, whichever connection asks.
TEST_F(ServiceTest, TheFundListFollowsEveryWrite) {
  OpenFundAndGive();
  const auto cash = [&] {
    const Reply funds = Call("GET", "/api/v1/funds", "audit");
    EXPECT_EQ(funds.status, 200);
    return EncodeCanonical(*funds.Find("funds")->as_array().at(0).as_object().Find("cash"));
  };
  EXPECT_EQ(cash(), R"([{"amount":"1250.00","currency":"CNY"}])");
  EXPECT_EQ(cash(), R"([{"amount":"1250.00","currency":"CNY"}])");
  ASSERT_EQ(Post("/api/v1/donations", "wang", Donation("WX-2", "0.01")).status, 201);
  EXPECT_EQ(cash(), R"([{"amount":"1250.01","currency":"CNY"}])");
  const Reply refused = Post("/api/v1/donations", "wang", Donation("WX-2", "5.00"));
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(cash(), R"([{"amount":"1250.01","currency":"CNY"}])");
}

TEST_F(ServiceTest, AnEscapedPathIsDecodedBeforeItIsRouted) {
  OpenFundAndGive();
  EXPECT_EQ(Call("GET", "/api/v1/receipts/2026%2D000001", "audit").Text("number"), "2026-000001");
  EXPECT_EQ(Call("GET", "/api/v1/receipts/2026-000001?x=%41", "audit").Text("number"),
            "2026-000001");
  EXPECT_EQ(Call("GET", "/api/v1/receipts/%", "audit").status, 400);
  // An encoded slash (or backslash) is refused, not decoded into a route.
  for (const char* path :
       {"/api/v1%2Ffunds", "/api/v1/receipts/2026%2f000001", "/api/v1%5Cfunds"}) {
    const Reply r = Call("GET", path, "audit");
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.Text("field"), "uri") << path;
  }
}

// Collects what a logger is given, for the tests that read the log.
class RecordingChannel final : public Poco::Channel {
 public:
  void log(const Poco::Message& msg) override {
    std::lock_guard lock(mu_);
    texts_.push_back(msg.getText());
  }
  std::vector<std::string> texts() {
    std::lock_guard lock(mu_);
    return texts_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> texts_;
};

// No login needed for any of these: a query value planting a header, a
// path forging a line of the access log, two lengths smuggling a request.
TEST_F(ServiceTest, HostileHeadersPathsAndLengthsNeverReachTheAnswerOrTheLog) {
  OpenFundAndGive();
  Poco::AutoPtr<RecordingChannel> recorded(new RecordingChannel);
  Poco::Logger& access = Poco::Logger::get("aidledger.access");
  Poco::Channel::Ptr saved_channel = access.getChannel();
  const int saved_level = access.getLevel();
  // Poco's logger is not meant to change its channel while threads log: the
  // server is stopped around the swap.
  server_->Stop(std::chrono::seconds(5));
  server_.reset();
  access.setChannel(recorded);
  access.setLevel(Poco::Message::PRIO_INFORMATION);
  StartServer();

  // The year of a report that does not use it, with a header in it.
  const std::string planted = RawExchange(
      "GET /api/v1/public/summary?format=csv&year=x%0d%0aSet-Cookie:%20evil=1 HTTP/1.1\r\n"
      "Host: t\r\nConnection: close\r\n\r\n");
  const std::string head = planted.substr(0, planted.find("\r\n\r\n"));
  EXPECT_EQ(head.find("\nSet-Cookie"), std::string::npos) << head;
  EXPECT_NE(head.find("filename=\"public-summary-x__Set-Cookie__evil_1.csv\""), std::string::npos)
      << head;
  EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;

  // A line feed in the path: refused, and logged escaped on one line.
  const std::string forged = RawExchange(
      "GET /healthz%0a2026-12-07T00:00:00Z%20reveal%20R-000001 HTTP/1.1\r\nHost: t\r\n"
      "Connection: close\r\n\r\n");
  EXPECT_EQ(forged.rfind("HTTP/1.1 400", 0), 0u) << forged;

  // Two lengths, or a length beside chunks: refused, and the connection closes.
  for (const std::string& lengths :
       {std::string("Content-Length: 2\r\nContent-Length: 40\r\n"),
        std::string("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n")}) {
    const std::string smuggled = RawExchange(
        "POST /api/v1/donations HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + tokens_["wang"] +
        "\r\nContent-Type: application/json\r\n" + lengths + "\r\n{}");
    EXPECT_EQ(smuggled.rfind("HTTP/1.1 400", 0), 0u) << smuggled;
    EXPECT_NE(smuggled.find("Content-Length"), std::string::npos) << smuggled;
  }

  server_->Stop(std::chrono::seconds(5));
  server_.reset();
  access.setChannel(saved_channel);
  access.setLevel(saved_level);
  bool saw_forged = false;
  for (const std::string& text : recorded->texts()) {
    EXPECT_EQ(text.find_first_of("\r\n"), std::string::npos) << text;
    if (text.find("/healthz\\x0A2026") != std::string::npos) saw_forged = true;
  }
  EXPECT_TRUE(saw_forged);
}

TEST_F(ServiceTest, EveryAnswerCarriesItsOwnRequestIdOrTheCallersOne) {
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.insert(Call("GET", "/healthz", "").Header("X-Request-Id"));
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(ids.count(""), 0u);
  const Reply echoed = Call("GET", "/healthz", "", "", {{"X-Request-Id", "client-42"}});
  EXPECT_EQ(echoed.Header("X-Request-Id"), "client-42");
}

TEST_F(ServiceTest, BadInputGetsAProblemNamingTheFieldAndWritesNothing) {
  OpenFundAndGive();
  const int64_t before = Size();
  struct Case {
    std::string body;
    int status;
    std::string code;
    std::string field;
  };
  const std::string deep = std::string(40, '[') + std::string(40, ']');
  const std::vector<Case> cases = {
      {R"({"fund":"STUDENT_AID","amount":1250,"channel":"cash","date":"2026-11-20"})", 400,
       "invalid_argument", "amount"},
      {R"({"fund":"STUDENT_AID","amount":12.5,"channel":"cash","date":"2026-11-20"})", 400,
       "invalid_argument", "body"},
      {R"({"fund":"STUDENT_AID","amount":"12.345","channel":"cash","date":"2026-11-20"})", 400,
       "invalid_argument", "amount"},
      {R"({"fund":"STUDENT_AID","amount":"-5.00","channel":"cash","date":"2026-11-20"})", 400,
       "invalid_argument", "amount"},
      {R"({"fund":"STUDENT_AID","amount":"99999999999999999999","channel":"cash","date":"2026-11-20"})",
       400, "invalid_argument", "amount"},
      {R"({"fund":"STUDENT_AID","ammount":"5.00","channel":"cash","date":"2026-11-20"})", 400,
       "invalid_argument", "ammount"},
      {R"({"fund":"NOPE","amount":"5.00","channel":"cash","date":"2026-11-20"})", 404, "not_found",
       "fund"},
      {R"({"fund":"STUDENT_AID","amount":"5.00","channel":"cash","date":"2026-02-30"})", 400,
       "invalid_argument", "date"},
      {R"({"fund":"STUDENT_AID","amount":"5.00","channel":"wechat_pay","date":"2026-11-20","external_ref":"WX-1"})",
       409, "conflict", "external_ref"},
      {"[1,2]", 400, "invalid_argument", "body"},
      {"{not json", 400, "invalid_argument", "body"},
      {"{\"memo\":\"\xff\xfe\"}", 400, "invalid_argument", "body"},
      {"{\"memo\":" + deep + "}", 400, "invalid_argument", "body"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    const Reply r = Call("POST", "/api/v1/donations", "wang", c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.Header("Content-Type"), "application/problem+json");
    EXPECT_EQ(r.Text("code"), c.code);
    EXPECT_EQ(r.Text("field"), c.field);
    EXPECT_EQ(r.Text("request_id"), r.Header("X-Request-Id"));
    EXPECT_EQ(r.body.find("SQL"), std::string::npos);
  }
  // The problem body's status and title say what the answer's status says.
  const auto agrees = [](const Reply& r, int64_t status, const std::string& title) {
    const Value* in_body = r.Find("status");
    EXPECT_TRUE(in_body != nullptr && in_body->is_int() && in_body->as_int() == status) << r.body;
    EXPECT_EQ(r.Text("title"), title) << r.body;
    EXPECT_EQ(r.Header("Content-Type"), "application/problem+json");
  };
  const Reply big = Call("POST", "/api/v1/donations", "wang", std::string(70 * 1024, ' '));
  EXPECT_EQ(big.status, 413) << big.body;
  agrees(big, 413, "Content Too Large");
  // A far larger declared body is refused from its headers alone.
  {
    Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
    Poco::Net::HTTPRequest req("POST", "/api/v1/donations", Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + tokens_["wang"]);
    req.setContentLength(100'000'000);
    session.sendRequest(req) << "{";
    Poco::Net::HTTPResponse resp;
    session.receiveResponse(resp);
    EXPECT_EQ(resp.getStatus(), Poco::Net::HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE);
  }
  EXPECT_EQ(Size(), before);
  EXPECT_EQ(Call("GET", "/api/v1/nothing", "wang").status, 404);
  std::map<std::string, std::string> fat;
  for (int i = 0; i < 4; ++i) fat["X-Padding-" + std::to_string(i)] = std::string(5000, 'a');
  const Reply header_too_large = Call("GET", "/api/v1/me", "wang", "", fat);
  EXPECT_EQ(header_too_large.status, 431);
  agrees(header_too_large, 431, "Request Header Fields Too Large");
  const Reply wrong_method = Call("DELETE", "/api/v1/funds", "wang");
  EXPECT_EQ(wrong_method.status, 405);
  agrees(wrong_method, 405, "Method Not Allowed");
  agrees(Call("GET", "/api/v1/nothing", "wang"), 404, "Not Found");
}

TEST_F(ServiceTest, AMalformedRequestGetsAProblemAndItsConnectionCloses) {
  const int64_t before = Size();
  // A header line without a colon, then a donation that must not be read as
  // a second request.
  const std::string body = EncodeCanonical(Donation("WX-RAW"));
  const std::string raw =
      RawExchange("POST /api/v1/donations HTTP/1.1\r\nHost: t\r\n" + std::string(300, 'X') +
                  "\r\n\r\nPOST /api/v1/donations HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                  tokens_.at("wang") + "\r\nContent-Length: " + std::to_string(body.size()) +
                  "\r\n\r\n" + body);
  EXPECT_EQ(raw.rfind("HTTP/1.1 400", 0), 0u) << raw;
  EXPECT_NE(raw.find("Content-Type: application/problem+json"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\"field\":\"request\""), std::string::npos) << raw;
  EXPECT_NE(raw.find("X-Request-Id: "), std::string::npos) << raw;
  EXPECT_EQ(raw.find("HTTP/1.1 201"), std::string::npos) << raw;
  EXPECT_EQ(Size(), before);
}

TEST_F(ServiceTest, TokensThatAreMissingForgedRevokedOrExpiredGet401) {
  EXPECT_EQ(Call("GET", "/api/v1/me", "").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/me", "aidl_forged-token-of-the-right-shape-000000000000").status,
            401);
  const Reply me = Call("GET", "/api/v1/me", "wang");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Text("role"), "treasurer");
  auto extra = service_->users().IssueToken("wang", "laptop");
  ASSERT_TRUE(extra.ok());
  tokens_["laptop"] = extra->token;
  EXPECT_EQ(Call("GET", "/api/v1/me", "laptop").status, 200);
  ASSERT_TRUE(service_->users().RevokeToken(extra->id).ok());
  EXPECT_EQ(Call("GET", "/api/v1/me", "laptop").status, 401);
  auto expired = service_->users().IssueToken("wang", "old", SystemClock().Now() - 1'000'000);
  ASSERT_TRUE(expired.ok());
  tokens_["old"] = expired->token;
  EXPECT_EQ(Call("GET", "/api/v1/me", "old").status, 401);
  ASSERT_TRUE(service_->users().SetDisabled("wang", true).ok());
  EXPECT_EQ(Call("GET", "/api/v1/me", "wang").status, 401);
}

TEST_F(ServiceTest, ARetriedWriteIsAnsweredOnceAndRecordedOnce) {
  OpenFundAndGive();
  const int64_t before = Size();
  const std::map<std::string, std::string> key{{"Idempotency-Key", "gift-0001"}};
  const Reply first = Post("/api/v1/donations", "wang", Donation("WX-9"), key);
  ASSERT_EQ(first.status, 201) << first.body;
  const Reply retry = Post("/api/v1/donations", "wang", Donation("WX-9"), key);
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(Size(), before + 1);
  const Reply other = Post("/api/v1/donations", "wang", Donation("WX-10"), key);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.Text("field"), "Idempotency-Key");
  EXPECT_EQ(Size(), before + 1);
  // Keys are per user: another user's same key is another request.
  EXPECT_EQ(Post("/api/v1/funds/NOPE/close", "admin", Object{{"reason", "x"}}, key).status, 404);
}

TEST_F(ServiceTest, ConcurrentDuplicatesAreRecordedOnceAndAllGetTheFirstAnswer) {
  OpenFundAndGive();
  const int64_t before = Size();
  for (int round = 0; round < 5; ++round) {
    const std::map<std::string, std::string> key{
        {"Idempotency-Key", "same-" + std::to_string(round)}};
    std::vector<Reply> replies(8);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < replies.size(); ++i) {
      threads.emplace_back([&, i] {
        replies[i] =
            Post("/api/v1/donations", "wang", Donation("DUP-" + std::to_string(round)), key);
      });
    }
    for (auto& t : threads) t.join();
    for (const Reply& r : replies) {
      EXPECT_EQ(r.status, 201) << r.body;
      EXPECT_EQ(r.body, replies[0].body);
    }
  }
  EXPECT_EQ(Size(), before + 5);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(ServiceTest, AGrantIsProposedApprovedByAnotherAndPaid) {
  OpenFundAndGive();
  const std::string recipient = EnrolStudent("6222021234567890123");
  EXPECT_EQ(recipient, "R-000001");
  const Reply proposed = ProposeStipend(recipient);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const std::string grant = proposed.Text("id");
  const Reply own = Post("/api/v1/grants/" + grant + "/approve", "li", Object{});
  EXPECT_EQ(own.status, 403) << own.body;
  ASSERT_EQ(Post("/api/v1/grants/" + grant + "/approve", "zhao", Object{{"comment", "ok"}}).status,
            201);
  const Reply paid = Post("/api/v1/grants/" + grant + "/payments", "wang",
                          Object{{"amount", "600.00"},
                                 {"date", "2026-11-25"},
                                 {"channel", "bank_transfer"},
                                 {"external_ref", "B-1"}});
  ASSERT_EQ(paid.status, 201) << paid.body;
  const Reply over = Post("/api/v1/grants/" + grant + "/payments", "wang",
                          Object{{"amount", "600.00"},
                                 {"date", "2026-11-25"},
                                 {"channel", "bank_transfer"},
                                 {"external_ref", "B-2"}});
  EXPECT_EQ(over.status, 422);
  EXPECT_EQ(over.Text("field"), "amount");
  const Reply g = Call("GET", "/api/v1/grants/" + grant, "audit");
  EXPECT_EQ(EncodeCanonical(*g.Find("outstanding")), R"({"amount":"400.00","currency":"CNY"})");
  // Personal data: the coordinator sees it, the treasurer what paying needs,
  // the auditor nothing.
  EXPECT_EQ(Call("GET", "/api/v1/recipients/" + recipient, "li").Text("id_number"),
            "11010519491231002X");
  const Reply treasurer = Call("GET", "/api/v1/recipients/" + recipient, "wang");
  EXPECT_EQ(treasurer.Text("id_number"), "****002X");
  EXPECT_EQ(treasurer.Text("bank_account"), "6222021234567890123");
  EXPECT_EQ(Call("GET", "/api/v1/recipients/" + recipient, "audit").status, 403);
  const Reply roster = Call("GET", "/api/v1/recipients", "audit");
  ASSERT_EQ(roster.status, 200);
  EXPECT_EQ(roster.body.find("张"), std::string::npos) << roster.body;
  const Reply entries = Call("GET", "/api/v1/entries?limit=1000", "audit");
  EXPECT_EQ(entries.body.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(entries.body.find("张小明"), std::string::npos);
}

TEST_F(ServiceTest, EntriesArePagedByCursorAndFiltered) {
  OpenFundAndGive();
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Post("/api/v1/donations", "wang", Donation("P-" + std::to_string(i))).status, 201);
  }
  std::vector<int64_t> seen;
  std::string next = "0";
  while (!next.empty()) {
    const Reply page = Call("GET", "/api/v1/entries?limit=3&after=" + next, "audit");
    ASSERT_EQ(page.status, 200) << page.body;
    for (const Value& e : page.Find("entries")->as_array()) {
      seen.push_back(e.as_object().Find("seq")->as_int());
    }
    next = page.Text("next");
  }
  ASSERT_EQ(static_cast<int64_t>(seen.size()), Size());
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<int64_t>(i + 1));
  const Reply gifts =
      Call("GET", "/api/v1/entries?kind=donation.recorded&fund=STUDENT_AID", "audit");
  EXPECT_EQ(gifts.Find("entries")->as_array().size(), 6u);
  const Reply none = Call("GET", "/api/v1/entries?from=2027-01-01", "audit");
  EXPECT_EQ(none.Find("entries")->as_array().size(), 0u);
  EXPECT_EQ(Call("GET", "/api/v1/entries?limit=0", "audit").Text("field"), "limit");
  EXPECT_EQ(Call("GET", "/api/v1/entries?from=yesterday", "audit").Text("field"), "from");
  EXPECT_EQ(Call("GET", "/api/v1/entries?colour=red", "audit").Text("field"), "colour");
  const Reply one = Call("GET", "/api/v1/entries/3", "audit");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.Find("entry")->as_object().Find("kind")->as_string(), "donation.recorded");
  EXPECT_EQ(Call("GET", "/api/v1/entries/999", "audit").status, 404);
}

TEST_F(ServiceTest, APeriodCloseIsFollowedByACheckpointAndProofsVerify) {
  OpenFundAndGive();
  ClosePeriodByTwo("2026-11");
  const Reply latest = Call("GET", "/api/v1/checkpoints/latest", "audit");
  ASSERT_EQ(latest.status, 200) << latest.body;
  EXPECT_EQ(latest.Find("size")->as_int(), Size());
  const Reply proof = Call("GET", "/api/v1/proofs/inclusion?seq=3", "audit");
  ASSERT_EQ(proof.status, 200) << proof.body;
  auto bundle = ParseBundle(proof.body);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  const Reply verify = Call("POST", "/api/v1/verify", "audit", "{}");
  ASSERT_EQ(verify.status, 200);
  EXPECT_TRUE(verify.Find("ok")->as_bool());
  const Reply metrics = Call("GET", "/metrics", "audit");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("aidledger_http_requests_total{route=\"/api/v1/donations\","
                              "status=\"201\"}"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("aidledger_ledger_entries"), std::string::npos);
  EXPECT_NE(metrics.body.find("aidledger_last_verify_ok 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("aidledger_last_checkpoint_age_seconds"), std::string::npos);
  EXPECT_NE(metrics.body.find("\naidledger_disk_free_bytes "), std::string::npos);
}

// Every role against every report: the catalogue's roles read it (in every
// format), the others get 403; the public summary needs no login.
TEST_F(ServiceTest, ReportsAreServedToTheRolesTheCatalogueNamesInEveryFormat) {
  OpenFundAndGive();
  for (const reports::ReportInfo& info : reports::Catalog()) {
    for (const auto& [user, role] :
         std::vector<std::pair<std::string, std::string>>{{"admin", "admin"},
                                                          {"wang", "treasurer"},
                                                          {"li", "coordinator"},
                                                          {"audit", "auditor"}}) {
      SCOPED_TRACE(info.name + " as " + role);
      const bool allowed = info.roles.empty() || info.roles.Admits(role);
      const std::string path = "/api/v1/reports/" + info.name +
                               "?from=2026-01-01&to=2026-12-31&year=2026&donor=D-000001";
      const Reply json = Call("GET", path, user);
      if (!allowed) {
        EXPECT_EQ(json.status, 403) << json.body;
        continue;
      }
      if (info.name == "donor-statement") {
        EXPECT_EQ(json.status, 404);  // no donor registered here
        EXPECT_EQ(json.Text("field"), "donor");
        continue;
      }
      if (info.name == "journal") {
        const Reply text = Call("GET", "/api/v1/reports/journal?to=2026-12-31", user);
        ASSERT_EQ(text.status, 200) << text.body;
        EXPECT_EQ(text.Header("Content-Type"), "text/plain; charset=utf-8");
        EXPECT_NE(text.body.find("Assets:Money:WECHAT_PAY  1250.00 CNY"), std::string::npos)
            << text.body;
        continue;
      }
      ASSERT_EQ(json.status, 200) << json.body;
      EXPECT_EQ(json.Text("report"), info.name);
      // The public summary covers what the latest signed checkpoint does.
      EXPECT_EQ(json.Find("basis")->as_object().Find("size")->as_int(),
                info.name == "public-summary"
                    ? Call("GET", "/api/v1/checkpoints/latest", "audit").Find("size")->as_int()
                    : Size());
      const Reply csv = Call("GET", path + "&format=csv", user);
      ASSERT_EQ(csv.status, 200);
      EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
      EXPECT_EQ(csv.Header("Content-Type"), "text/csv; charset=utf-8");
      EXPECT_NE(csv.Header("Content-Disposition").find(".csv"), std::string::npos);
      const Reply html = Call("GET", path + "&format=html", user);
      ASSERT_EQ(html.status, 200);
      EXPECT_EQ(html.Header("Content-Type"), "text/html; charset=utf-8");
      EXPECT_NE(html.Header("Content-Security-Policy").find("default-src 'none'"),
                std::string::npos);
      EXPECT_NE(html.body.find(role), std::string::npos);  // who printed it
    }
  }
  const Reply bad = Call("GET", "/api/v1/reports/fund-statement?format=pdf", "audit");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Text("field"), "format");
  EXPECT_EQ(Call("GET", "/api/v1/reports/fund-statement?from=2026-13-01", "audit").Text("field"),
            "from");
  EXPECT_EQ(Call("GET", "/api/v1/reports/no-such", "audit").status, 404);
  const Reply catalogue = Call("GET", "/api/v1/reports", "li");
  ASSERT_EQ(catalogue.status, 200);
  EXPECT_EQ(catalogue.body.find("donor-statement"), std::string::npos);
  EXPECT_NE(catalogue.body.find("aid-recipients"), std::string::npos);
}

// Report answers are kept between writes: each write, and each new
// checkpoint for the public summary, must show in the next one.
TEST_F(ServiceTest, ReportsFollowEveryWriteAndEveryCheckpoint) {
  OpenFundAndGive();
  const std::string path = "/api/v1/reports/annual-summary?year=2026";
  const Reply first = Call("GET", path, "audit");
  const Reply again = Call("GET", path, "audit");
  EXPECT_EQ(first.body, again.body);
  ASSERT_EQ(Post("/api/v1/donations", "wang", Donation("WX-2", "0.50")).status, 201);
  const Reply after = Call("GET", path, "audit");
  EXPECT_NE(after.body.find(R"("amount":"1250.50")"), std::string::npos) << after.body;
  EXPECT_NE(after.body, first.body);
  const std::string pub = "/api/v1/public/summary?from=2026-01-01&to=2026-12-31";
  const Reply before_close = Call("GET", pub, "");
  EXPECT_EQ(before_close.body.find(R"("donations":"1250.50")"), std::string::npos);
  ClosePeriodByTwo("2026-11");
  const Reply after_close = Call("GET", pub, "");
  EXPECT_NE(after_close.body.find(R"("donations":"1250.50")"), std::string::npos)
      << after_close.body;
}

TEST_F(ServiceTest, TheAidReportShowsNamesOnlyToRolesThatMaySeeThem) {
  OpenFundAndGive();
  const Reply proposed = ProposeStipend(EnrolStudent());
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const std::string path = "/api/v1/reports/aid-recipients?from=2026-01-01&to=2026-12-31";
  const Reply coordinator = Call("GET", path, "li");
  ASSERT_EQ(coordinator.status, 200);
  EXPECT_NE(coordinator.body.find("张小明"), std::string::npos) << coordinator.body;
  EXPECT_TRUE(coordinator.Find("confidential")->as_bool());
  const Reply auditor = Call("GET", path + "&format=html", "audit");
  ASSERT_EQ(auditor.status, 200);
  EXPECT_EQ(auditor.body.find("张"), std::string::npos);
  EXPECT_NE(auditor.body.find("R-000001"), std::string::npos);
  EXPECT_EQ(auditor.body.find("1101"), std::string::npos);
}

// A treasurer finds a returning donor's id without seeing the register in
// full: a person masked with their phone's last four digits, an organisation
// named.
TEST_F(ServiceTest, TheDonorListMasksPeopleAndNamesOrganisations) {
  const Reply person = Post("/api/v1/donors", "wang",
                            Object{{"type", "person"},
                                   {"name", "王小明"},
                                   {"phone", "13800138000"},
                                   {"public_consent", false}});
  ASSERT_EQ(person.status, 201) << person.body;
  const Reply company = Post("/api/v1/donors", "wang",
                             Object{{"type", "organisation"},
                                    {"name", "杭州爱心科技有限公司"},
                                    {"public_consent", true},
                                    {"public_name", "杭州爱心科技"}});
  ASSERT_EQ(company.status, 201) << company.body;
  const Reply list = Call("GET", "/api/v1/donors", "wang");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body.find("王小明"), std::string::npos) << "a person's name is masked";
  EXPECT_EQ(list.body.find("13800138000"), std::string::npos) << "and their phone number";
  const Array& donors = list.Find("donors")->as_array();
  ASSERT_EQ(donors.size(), 2u);
  EXPECT_EQ(EncodeCanonical(donors[0]), EncodeCanonical(Object{{"erased", false},
                                                               {"id", person.Text("id")},
                                                               {"name", "王*明"},
                                                               {"phone_tail", "8000"},
                                                               {"type", "person"}}));
  EXPECT_EQ(donors[1].as_object().Find("name")->as_string(), "杭州爱心科技有限公司");
  // A phone typed in full-width digits: its tail is four digits, not four
  // bytes of a character (which made the list invalid UTF-8).
  const Reply wide =
      Post("/api/v1/donors", "wang",
           Object{{"type", "person"}, {"name", "李四"}, {"phone", "１３９００１３９１２３"}});
  ASSERT_EQ(wide.status, 201) << wide.body;
  const Reply again = Call("GET", "/api/v1/donors", "wang");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.Find("donors")->as_array()[2].as_object().Find("phone_tail")->as_string(), "9123")
      << again.body;
  EXPECT_EQ(Call("GET", "/api/v1/donors", "li").status, 403) << "not the coordinator's";
  EXPECT_EQ(Call("GET", "/api/v1/donors", "audit").status, 403) << "nor the auditor's";

  // Found by what a treasurer knows of them, matched on the records: the
  // whole name, a part of it, the phone or a part of it (full-width as
  // stored), the id; answered masked as ever, so a lookup reveals nothing.
  const auto found = [&](const std::string& q) {
    const Reply r = Call("GET", "/api/v1/donors?q=" + q, "wang");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body.find("王小明"), std::string::npos) << r.body;
    std::vector<std::string> ids;
    for (const Value& d : r.Find("donors")->as_array()) {
      ids.push_back(d.as_object().Find("id")->as_string());
    }
    return ids;
  };
  using Ids = std::vector<std::string>;
  const std::string wang = person.Text("id"), li = wide.Text("id");
  EXPECT_EQ(found("%E7%8E%8B%E5%B0%8F%E6%98%8E"), Ids{wang});  // 王小明
  EXPECT_EQ(found("%E5%B0%8F%E6%98%8E"), Ids{wang});           // 小明
  EXPECT_EQ(found("138001"), Ids{wang});
  EXPECT_EQ(found("139-0013"), Ids{li});
  EXPECT_EQ(found(wang), Ids{wang});
  EXPECT_EQ(found("%E7%8E%8B%E6%B6%9B"), Ids{});  // 王涛: nobody
  EXPECT_EQ(found("13"), Ids{}) << "two digits find no phone";
  EXPECT_EQ(found("%E7%88%B1%E5%BF%83"), Ids{company.Text("id")});  // 爱心
}

TEST_F(ServiceTest, ADonorChecksTheirReceiptWithItsCodeAndGetsAProofThatVerifies) {
  OpenFundAndGive();
  const Reply receipt = Call("GET", "/api/v1/receipts/2026-000001", "wang");
  ASSERT_EQ(receipt.status, 200);
  const std::string code = receipt.Text("check_code");
  ASSERT_EQ(code.size(), 12u);
  // Before a checkpoint covers it: recorded, no proof yet.
  const Reply early = Call("GET", "/api/v1/public/receipts/2026-000001?code=" + code, "");
  ASSERT_EQ(early.status, 200) << early.body;
  EXPECT_TRUE(early.Find("proof")->is_null());
  ClosePeriodByTwo("2026-11");
  const Reply checked = Call("GET", "/api/v1/public/receipts/2026-000001?code=" + code, "");
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_EQ(EncodeCanonical(*checked.Find("amount")), R"({"currency":"CNY","minor":125000})");
  EXPECT_FALSE(checked.Find("voided")->as_bool());
  // The proof checks offline against the ledger's public key.
  auto bundle = ParseBundle(EncodeCanonical(*checked.Find("proof")));
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  auto reader = SqliteLedgerReader::Open(path_);
  auto keys = (*reader)->SigningKeys();
  ASSERT_TRUE(keys.ok());
  auto entry = VerifyInclusionBundle(bundle->inclusion, *keys);
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  EXPECT_EQ(entry->payload.Find("receipt")->as_string(), "2026-000001");
  // A wrong code and an unknown number get the same answer.
  std::string wrong = code;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  const Reply bad = Call("GET", "/api/v1/public/receipts/2026-000001?code=" + wrong, "");
  const Reply unknown = Call("GET", "/api/v1/public/receipts/2026-000099?code=" + code, "");
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(bad.Text("detail"), unknown.Text("detail"));
  // The public summary, as of the checkpoint, needs no login either.
  const Reply summary = Call("GET", "/api/v1/public/summary?from=2026-01-01&to=2026-12-31", "");
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_EQ(summary.Find("basis")->as_object().Find("size")->as_int(), Size());
  EXPECT_NE(summary.body.find(R"("donations":"1250.00")"), std::string::npos) << summary.body;
}

// Slowloris: 200 connections from one address trickle their heads, a line a
// second. That address holds at most its cap of threads (the others are
// answered 429 at once) and each held one is cut at the head deadline, so
// another client's /healthz and POST are answered meanwhile.
TEST_F(ServiceTest, TwoHundredSlowClientsDoNotStarveANormalOne) {
  OpenFundAndGive();
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < 200; ++i) {
    Poco::Net::StreamSocket s(Poco::Net::SocketAddress::IPv4);
    s.impl()->bind(Poco::Net::SocketAddress("127.0.0.2", 0), true);
    s.connect(Poco::Net::SocketAddress("127.0.0.1", server_->port()));
    const std::string start = "GET /healthz HTTP/1.1\r\n";
    s.sendBytes(start.data(), static_cast<int>(start.size()));
    slow.push_back(std::move(s));
  }
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (int line = 0; line < 30 && !done.load(); ++line) {
      for (auto& s : slow) {
        try {
          const std::string h = "X-Slow-" + std::to_string(line) + ": 1\r\n";
          s.sendBytes(h.data(), static_cast<int>(h.size()));
        } catch (const Poco::Exception&) {
          // Cut off or refused: as it should be.
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto start = std::chrono::steady_clock::now();
  const Reply health = Call("GET", "/healthz", "");
  const Reply gift = Post("/api/v1/donations", "wang", Donation("WX-SLOW"));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  done = true;
  trickle.join();
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(gift.status, 201) << gift.body;
  EXPECT_LT(seconds, 5.0);
}

// The cap is on slow connections only: a client (or a proxy) that keeps
// more connections than the cap, all of them busy or kept alive, is served on
// every one.
TEST_F(ServiceTest, ABusyClientWithManyConnectionsIsNeverRefused) {
  std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> sessions;
  for (int i = 0; i < 12; ++i) {  // the cap is 8
    sessions.push_back(
        std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", server_->port()));
  }
  for (int round = 0; round < 3; ++round) {
    for (auto& session : sessions) {
      const testing::HttpReply r = testing::HttpCall(*session, "GET", "/healthz");
      EXPECT_EQ(r.status, 200) << r.body;
    }
  }
}

// One person alone can neither close the books nor reverse a gift: a close
// is proposed and confirmed by two, only for a period that has ended and
// the next in order; a reversal likewise, and the donor's receipt check
// says when and why once it happened.
TEST_F(ServiceTest, ClosesAndReversalsTakeTwoPeopleAndTheDonorIsTold) {
  ASSERT_TRUE(service_->users().AddUser("qian", "treasurer").ok());
  auto qian = service_->users().IssueToken("qian", "test");
  ASSERT_TRUE(qian.ok());
  tokens_["qian"] = qian->token;
  OpenFundAndGive();  // a gift dated 2026-11-20
  const int64_t before = Size();
  EXPECT_EQ(Post("/api/v1/periods/2099/close", "wang", Object{}).status, 422);
  EXPECT_EQ(Post("/api/v1/periods/2099-12/close", "wang", Object{}).Text("field"), "period");
  EXPECT_EQ(Post("/api/v1/periods/2026-11/close", "li", Object{}).status, 403);
  EXPECT_EQ(Size(), before);
  const Reply periods = Call("GET", "/api/v1/periods", "wang");
  ASSERT_EQ(periods.status, 200) << periods.body;
  EXPECT_EQ(periods.Text("next_month"), "2026-11") << periods.body;
  const Reply proposed = Post("/api/v1/periods/2026-11/close", "wang", Object{});
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const std::string confirm =
      "/api/v1/proposals/" + std::to_string(proposed.Find("seq")->as_int()) + "/confirm";
  EXPECT_EQ(Post(confirm, "wang", Object{}).status, 403) << "the proposer does not confirm";
  EXPECT_EQ(Post(confirm, "li", Object{}).status, 403);
  const Reply pending = Call("GET", "/api/v1/proposals", "qian");
  ASSERT_EQ(pending.status, 200);
  EXPECT_NE(pending.body.find(R"("period":"2026-11")"), std::string::npos) << pending.body;
  auto checkpoints = [&] {
    const Reply r = Call("GET", "/api/v1/checkpoints", "audit");
    return r.Find("checkpoints") != nullptr ? r.Find("checkpoints")->as_array().size() : 0u;
  };
  const size_t checkpoints_before_close = checkpoints();
  ASSERT_EQ(Post(confirm, "qian", Object{}).status, 201);
  EXPECT_EQ(checkpoints(), checkpoints_before_close + 1) << "a checkpoint follows the close";
  EXPECT_EQ(Post("/api/v1/donations", "wang", Donation("WX-2")).Text("field"), "date");
  // The latest closed month is reopened by two people and shows as a correction.
  const Reply reopen =
      Post("/api/v1/periods/2026-11/reopen", "qian", Object{{"reason", "late bank slip"}});
  ASSERT_EQ(reopen.status, 201) << reopen.body;
  ASSERT_EQ(Post("/api/v1/proposals/" + std::to_string(reopen.Find("seq")->as_int()) + "/confirm",
                 "wang", Object{})
                .status,
            201);
  EXPECT_EQ(checkpoints(), checkpoints_before_close + 2) << "and one follows the reopening";
  const Reply corrections = Call("GET", "/api/v1/corrections", "audit");
  EXPECT_NE(corrections.body.find(R"("kind":"period.reopened")"), std::string::npos)
      << corrections.body;
  EXPECT_NE(corrections.body.find("late bank slip"), std::string::npos);

  // A reversal: proposed; the gift stands for the donor until confirmed.
  // Undoing the gift takes its money out of WeChat Pay, which settled it to
  // the bank: the settlement is undone first, or the reversal is refused.
  const Object back{{"from", "BANK"},
                    {"to", "WECHAT_PAY"},
                    {"amount", "1250.00"},
                    {"date", "2026-11-21"},
                    {"memo", "结算录错，转回"}};
  const Reply too_early =
      Post("/api/v1/reversals", "wang",
           Object{{"entry", int64_t{3}}, {"reason", "entered twice"}, {"date", "2026-11-21"}});
  EXPECT_EQ(too_early.status, 422) << too_early.body;
  EXPECT_EQ(too_early.Text("field"), "reverses");
  ASSERT_EQ(Post("/api/v1/accounts/transfers", "wang", back).status, 201);
  const std::string code = Call("GET", "/api/v1/receipts/2026-000001", "wang").Text("check_code");
  const std::string check = "/api/v1/public/receipts/2026-000001?code=" + code;
  const Reply reversal =
      Post("/api/v1/reversals", "wang",
           Object{{"entry", int64_t{3}}, {"reason", "entered twice"}, {"date", "2026-11-21"}});
  ASSERT_EQ(reversal.status, 201) << reversal.body;
  EXPECT_EQ(reversal.Text("state"), "proposed");
  EXPECT_TRUE(Call("GET", check, "").Find("stands")->as_bool());
  const std::string confirm_reversal =
      "/api/v1/proposals/" + std::to_string(reversal.Find("seq")->as_int()) + "/confirm";
  EXPECT_EQ(Post(confirm_reversal, "wang", Object{{"date", "2026-11-21"}}).status, 403);
  ASSERT_EQ(Post(confirm_reversal, "qian", Object{{"date", "2026-11-21"}}).status, 201);
  const Reply told = Call("GET", check, "");
  ASSERT_EQ(told.status, 200) << told.body;
  EXPECT_FALSE(told.Find("stands")->as_bool());
  const Value* what = told.Find("reversal");
  ASSERT_TRUE(what != nullptr && what->is_object()) << told.body;
  EXPECT_EQ(what->as_object().Find("reason")->as_string(), "entered twice");
  EXPECT_EQ(what->as_object().Find("date")->as_string(), "2026-11-21");
  EXPECT_FALSE(what->as_object().Find("recorded_at")->as_string().empty());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

// A cost (费用) over HTTP: a coordinator proposes it, a treasurer other than
// the proposer records it with the payment's reference; the list shows both
// people; a restricted fund's administrative cost is refused with its field;
// a treasurer's small cost under the exemption is recorded at once.
// Opening balances over HTTP: a treasurer proposes them, the proposal shows
// its lines with money as decimal strings, another treasurer records every
// line by confirming it; the list shows the books' first day; a gift dated
// before it is refused with its field.
TEST_F(ServiceTest, OpeningBalancesAreProposedListedAndRecordedByASecondTreasurer) {
  ASSERT_TRUE(service_->users().AddUser("qian", "treasurer").ok());
  auto qian = service_->users().IssueToken("qian", "test");
  ASSERT_TRUE(qian.ok());
  tokens_["qian"] = qian->token;
  OpenStudentAid();
  const Object opening{
      {"date", "2026-11-01"},
      {"memo", "10月31日银行对账单"},
      {"lines", Array{Object{{"fund", "STUDENT_AID"}, {"account", "BANK"}, {"amount", "8000.00"}},
                      Object{{"fund", "STUDENT_AID"}, {"account", "CASH"}, {"amount", "350.50"}}}}};
  EXPECT_EQ(Post("/api/v1/opening", "li", opening).status, 403);
  Object bad = opening;
  bad.Set("lines", Array{Object{{"fund", "STUDENT_AID"}, {"account", "BANK"}, {"amount", 800}}});
  const Reply number = Post("/api/v1/opening", "wang", bad);
  EXPECT_EQ(number.status, 400) << number.body;
  EXPECT_EQ(number.Text("field"), "lines[0].amount");
  const Reply proposed = Post("/api/v1/opening", "wang", opening);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const Reply waiting = Call("GET", "/api/v1/proposals", "audit");
  EXPECT_NE(waiting.body.find(R"("amount":{"amount":"350.50","currency":"CNY"})"),
            std::string::npos)
      << waiting.body;
  const std::string confirm =
      "/api/v1/proposals/" + std::to_string(proposed.Find("seq")->as_int()) + "/confirm";
  EXPECT_EQ(Post(confirm, "wang", Object{}).status, 403) << "not by its proposer";
  const int64_t before = Size();
  const Reply recorded = Post(confirm, "qian", Object{});
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(Size(), before + 2) << "one entry a line";
  const Reply list = Call("GET", "/api/v1/opening", "audit");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find(R"("date":"2026-11-01")"), std::string::npos) << list.body;
  EXPECT_NE(list.body.find(R"("account":"CASH","amount":{"amount":"350.50")"), std::string::npos)
      << list.body;
  Object early = Donation("WX-1");
  early.Set("date", "2026-10-31");
  const Reply refused = Post("/api/v1/donations", "wang", early);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.Text("field"), "date");
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(ServiceTest, AccountsAreOpenedListedMaskedAndMoneyMovesBetweenThem) {
  OpenFundAndGive();  // ¥1,250.00 by WeChat Pay, settled to the bank
  const Object icbc{{"code", "BANK_ICBC"},
                    {"name", "工商银行基本户"},
                    {"type", "bank"},
                    {"institution", "中国工商银行"},
                    {"number", "6222 0202 0011 2233"}};
  EXPECT_EQ(Post("/api/v1/accounts", "li", icbc).status, 403);
  const Reply opened = Post("/api/v1/accounts", "wang", icbc);
  ASSERT_EQ(opened.status, 201) << opened.body;
  Object bad = icbc;
  bad.Set("code", "SAFE");
  bad.Set("type", "safe");
  const Reply refused = Post("/api/v1/accounts", "wang", bad);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Text("field"), "type");

  const Reply moved = Post("/api/v1/accounts/transfers", "wang",
                           Object{{"from", "BANK"},
                                  {"to", "BANK_ICBC"},
                                  {"amount", "1000.00"},
                                  {"date", "2026-11-22"},
                                  {"external_ref", "TR-1"},
                                  {"memo", "转入基本户"}});
  ASSERT_EQ(moved.status, 201) << moved.body;
  const Reply too_much = Post(
      "/api/v1/accounts/transfers", "wang",
      Object{{"from", "BANK"}, {"to", "BANK_ICBC"}, {"amount", "250.01"}, {"date", "2026-11-22"}});
  EXPECT_EQ(too_much.status, 422) << too_much.body;
  EXPECT_EQ(too_much.Text("field"), "amount");

  const Reply list = Call("GET", "/api/v1/accounts", "audit");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find(R"("number":"****2233")"), std::string::npos) << list.body;
  EXPECT_EQ(list.body.find("62220202"), std::string::npos) << "the whole number is kept nowhere";
  EXPECT_NE(list.body.find(R"("balances":[{"amount":"1000.00","currency":"CNY"}])"),
            std::string::npos)
      << list.body;
  const Reply transfers = Call("GET", "/api/v1/accounts/transfers", "audit");
  ASSERT_EQ(transfers.status, 200);
  EXPECT_NE(transfers.body.find("转入基本户"), std::string::npos) << transfers.body;

  // An account that holds money is not closed; an empty one is, with the reason.
  EXPECT_EQ(Post("/api/v1/accounts/BANK_ICBC/close", "wang", Object{{"reason", "销户"}}).status,
            422);
  const Reply closed =
      Post("/api/v1/accounts/WECHAT_PAY/close", "wang", Object{{"reason", "改用商户号收款"}});
  ASSERT_EQ(closed.status, 201) << closed.body;
  EXPECT_NE(Call("GET", "/api/v1/accounts", "audit")
                .body.find(R"("closed_seq":)" + std::to_string(closed.Find("seq")->as_int())),
            std::string::npos);
  const Reply into_closed = Post("/api/v1/donations", "wang", Donation("WX-9"));
  EXPECT_EQ(into_closed.status, 422) << into_closed.body;
  EXPECT_EQ(into_closed.Text("field"), "account");

  // A payment names the account it leaves.
  const std::string grant = ProposeStipend(EnrolStudent()).Text("id");
  ASSERT_EQ(Post("/api/v1/grants/" + grant + "/approve", "zhao", Object{}).status, 201);
  const Reply paid = Post("/api/v1/grants/" + grant + "/payments", "wang",
                          Object{{"amount", "600.00"},
                                 {"date", "2026-11-25"},
                                 {"channel", "bank_transfer"},
                                 {"external_ref", "B-1"},
                                 {"account", "BANK_ICBC"}});
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_NE(Call("GET", "/api/v1/accounts", "audit")
                .body.find(R"("balances":[{"amount":"400.00","currency":"CNY"}])"),
            std::string::npos);
}

TEST_F(ServiceTest, ACostIsProposedByOnePersonAndRecordedByAnother) {
  OpenFundAndGive();  // ¥1,250.00 in STUDENT_AID
  Object cost{{"category", "program"},   {"fund", "STUDENT_AID"},     {"amount", "120.50"},
              {"payee", "顺达运输公司"}, {"voucher", "INV-0001"},     {"purpose", "运送助学物资"},
              {"date", "2026-11-21"},    {"channel", "bank_transfer"}};
  EXPECT_EQ(Post("/api/v1/costs", "audit", cost).status, 403);
  const Reply proposed = Post("/api/v1/costs", "li", cost);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  EXPECT_EQ(proposed.Text("state"), "proposed");
  const Reply pending = Call("GET", "/api/v1/proposals", "wang");
  EXPECT_NE(pending.body.find(R"("kind":"cost.proposed")"), std::string::npos) << pending.body;
  EXPECT_NE(pending.body.find("INV-0001"), std::string::npos) << pending.body;
  EXPECT_NE(pending.body.find(R"("amount":{"amount":"120.50","currency":"CNY"})"),
            std::string::npos)
      << "money as the API shows it: " << pending.body;
  const std::string confirm =
      "/api/v1/proposals/" + std::to_string(proposed.Find("seq")->as_int()) + "/confirm";
  const Reply no_ref = Post(confirm, "wang", Object{});
  EXPECT_EQ(no_ref.status, 400) << no_ref.body;
  EXPECT_EQ(no_ref.Text("field"), "external_ref");
  const Reply recorded = Post(confirm, "wang", Object{{"external_ref", "B-778"}});
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  const Reply costs = Call("GET", "/api/v1/costs", "audit");
  ASSERT_EQ(costs.status, 200) << costs.body;
  const Array& list = costs.Find("costs")->as_array();
  ASSERT_EQ(list.size(), 1u);
  const Object& c = list[0].as_object();
  EXPECT_EQ(EncodeCanonical(*c.Find("amount")), R"({"amount":"120.50","currency":"CNY"})");
  EXPECT_EQ(c.Find("proposer")->as_object().Find("id")->as_string(), "li");
  EXPECT_EQ(c.Find("recorder")->as_object().Find("id")->as_string(), "wang");
  const Reply funds = Call("GET", "/api/v1/funds", "wang");
  EXPECT_NE(funds.body.find(R"("amount":"1129.50")"), std::string::npos) << funds.body;
  // A restricted fund pays no administrative cost.
  cost.Set("category", "admin");
  cost.Set("voucher", "INV-0002");
  const Reply admin = Post("/api/v1/costs", "li", cost);
  EXPECT_EQ(admin.status, 422) << admin.body;
  EXPECT_EQ(admin.Text("field"), "category");
  // Under the exemption an admin sets, a treasurer's cost is recorded at once.
  ASSERT_EQ(Post("/api/v1/policy", "admin", Object{{"cost_exempt_below", int64_t{5000}}}).status,
            201);
  cost.Set("category", "program");
  cost.Set("amount", "12.00");
  cost.Set("voucher", "INV-0003");
  cost.Set("external_ref", "B-779");
  const Reply small = Post("/api/v1/costs", "wang", cost);
  ASSERT_EQ(small.status, 201) << small.body;
  EXPECT_EQ(small.Text("state"), "recorded");
  EXPECT_EQ(Call("GET", "/api/v1/costs", "audit").Find("costs")->as_array().size(), 2u);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

// Income other than a gift over HTTP: a treasurer records it, it takes no
// receipt, the list shows it, a coordinator may not record it.
TEST_F(ServiceTest, IncomeOtherThanAGiftIsRecordedWithoutAReceipt) {
  OpenFundAndGive();  // receipt 2026-000001
  const Object grant{{"category", "government_grant"},
                     {"fund", "STUDENT_AID"},
                     {"amount", "5000.00"},
                     {"payer", "市民政局"},
                     {"document", "民发〔2026〕12号"},
                     {"date", "2026-11-21"},
                     {"channel", "bank_transfer"},
                     {"external_ref", "B-9001"}};
  EXPECT_EQ(Post("/api/v1/income", "li", grant).status, 403);
  const Reply recorded = Post("/api/v1/income", "wang", grant);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(recorded.Find("receipt"), nullptr);
  const Reply list = Call("GET", "/api/v1/income", "audit");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Find("income")->as_array().size(), 1u);
  EXPECT_NE(list.body.find("民发〔2026〕12号"), std::string::npos) << list.body;
  // The next gift still takes the next receipt number.
  const Reply gift = Post("/api/v1/donations", "wang", Donation("WX-2"));
  ASSERT_EQ(gift.status, 201) << gift.body;
  EXPECT_EQ(gift.Text("receipt"), "2026-000002");
  Object wrong = grant;
  wrong.Set("category", "donation");
  wrong.Set("external_ref", "B-9002");
  const Reply refused = Post("/api/v1/income", "wang", wrong);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Text("field"), "category");
}

// The money world's own uniqueness: a bank reference names one payment, a
// partner's bill one gift; amounts no report could add are refused, and
// personal data never reaches the chain.
TEST_F(ServiceTest, DuplicatesOverlargeAmountsAndPersonalDataAreRefused) {
  OpenFundAndGive();
  const std::string recipient = EnrolStudent();
  const Reply proposed = ProposeStipend(recipient);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const std::string grant = proposed.Text("id");
  ASSERT_EQ(Post("/api/v1/grants/" + grant + "/approve", "zhao", Object{}).status, 201);
  const auto pay = [&](const Object& extra) {
    Object body{{"amount", "100.00"},
                {"date", "2026-11-25"},
                {"channel", "bank_transfer"},
                {"external_ref", "B-7"}};
    for (const auto& [k, v] : extra.members()) body.Set(k, v);
    return Post("/api/v1/grants/" + grant + "/payments", "wang", body);
  };
  ASSERT_EQ(pay({}).status, 201);
  const Reply twice = pay({});
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(twice.Text("field"), "external_ref");
  EXPECT_EQ(pay({{"duplicate_reason", "the bank reused B-7 for a second transfer"}}).status, 201);

  ASSERT_EQ(Post("/api/v1/donations", "wang", Donation("WX-2")).status, 201);
  const Object bill{{"bill_number", "GY-2026-0001"}, {"issuer", "市慈善总会"}};
  ASSERT_EQ(Post("/api/v1/receipts/2026-000001/bill", "wang", bill).status, 201);
  const Reply same_bill = Post("/api/v1/receipts/2026-000002/bill", "wang", bill);
  EXPECT_EQ(same_bill.status, 409) << same_bill.body;
  EXPECT_EQ(same_bill.Text("field"), "bill_number");

  const int64_t before = Size();
  const Reply huge = Post("/api/v1/donations", "wang", Donation("WX-3", "50000000000000000.00"));
  EXPECT_EQ(huge.status, 422) << huge.body;
  EXPECT_EQ(huge.Text("field"), "amount");
  const Reply typo = Post("/api/v1/donations", "wang", Donation("WX-4", "1000100000000.00"));
  EXPECT_EQ(typo.status, 422) << typo.body;
  Object with_id = Donation("WX-5");
  with_id.Set("memo", "张三 身份证 11010519491231002X 电话 13812345678");
  const Reply personal = Post("/api/v1/donations", "wang", with_id);
  EXPECT_EQ(personal.status, 422) << personal.body;
  EXPECT_EQ(personal.Text("field"), "memo");
  EXPECT_NE(personal.Text("detail").find("1101**********002X"), std::string::npos) << personal.body;
  EXPECT_EQ(personal.body.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(personal.Text("code"), "personal_data");
  Object with_bell = Donation("WX-6");
  with_bell.Set("memo", std::string("ring\a\x1b[2J"));
  EXPECT_EQ(Post("/api/v1/donations", "wang", with_bell).Text("field"), "memo");
  EXPECT_EQ(Size(), before);
  // Every report still adds up, the public one included.
  EXPECT_EQ(Call("GET", "/api/v1/public/summary?from=2026-01-01&to=2026-12-31", "").status, 200);
  EXPECT_EQ(
      Call("GET", "/api/v1/reports/fund-statement?from=2026-01-01&to=2026-12-31", "audit").status,
      200);
}

// The web interface logs in with a password: a session cookie (HttpOnly,
// SameSite=Strict), a CSRF token every write must echo, lock-out after
// repeated failures, and log out.
TEST_F(ServiceTest, ABrowserSessionNeedsItsCsrfTokenForWritesAndEndsAtLogout) {
  ASSERT_TRUE(service_->users().SetPassword("wang", "correct horse battery").ok());
  OpenFundAndGive();
  const Reply wrong =
      Post("/api/v1/session", "", Object{{"name", "wang"}, {"password", "wrong password!!"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.Text("field"), "password");
  const Reply login =
      Post("/api/v1/session", "", Object{{"name", "wang"}, {"password", "correct horse battery"}});
  ASSERT_EQ(login.status, 201) << login.body;
  const std::string set_cookie = login.Header("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);  // plain HTTP here
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = login.Text("csrf");
  ASSERT_EQ(csrf.size(), 64u);
  EXPECT_EQ(login.Text("role"), "treasurer");
  // Reads need only the cookie.
  const Reply me = Call("GET", "/api/v1/session", "", "", {{"Cookie", cookie}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Text("name"), "wang");
  EXPECT_EQ(me.Text("csrf"), csrf);
  // A write without the token (what a cross-site form could send) is refused.
  const std::string gift = EncodeCanonical(Donation("WX-9"));
  const Reply forged = Call("POST", "/api/v1/donations", "", gift, {{"Cookie", cookie}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(forged.Text("field"), "X-CSRF-Token");
  const Reply wrong_token = Call("POST", "/api/v1/donations", "", gift,
                                 {{"Cookie", cookie}, {"X-CSRF-Token", std::string(64, 'a')}});
  EXPECT_EQ(wrong_token.status, 403);
  const int64_t before = Size();
  const Reply real =
      Call("POST", "/api/v1/donations", "", gift, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(real.status, 201) << real.body;
  EXPECT_EQ(Size(), before + 1);
  // Every write records who made it.
  auto reader = SqliteLedgerReader::Open(path_);
  auto entry = DecodeEntry((*reader)->GetEntry(Size())->canonical);
  EXPECT_EQ(entry->actor.id, "wang");
  // Log out: the cookie is cleared and no longer works.
  const Reply out =
      Call("DELETE", "/api/v1/session", "", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_NE(out.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/session", "", "", {{"Cookie", cookie}}).status, 401);
  // Wrong passwords from one address slow that address down (429, with
  // Retry-After), the same for a name that exists and one that does not.
  const auto attempt = [&](const std::string& name) {
    return Post("/api/v1/session", "", Object{{"name", name}, {"password", "wrong password!!"}});
  };
  for (const std::string name : {"wang", "nobody"}) {
    std::vector<Reply> replies;
    for (int i = 0; i < 5; ++i) replies.push_back(attempt(name));
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(replies[static_cast<size_t>(i)].status, 401) << name << i;
      EXPECT_EQ(replies[static_cast<size_t>(i)].Text("detail"), "wrong user name or password");
    }
    EXPECT_EQ(replies[4].status, 429) << name << replies[4].body;
    EXPECT_EQ(replies[4].Text("code"), "too_many_requests");
    EXPECT_EQ(replies[4].Header("Retry-After"), "1") << name;
  }
}

TEST_F(ServiceTest, ASessionEndsWhenItsUserIsDisabledOrTheirPasswordChanges) {
  const auto login = [&](const std::string& password) {
    const Reply r = Post("/api/v1/session", "", Object{{"name", "wang"}, {"password", password}});
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string set_cookie = r.Header("Set-Cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
  };
  const auto status = [&](const std::string& cookie) {
    return Call("GET", "/api/v1/session", "", "", {{"Cookie", cookie}}).status;
  };
  ASSERT_TRUE(service_->users().SetPassword("wang", "correct horse battery").ok());
  const std::string first = login("correct horse battery");
  ASSERT_EQ(status(first), 200);
  // A new password logs out the sessions opened with the old one.
  ASSERT_TRUE(service_->users().SetPassword("wang", "another long secret").ok());
  EXPECT_EQ(status(first), 401);
  const std::string second = login("another long secret");
  ASSERT_EQ(status(second), 200);
  // Disabled from another process (what `aidledger user disable` does):
  // seen within a second.
  {
    auto cli = UserStore::Open(path_);
    ASSERT_TRUE(cli.ok());
    ASSERT_TRUE((*cli)->SetDisabled("wang", true).ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const Reply ended = Call("GET", "/api/v1/session", "", "", {{"Cookie", second}});
  EXPECT_EQ(ended.status, 401);
  EXPECT_EQ(ended.Text("field"), "session");
  // Enabled again, the ended session stays ended; a new login works.
  ASSERT_TRUE(service_->users().SetDisabled("wang", false).ok());
  EXPECT_EQ(status(second), 401);
  EXPECT_EQ(status(login("another long secret")), 200);
}

TEST_F(ServiceTest, TheWebInterfaceIsServedWithItsOwnFilesOnly) {
  const Reply page = Call("GET", "/", "");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("/ui/app.js"), std::string::npos);
  EXPECT_NE(page.Header("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(page.Header("X-Frame-Options"), "DENY");
  EXPECT_EQ(Call("GET", "/ui/app.js", "").Header("Content-Type"), "text/javascript; charset=utf-8");
  for (const char* bad : {"/ui/nope.js", "/ui/../CMakeLists.txt"}) {
    EXPECT_EQ(Call("GET", bad, "").status, 404) << bad;
  }
  for (const char* bad : {"/ui/..%2Fapi%2Fservice.cc", "/ui/%2Fetc%2Fpasswd"}) {
    EXPECT_EQ(Call("GET", bad, "").status, 400) << bad;  // an encoded slash is refused
  }
  const Reply qr = Call("GET", "/api/v1/qr?text=http%3A%2F%2Fx%2F%23%2Fcheck", "");
  EXPECT_EQ(qr.status, 200);
  EXPECT_EQ(qr.Header("Content-Type"), "image/svg+xml");
}

TEST_F(ServiceTest, AnAuditorChecksAProofBundleAndATamperedOneFails) {
  OpenFundAndGive();
  ClosePeriodByTwo("2026-11");
  const Reply proof = Call("GET", "/api/v1/proofs/inclusion?seq=3", "audit");
  ASSERT_EQ(proof.status, 200) << proof.body;
  const Reply good = Call("POST", "/api/v1/proofs/check", "audit", proof.body);
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_TRUE(good.Find("ok")->as_bool()) << good.body;
  EXPECT_EQ(good.Text("kind"), "inclusion");
  // One hex digit of a proof step changed.
  std::string tampered = proof.body;
  const size_t at = tampered.find("\"proof\":[\"") + 10;
  tampered[at] = tampered[at] == '0' ? '1' : '0';
  const Reply bad = Call("POST", "/api/v1/proofs/check", "audit", tampered);
  ASSERT_EQ(bad.status, 200) << bad.body;
  EXPECT_FALSE(bad.Find("ok")->as_bool());
  EXPECT_FALSE(bad.Text("detail").empty());
  const Reply keys = Call("GET", "/api/v1/keys", "");
  EXPECT_EQ(keys.status, 200);
  EXPECT_NE(keys.body.find("+"), std::string::npos);
  const Reply exported = Call("GET", "/api/v1/export", "audit");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.body.rfind(R"({"checkpoints":)", 0), 0u) << exported.body;
  EXPECT_NE(exported.body.find(R"("format":"aidledger-export/v1")"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/export", "wang").status, 403);
}

TEST_F(ServiceTest, TheExportIsStreamedAndVerifiesOffline) {
  OpenFundAndGive();
  ClosePeriodByTwo("2026-11");
  const Reply exported = Call("GET", "/api/v1/export", "audit");
  ASSERT_EQ(exported.status, 200);
  // Sent as it is read (constant memory whatever the ledger's size).
  EXPECT_EQ(exported.Header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(exported.Header("Content-Length"), "");
  EXPECT_EQ(exported.Header("Content-Type"), "application/jsonl; charset=utf-8");
  std::istringstream in(exported.body);
  const VerifyReport report = VerifyExport(in, VerifyOptions{});
  EXPECT_TRUE(report.ok) << (report.failure ? report.failure->detail : "");
  EXPECT_EQ(report.size, Size());
}

// An export whose reading fails part-way (here a page of the entries table
// garbled on disk) cannot change its 200 any more: the connection is cut
// before the last chunk, so no client takes the part for the whole.
TEST_F(ServiceTest, AnExportThatFailsPartWayIsCutOffNotEnded) {
  OpenFundAndGive();
  for (int i = 0; i < 150; ++i) {
    ASSERT_EQ(Post("/api/v1/donations", "wang", Donation("WX-BULK-" + std::to_string(i))).status,
              201);
  }
  int64_t page = 0;
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");  // every page in the main file
    SQLite::Statement leaves(db,
                             "SELECT pageno FROM dbstat WHERE name = 'entries' AND pagetype = "
                             "'leaf' ORDER BY pageno");
    std::vector<int64_t> pages;
    while (leaves.executeStep()) pages.push_back(leaves.getColumn(0).getInt64());
    ASSERT_GT(pages.size(), 10u);
    page = pages[pages.size() / 2];
    const int page_size = db.execAndGet("PRAGMA page_size").getInt();
    std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp((page - 1) * page_size);
    const std::string garbage(static_cast<size_t>(page_size), '\xff');
    file.write(garbage.data(), page_size);
    ASSERT_TRUE(file.good());
  }
  const std::string raw =
      RawExchange("GET /api/v1/export HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                  tokens_["audit"] + "\r\n\r\n");
  EXPECT_EQ(raw.rfind("HTTP/1.1 200", 0), 0u) << raw.substr(0, 200);
  EXPECT_NE(raw.find("Transfer-Encoding: chunked"), std::string::npos);
  EXPECT_NE(raw.find("aidledger-export/v1"), std::string::npos);  // the part before the page
  ASSERT_GE(raw.size(), 5u);
  EXPECT_NE(raw.substr(raw.size() - 5), "0\r\n\r\n") << "the export ended as if whole";
  EXPECT_EQ(Call("GET", "/healthz", "").status, 200);
}

// HTTP/1.0 knows no chunks: a streamed body ends with the connection.
TEST_F(ServiceTest, AnHttp10ClientGetsTheExportUntilTheConnectionCloses) {
  OpenFundAndGive();
  const std::string raw = RawExchange("GET /api/v1/export HTTP/1.0\r\nAuthorization: Bearer " +
                                      tokens_["audit"] + "\r\n\r\n");
  const size_t body = raw.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos) << raw;
  const std::string head = raw.substr(0, body);
  EXPECT_EQ(head.rfind("HTTP/1.0 200", 0), 0u) << head;
  EXPECT_EQ(head.find("chunked"), std::string::npos) << head;
  std::istringstream in(raw.substr(body + 4));
  const VerifyReport report = VerifyExport(in, VerifyOptions{});
  EXPECT_TRUE(report.ok) << (report.failure ? report.failure->detail : "");
  EXPECT_EQ(report.size, Size());
}

// Report answers are kept for reuse only while the books stay as they were:
// a write drops every older answer instead of leaving it to fill memory.
TEST_F(ServiceTest, KeptReportAnswersForOlderBooksAreDropped) {
  OpenFundAndGive();
  const auto kept = [&] {
    const Reply metrics = Call("GET", "/metrics", "audit");
    const std::string name = "\naidledger_report_cache_bytes ";
    const size_t at = metrics.body.find(name);
    return at == std::string::npos ? -1.0 : std::stod(metrics.body.substr(at + name.size()));
  };
  const std::string report = "/api/v1/reports/fund-statement?from=2026-01-01&to=2026-12-31";
  ASSERT_EQ(Call("GET", report, "audit").status, 200);
  const double one = kept();
  ASSERT_GT(one, 0);
  ASSERT_EQ(Call("GET", report + "&format=csv", "audit").status, 200);
  const double two = kept();
  EXPECT_GT(two, one);
  ASSERT_EQ(Post("/api/v1/donations", "wang", Donation("WX-2")).status, 201);
  ASSERT_EQ(Call("GET", report, "audit").status, 200);
  const double after = kept();
  EXPECT_GT(after, 0);
  EXPECT_LT(after, two) << "the answers for the books before the gift are still kept";
}

// A report of many rows is sent as it is rendered: the same report, in pieces.
TEST_F(ServiceTest, ALargeReportIsStreamedWithTheSameContent) {
  OpenFundAndGive();
  for (int i = 2; i <= 5; ++i) {
    ASSERT_EQ(Post("/api/v1/donations", "wang", Donation("WX-" + std::to_string(i))).status, 201);
  }
  const std::string path = "/api/v1/reports/donation-register?from=2026-01-01&to=2026-12-31";
  const Reply whole = Call("GET", path, "audit");
  ASSERT_EQ(whole.status, 200);
  EXPECT_EQ(whole.Header("Transfer-Encoding"), "");
  const Reply whole_csv = Call("GET", path + "&format=csv", "audit");
  ASSERT_EQ(whole_csv.status, 200);
  const Reply whole_journal = Call("GET", "/api/v1/reports/journal", "audit");
  ASSERT_EQ(whole_journal.status, 200);
  EXPECT_EQ(whole_journal.Header("Transfer-Encoding"), "");
  ServiceOptions options;
  options.streamed_report_rows = 3;  // five gifts and a total
  Reopen(options);
  const Reply streamed = Call("GET", path, "audit");
  ASSERT_EQ(streamed.status, 200);
  EXPECT_EQ(streamed.Header("Transfer-Encoding"), "chunked");
  ASSERT_TRUE(streamed.json.is_object()) << streamed.body;
  const Value* tables = streamed.Find("tables");
  ASSERT_TRUE(tables != nullptr && tables->is_array());
  EXPECT_EQ(tables->as_array()[0].as_object().Find("rows")->as_array().size(), 5u);
  // The same rows as before, only the time it was made differs.
  const auto rows = [](const std::string& body) { return body.substr(body.find("\"notes\"")); };
  EXPECT_EQ(rows(streamed.body), rows(whole.body));
  const Reply streamed_csv = Call("GET", path + "&format=csv", "audit");
  ASSERT_EQ(streamed_csv.status, 200);
  EXPECT_EQ(streamed_csv.Header("Transfer-Encoding"), "chunked");
  const auto csv_rows = [](const std::string& body) { return body.substr(body.find("\r\n\r\n")); };
  EXPECT_EQ(csv_rows(streamed_csv.body), csv_rows(whole_csv.body));
  const Reply streamed_journal = Call("GET", "/api/v1/reports/journal", "audit");
  ASSERT_EQ(streamed_journal.status, 200);
  EXPECT_EQ(streamed_journal.Header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(streamed_journal.Header("Content-Type"), whole_journal.Header("Content-Type"));
  EXPECT_EQ(streamed_journal.body, whole_journal.body) << "the journal names no time";
  EXPECT_EQ(Call("GET", "/api/v1/reports/journal?to=2026-13-01", "audit").status, 400)
      << "a bad parameter is refused before anything is streamed";
}

// An answer of more than the 64 KiB sent with its headers, not streamed:
// whole, with its length.
TEST_F(ServiceTest, ALargeAnswerArrivesWholeWithItsLength) {
  OpenFundAndGive();
  std::string csv = "date,amount,channel,external_ref,fund\n";
  for (int i = 0; i < 400; ++i)
    csv += "2026-11-20,1.00,cash,BANK-" + std::to_string(i) + ",STUDENT_AID\n";
  ASSERT_EQ(Call("POST", "/api/v1/batches?rows=400&total=400.00", "wang", csv,
                 {{"Content-Type", "text/csv; charset=utf-8"}})
                .status,
            201);
  const std::string path = "/api/v1/reports/donation-register?from=2026-01-01&to=2026-12-31";
  const Reply big = Call("GET", path, "audit");
  ASSERT_EQ(big.status, 200);
  EXPECT_GT(big.body.size(), 64u * 1024) << "more than is sent in one piece";
  EXPECT_EQ(big.Header("Transfer-Encoding"), "");
  EXPECT_EQ(big.Header("Content-Length"), std::to_string(big.body.size()));
  ASSERT_TRUE(big.json.is_object()) << big.body.substr(0, 200);
  EXPECT_EQ(big.Find("tables")->as_array()[0].as_object().Find("rows")->as_array().size(), 401u)
      << "the gift of OpenFundAndGive and the batch's 400";
}

TEST_F(ServiceTest, TheRosterIsMaskedAndARevealIsTheWholeRecord) {
  ASSERT_EQ(EnrolStudent(), "R-000001");
  const Reply roster = Call("GET", "/api/v1/recipients", "li");
  ASSERT_EQ(roster.status, 200);
  EXPECT_NE(roster.body.find("张*明"), std::string::npos) << roster.body;
  EXPECT_EQ(roster.body.find("张小明"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/recipients/R-000001", "li").Text("name"), "张小明");
}

// Hostile text (SQL, script, formulas) is stored as the text it is, comes
// back verbatim as JSON, and is escaped wherever it is printed.
TEST_F(ServiceTest, HostileTextIsStoredAsTextAndShownEscapedEverywhere) {
  const std::string sql = "x'); DROP TABLE entries; --";
  const std::string script = "<script>alert('收据')</script>";
  const std::string formula = "=HYPERLINK(\"http://evil\")";
  ASSERT_EQ(
      Post(
          "/api/v1/funds", "admin",
          Object{{"code", "HOSTILE"}, {"name_zh", script}, {"name_en", sql}, {"restricted", false}})
          .status,
      201);
  const Reply donor = Post(
      "/api/v1/donors", "wang",
      Object{{"type", "person"}, {"name", sql}, {"public_consent", true}, {"public_name", script}});
  ASSERT_EQ(donor.status, 201) << donor.body;
  const Reply gift = Post("/api/v1/donations", "wang",
                          Object{{"fund", "HOSTILE"},
                                 {"amount", "88.00"},
                                 {"channel", "alipay"},
                                 {"date", "2026-11-20"},
                                 {"external_ref", sql},
                                 {"donor", donor.Text("id")},
                                 {"memo", formula}});
  ASSERT_EQ(gift.status, 201) << gift.body;
  // Stored as given: the fund list and the entry give the text back.
  const Reply funds = Call("GET", "/api/v1/funds", "audit");
  EXPECT_NE(funds.body.find(EncodeCanonical(Value(script))), std::string::npos) << funds.body;
  const Reply entry = Call("GET", "/api/v1/entries/" + std::to_string(Size()), "audit");
  EXPECT_NE(entry.body.find(EncodeCanonical(Value(sql))), std::string::npos);
  // The tables are all there and the ledger verifies.
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
  // Printed: escaped, never markup; in a spreadsheet, never a formula.
  ClosePeriodByTwo("2026-11");
  for (const std::string& page :
       {std::string("/api/v1/reports/fund-statement?from=2026-01-01&to=2026-12-31&format=html"),
        std::string("/api/v1/reports/annual-summary?year=2026&format=html"),
        std::string("/api/v1/public/summary?from=2026-01-01&to=2026-12-31&format=html")}) {
    SCOPED_TRACE(page);
    const Reply html = Call("GET", page, "audit");
    ASSERT_EQ(html.status, 200) << html.body;
    EXPECT_EQ(html.body.find("<script>"), std::string::npos);
    EXPECT_NE(html.body.find("&lt;script&gt;"), std::string::npos);
  }
  const Reply csv = Call(
      "GET", "/api/v1/reports/donation-register?from=2026-01-01&to=2026-12-31&format=csv", "audit");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.find(",=HYPERLINK"), std::string::npos);
  // Names of reports and files are looked up, never opened as paths.
  for (const char* path : {"/api/v1/reports/%2e%2e", "/api/v1/reports/.."}) {
    EXPECT_EQ(Call("GET", path, "audit").status, 404) << path;
  }
  for (const char* path :
       {"/api/v1/reports/..%2F..%2Fetc%2Fpasswd", "/ui/..%2F..%2Fetc%2Fpasswd"}) {
    EXPECT_EQ(Call("GET", path, "audit").status, 400) << path;  // an encoded slash is refused
  }
  EXPECT_EQ(Call("GET", "/api/v1/me", "aidl_forged0123456789abcdef").status, 401);
}

TEST_F(ServiceTest, TheOpenApiDocumentListsEveryRouteAndOnlyThose) {
  const Reply doc = Call("GET", "/api/v1/openapi.json", "");
  ASSERT_EQ(doc.status, 200);
  const Object& paths = doc.Find("paths")->as_object();
  std::set<std::string> documented, routed;
  for (const auto& [path, ops] : paths.members()) {
    for (const auto& [method, op] : ops.as_object().members()) {
      documented.insert(method + " " + path);
      EXPECT_NE(op.as_object().Find("summary"), nullptr) << path;
    }
  }
  for (const auto& r : Service::Routes()) {
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    routed.insert(method + " " + r.pattern);
  }
  EXPECT_EQ(documented, routed);
}

// Graceful shutdown: requests in flight finish; every 2xx is in the ledger.
TEST_F(ServiceTest, ShutdownLetsRequestsInFlightFinishAndLosesNoAnsweredWrite) {
  OpenFundAndGive();
  std::atomic<bool> go{true};
  std::vector<std::vector<int64_t>> acknowledged(4);
  std::vector<std::thread> clients;
  for (size_t c = 0; c < acknowledged.size(); ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; go && i < 1000; ++i) {
        const Reply r = Post("/api/v1/donations", "wang",
                             Donation("S-" + std::to_string(c) + "-" + std::to_string(i)));
        if (r.status == 201) acknowledged[c].push_back(r.Find("seq")->as_int());
        if (r.status < 0) return;  // the server is gone
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server_->Stop(std::chrono::seconds(10));
  go = false;
  for (auto& t : clients) t.join();
  server_.reset();
  size_t total = 0;
  std::set<int64_t> seqs;
  for (const auto& list : acknowledged) {
    total += list.size();
    seqs.insert(list.begin(), list.end());
  }
  EXPECT_GT(total, 0u);
  EXPECT_EQ(seqs.size(), total) << "no sequence number answered twice";
  const int64_t size = Size();
  for (int64_t seq : seqs) EXPECT_LE(seq, size);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(ServiceTest, ServesHttpsWhenACertificateAndKeyAreConfigured) {
  const std::string cert = dir_.File("cert.pem"), key = dir_.File("key.pem");
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
                         "-keyout " +
                         key + " -out " + cert + " > /dev/null 2>&1")
                            .c_str()),
            0);
  HttpServerOptions options;
  options.port = 0;
  options.tls_certificate = cert;
  options.tls_private_key = key;
  auto tls = HttpServer::Start(service_.get(), options);
  ASSERT_TRUE(tls.ok()) << tls.status().ToString();
  EXPECT_TRUE((*tls)->tls());
  Poco::Net::initializeSSL();
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                           "", "", Poco::Net::Context::VERIFY_NONE);
  Poco::Net::HTTPSClientSession session("127.0.0.1", (*tls)->port(), context);
  Poco::Net::HTTPRequest req("GET", "/api/v1/me", Poco::Net::HTTPMessage::HTTP_1_1);
  req.set("Authorization", "Bearer " + tokens_["audit"]);
  session.sendRequest(req);
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  const std::string body(std::istreambuf_iterator<char>(in), {});
  EXPECT_EQ(resp.getStatus(), Poco::Net::HTTPResponse::HTTP_OK);
  EXPECT_NE(body.find("auditor"), std::string::npos);
  // An answer of many packets comes whole, through TLS, on the same
  // connection, byte for byte what plain HTTP sends.
  Poco::Net::HTTPRequest doc("GET", "/api/v1/openapi.json", Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(doc);
  Poco::Net::HTTPResponse doc_resp;
  std::istream& doc_in = session.receiveResponse(doc_resp);
  const std::string doc_body(std::istreambuf_iterator<char>(doc_in), {});
  EXPECT_EQ(doc_resp.getStatus(), Poco::Net::HTTPResponse::HTTP_OK);
  EXPECT_GT(doc_body.size(), 16'000u);
  EXPECT_EQ(doc_body, Call("GET", "/api/v1/openapi.json", "").body);
  // Over HTTPS the session cookie is Secure: the browser never sends it in
  // the clear.
  ASSERT_TRUE(service_->users().SetPassword("audit", "correct horse battery").ok());
  const std::string credentials = R"({"name":"audit","password":"correct horse battery"})";
  Poco::Net::HTTPRequest login("POST", "/api/v1/session", Poco::Net::HTTPMessage::HTTP_1_1);
  login.setContentType("application/json");
  login.setContentLength(static_cast<std::streamsize>(credentials.size()));
  session.sendRequest(login) << credentials;
  Poco::Net::HTTPResponse logged_in;
  std::istream& answer = session.receiveResponse(logged_in);
  const std::string ignored(std::istreambuf_iterator<char>(answer), {});
  EXPECT_EQ(logged_in.getStatus(), Poco::Net::HTTPResponse::HTTP_CREATED) << ignored;
  EXPECT_NE(logged_in.get("Set-Cookie", "").find("; Secure"), std::string::npos);
  (*tls)->Stop(std::chrono::seconds(2));
  options.tls_private_key.clear();
  EXPECT_EQ(HttpServer::Start(service_.get(), options).status().field(), "tls.certificate");
}

TEST_F(ServiceTest, ASecondServerCannotTakeThePortOfARunningOne) {
  // Sharing the port (SO_REUSEPORT) would split the clients between two
  // services, each answering from its own books.
  HttpServerOptions options;
  options.port = server_->port();
  auto second = HttpServer::Start(service_.get(), options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kIo);
  EXPECT_NE(second.status().message().find("cannot listen on 127.0.0.1:" +
                                           std::to_string(server_->port())),
            std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/me", "audit").status, 200);
}

// A date after tomorrow is a typo (2028 for 2026), refused before it reaches
// the chain, where it could only be reversed; today is fine.
TEST_F(ServiceTest, AWriteDatedInTheFutureIsRefusedAsATypo) {
  OpenFundAndGive();
  const int64_t before = Size();
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char today[16];
  std::strftime(today, sizeof today, "%Y-%m-%d", &tm);
  const std::string later = std::to_string(tm.tm_year + 1900 + 2) + "-01-15";
  Object gift = Donation("WX-LATER");
  gift.Set("date", later);
  const Reply refused = Post("/api/v1/donations", "wang", gift);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Text("field"), "date");
  EXPECT_EQ(refused.Text("code"), "invalid_argument");
  EXPECT_EQ(Post("/api/v1/reversals", "wang",
                 Object{{"entry", int64_t{3}}, {"reason", "typo"}, {"date", later}})
                .Text("field"),
            "date");
  const std::map<std::string, std::string> csv{{"Content-Type", "text/csv; charset=utf-8"}};
  const Reply batch = Call("POST", "/api/v1/batches?rows=2&total=20.00", "wang",
                           "date,amount,channel,external_ref,fund\n" + std::string(today) +
                               ",10.00,cash,,STUDENT_AID\n" + later + ",10.00,cash,,STUDENT_AID\n",
                           csv);
  EXPECT_EQ(batch.status, 400) << batch.body;
  ASSERT_NE(batch.Find("errors"), nullptr) << batch.body;
  const Object& row = batch.Find("errors")->as_array().at(0).as_object();
  EXPECT_EQ(row.Find("line")->as_int(), 3);
  EXPECT_EQ(row.Find("field")->as_string(), "date");
  EXPECT_EQ(Size(), before) << "nothing recorded";
  gift.Set("date", std::string(today));
  EXPECT_EQ(Post("/api/v1/donations", "wang", gift).status, 201);
}

// One policy a request, set by an admin, within the books' limits (the
// rule's, told with the member's name).
TEST_F(ServiceTest, APolicyIsSetOneAtATimeByAnAdminWithinTheBooksLimits) {
  const int64_t before = Size();
  EXPECT_EQ(Post("/api/v1/policy", "wang", Object{{"approvals_required", int64_t{2}}}).status, 403);
  for (const auto& [member, value] :
       std::vector<std::pair<std::string, int64_t>>{{"approvals_required", 0},
                                                    {"approvals_required", 6},
                                                    {"approvals_required", 4'294'967'298},
                                                    {"close_confirmations", 9},
                                                    {"max_entry_minor", 50},
                                                    {"reversal_exempt_below", -1}}) {
    const Reply r = Post("/api/v1/policy", "admin", Object{{member, value}});
    EXPECT_EQ(r.status, 400) << member << " " << value << " " << r.body;
    EXPECT_EQ(r.Text("field"), member);
  }
  const Reply two =
      Post("/api/v1/policy", "admin",
           Object{{"approvals_required", int64_t{2}}, {"max_entry_minor", int64_t{100}}});
  EXPECT_EQ(two.status, 400);
  EXPECT_EQ(two.Text("field"), "policy");
  EXPECT_EQ(Post("/api/v1/policy", "admin", Object{{"quorum", int64_t{2}}}).Text("field"),
            "quorum");
  EXPECT_EQ(Size(), before) << "nothing recorded";
  EXPECT_EQ(Post("/api/v1/policy", "admin", Object{{"approvals_required", int64_t{2}}}).status,
            201);
  EXPECT_EQ(Post("/api/v1/policy", "admin", Object{{"close_confirmations", int64_t{2}}}).status,
            201);
  EXPECT_EQ(Size(), before + 2);
}

// The service's clock, handed in, decides what today is: with the clock three
// years on, a gift dated then is today's, and a date after that clock's
// tomorrow is still a typo.
TEST_F(ServiceTest, TheClockHandedInDecidesWhatTodayIs) {
  OpenFundAndGive();
  const MicrosSinceEpoch later = SystemClock().Now() + 3 * 365 * 86'400LL * 1'000'000;
  testing::FakeClock clock(later);
  ServiceOptions options;
  options.clock = &clock;
  Reopen(options);
  if (HasFatalFailure()) return;
  const std::string that_day = LocalDate(later);
  Object gift = Donation("WX-THEN");
  gift.Set("date", that_day);
  const Reply accepted = Post("/api/v1/donations", "wang", gift);
  EXPECT_EQ(accepted.status, 201) << accepted.body;
  clock.Advance(-3 * 365 * 86'400LL * 1'000'000);  // back to now: that day is a typo again
  gift.Set("external_ref", "WX-THEN-2");
  const Reply refused = Post("/api/v1/donations", "wang", gift);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Text("field"), "date");
}

TEST_F(ServiceTest, ABatchOfDonationsIsRecordedWholeOrNotAtAll) {
  OpenFundAndGive();
  const int64_t before = Size();
  const std::string good =
      "date,amount,channel,external_ref,fund,memo\n"
      "2026-11-01,100.00,wechat_pay,B-1,STUDENT_AID,a\n"
      "2026-11-02,250.00,alipay,B-2,STUDENT_AID,b\n";
  const std::map<std::string, std::string> csv{{"Content-Type", "text/csv; charset=utf-8"}};
  // The declared count and total must match before anything is recorded.
  EXPECT_EQ(Call("POST", "/api/v1/batches?rows=3&total=350.00", "wang", good, csv).Text("field"),
            "rows");
  EXPECT_EQ(Call("POST", "/api/v1/batches?rows=2&total=350.01", "wang", good, csv).Text("field"),
            "total");
  EXPECT_EQ(Call("POST", "/api/v1/batches?total=350.00", "wang", good, csv).Text("field"), "rows");
  EXPECT_EQ(Call("POST", "/api/v1/batches?rows=2&total=350.00", "li", good, csv).status, 403);
  // A row the books refuse (a reference recorded already) refuses the batch,
  // naming its line.
  const std::string clash = good + "2026-11-03,5.00,wechat_pay,WX-1,STUDENT_AID,c\n";
  const Reply refused = Call("POST", "/api/v1/batches?rows=3&total=355.00", "wang", clash, csv);
  EXPECT_EQ(refused.status, 409) << refused.body;
  ASSERT_NE(refused.Find("errors"), nullptr) << refused.body;
  EXPECT_EQ(refused.Find("errors")->as_array().at(0).as_object().Find("line")->as_int(), 4);
  EXPECT_EQ(Size(), before);
  // Rows that do not parse are all reported.
  const Reply bad =
      Call("POST", "/api/v1/batches?rows=2&total=350.00", "wang",
           "date,amount,channel,fund\n2026-11-99,1.00,cash,X\n2026-11-01,x,cash,X\n", csv);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Find("errors")->as_array().size(), 2u) << bad.body;
  const Reply ok = Call("POST", "/api/v1/batches?rows=2&total=350.00", "wang", good, csv);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.Find("rows")->as_int(), 2);
  EXPECT_EQ(ok.Find("last_seq")->as_int(), before + 2);
  EXPECT_EQ(Size(), before + 2);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

// Tried as a treasurer would: the fund and the channel by the names the
// interface shows, every row the books refuse reported at once, and a
// template to start from.
TEST_F(ServiceTest, ABatchTakesTheInterfacesNamesReportsEveryRefusedRowAndHasATemplate) {
  OpenFundAndGive();
  const Reply tpl = Call("GET", "/api/v1/batches/template", "wang");
  ASSERT_EQ(tpl.status, 200) << tpl.body;
  EXPECT_EQ(tpl.body.rfind("\xEF\xBB\xBF日期,金额,币种,方式,账户,流水号,基金,捐赠人编号,备注", 0),
            0u)
      << tpl.body;
  EXPECT_EQ(Call("GET", "/api/v1/batches/template", "li").status, 403);
  const std::map<std::string, std::string> csv{{"Content-Type", "text/csv; charset=utf-8"}};
  const int64_t before = Size();
  // Two rows the books refuse: a fund that does not exist, a reference
  // recorded already; both are named, with their lines and fields.
  const std::string two_bad =
      "日期,金额,方式,流水号,基金,备注\n"
      "2026-11-01,100.00,微信支付,WX-1,助学金,a\n"
      "2026-11-02,20.00,现金,,没有这个基金,b\n"
      "2026-11-03,30.00,微信支付,WX-2,助学金,c\n";
  const Reply refused = Call("POST", "/api/v1/batches?rows=3&total=150.00", "wang", two_bad, csv);
  EXPECT_EQ(refused.status, 409) << refused.body;
  ASSERT_NE(refused.Find("errors"), nullptr) << refused.body;
  const Array& errors = refused.Find("errors")->as_array();
  ASSERT_EQ(errors.size(), 2u) << refused.body;
  EXPECT_EQ(errors[0].as_object().Find("line")->as_int(), 2);
  EXPECT_EQ(errors[0].as_object().Find("field")->as_string(), "external_ref");
  EXPECT_EQ(errors[1].as_object().Find("line")->as_int(), 3);
  EXPECT_EQ(errors[1].as_object().Find("field")->as_string(), "fund");
  EXPECT_EQ(Size(), before);
  // By the interface's names, into a named account: recorded.
  const std::string good =
      "日期,金额,方式,账户,流水号,基金,备注\n"
      "2026-11-02,20.00,现金,,,助学金,b\n"
      "2026-11-03,30.00,银行转账,BANK,BK-2,Student aid,c\n";
  const Reply ok = Call("POST", "/api/v1/batches?rows=2&total=50.00", "wang", good, csv);
  ASSERT_EQ(ok.status, 201) << ok.body;
  const Reply accounts = Call("GET", "/api/v1/accounts", "audit");
  ASSERT_NE(accounts.Find("accounts"), nullptr) << accounts.body;
  const auto held = [&](const std::string& code) -> std::string {
    for (const Value& a : accounts.Find("accounts")->as_array()) {
      const Object& o = a.as_object();
      if (o.Find("code")->as_string() != code) continue;
      const Array& b = o.Find("balances")->as_array();
      return b.empty() ? "" : b[0].as_object().Find("amount")->as_string();
    }
    return "no such account";
  };
  EXPECT_EQ(held("CASH"), "20.00") << accounts.body;
  EXPECT_EQ(held("BANK"), "1280.00") << "¥1,250.00 settled, ¥30.00 banked: " << accounts.body;
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

}  // namespace
}  // namespace aidledger::api
