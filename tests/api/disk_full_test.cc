// A full disk: the ledger on a small tmpfs fills up while donations come
// in. The write that does not fit gets 503 with a problem body, nothing
// already answered is lost, nothing half-written stays, and once there is
// room again the service records the next donation by itself.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "api/http_server.h"
#include "api/service.h"
#include "ledger/canonical_json.h"
#include "ledger/ledger_reader.h"
#include "ledger/verify.h"
#include "tests/support/test_util.h"

namespace aidledger::api {
namespace {

struct Answer {
  int status = 0;
  std::string body;
  std::string content_type;
};

Answer PostJson(int port, const std::string& token, const std::string& path,
                const std::string& body) {
  Answer a;
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest req("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
  req.set("Authorization", "Bearer " + token);
  req.setContentType("application/json");
  req.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(req) << body;
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  a.body.assign(std::istreambuf_iterator<char>(in), {});
  a.status = static_cast<int>(resp.getStatus());
  a.content_type = resp.getContentType();
  return a;
}

class Tmpfs {
 public:
  explicit Tmpfs(const std::string& dir) : dir_(dir) {
    std::filesystem::create_directories(dir);
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m") == 0;
    error_ = mounted_ ? 0 : errno;
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  int error() const { return error_; }
  bool Resize(const std::string& size) {
    return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size).c_str()) == 0;
  }

 private:
  std::string dir_;
  bool mounted_ = false;
  int error_ = 0;
};

TEST(DiskFullTest, AFullDiskGets503LosesNothingAndTheServiceRecoversWhenThereIsRoom) {
  testing::TempDir dir;
  Tmpfs disk(dir.File("disk"));
  if (!disk.mounted()) {
    // Mounting needs root (CAP_SYS_ADMIN), as the test command has.
    GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(disk.error());
  }
  const std::string path = dir.File("disk/ledger.db");
  auto store = LedgerStore::Create(path, GenesisParams{NewLedgerId(), "full"});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto key = SigningKey::Generate(CheckpointOrigin((*store)->genesis().ledger_id));
  auto service = Service::Open(store->get(), std::move(key).value(), VaultKey::Generate());
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  ASSERT_TRUE((*service)->users().AddUser("boss", "admin").ok());
  ASSERT_TRUE((*service)->users().AddUser("wang", "treasurer").ok());
  const std::string admin = (*service)->users().IssueToken("boss", "t")->token;
  const std::string treasurer = (*service)->users().IssueToken("wang", "t")->token;
  HttpServerOptions options;
  options.port = 0;
  auto server = HttpServer::Start(service->get(), options);
  ASSERT_TRUE(server.ok());
  const int port = (*server)->port();
  ASSERT_EQ(PostJson(port, admin, "/api/v1/funds",
                     R"({"code":"GENERAL","name_en":"General","name_zh":"基金"})")
                .status,
            201);
  const std::string memo(900, 'm');
  std::vector<std::string> answered;
  Answer full;
  for (int i = 0; i < 5000; ++i) {
    const std::string ref = "REF-" + std::to_string(i);
    const Answer a = PostJson(port, treasurer, "/api/v1/donations",
                              R"({"amount":"5.00","channel":"alipay","date":"2026-11-20",)"
                              R"("external_ref":")" +
                                  ref + R"(","fund":"GENERAL","memo":")" + memo + "\"}");
    if (a.status == 201) {
      answered.push_back(ref);
      continue;
    }
    full = a;
    break;
  }
  ASSERT_GT(answered.size(), 10u);
  EXPECT_EQ(full.status, 503) << full.body;
  EXPECT_EQ(full.content_type, "application/problem+json");
  EXPECT_NE(full.body.find("\"code\":\"io\""), std::string::npos) << full.body;
  EXPECT_NE(full.body.find("full"), std::string::npos) << full.body;
  // Room again: the next donation goes in without a restart.
  ASSERT_TRUE(disk.Resize("16m"));
  const Answer after = PostJson(port, treasurer, "/api/v1/donations",
                                R"({"amount":"5.00","channel":"alipay","date":"2026-11-20",)"
                                R"("external_ref":"AFTER","fund":"GENERAL"})");
  EXPECT_EQ(after.status, 201) << after.body;
  answered.push_back("AFTER");
  (*server)->Stop(std::chrono::seconds(5));
  server->reset();
  service->reset();
  store->reset();
  // Everything answered is there, once; the ledger verifies.
  const VerifyReport report = VerifyDatabase(path);
  ASSERT_TRUE(report.ok) << report.failure->detail;
  std::map<std::string, int> recorded;
  auto reader = SqliteLedgerReader::Open(path);
  ASSERT_TRUE((*reader)
                  ->Scan(1, INT64_MAX,
                         [&](const StoredEntry& e) {
                           auto entry = DecodeEntry(e.canonical);
                           if (entry->kind == "donation.recorded") {
                             ++recorded[entry->payload.Find("external_ref")->as_string()];
                           }
                           return true;
                         })
                  .ok());
  EXPECT_EQ(recorded.size(), answered.size());
  for (const std::string& ref : answered) EXPECT_EQ(recorded[ref], 1) << ref;
}

}  // namespace
}  // namespace aidledger::api
