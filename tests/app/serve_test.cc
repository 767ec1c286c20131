// aidledger serve and aidledger user, run as real processes.
#include <Poco/Net/HTTPClientSession.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "ledger/chain/entry.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "tests/support/http_client.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::BinaryPath;
using testing::ReadFile;
using testing::TempDir;

// The service in a process of its own, in `dir`, on a free port.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& dir, const std::string& extra = "") : dir_(dir) {
    log_ = dir + "/serve.log";
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::chdir(dir.c_str()) != 0) ::_exit(120);
      const int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      const std::string bin = BinaryPath("app/aidledger");
      ::execl(bin.c_str(), bin.c_str(), "serve", "-Dhttp.port=0",
              extra.empty() ? nullptr : extra.c_str(), static_cast<char*>(nullptr));
      ::_exit(121);
    }
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // The port it reports once it serves; 0 if it did not within 30 s.
  int WaitForPort() {
    for (int i = 0; i < 300; ++i) {
      const std::string log = ReadFile(log_);
      const size_t at = log.find(" on http://127.0.0.1:");
      if (at != std::string::npos) return std::stoi(log.substr(at + 21));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return 0;
  }
  // SIGTERM, then the exit code.
  int Stop() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Log() const { return ReadFile(log_); }
  // SIGKILL: no chance to finish anything.
  void Kill() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  std::string dir_;
  std::string log_;
  pid_t pid_ = -1;
};

int Get(int port, const std::string& path, const std::string& token, std::string* body) {
  testing::HttpReply reply = testing::HttpCall(port, "GET", path, testing::Bearer(token));
  *body = std::move(reply.body);
  return reply.status;
}

// POSTs `body` with an Idempotency-Key; the status, or -1 if the connection
// failed (the outcome is unknown).
int Post(Poco::Net::HTTPClientSession& session, const std::string& path, const std::string& token,
         const std::string& body, const std::string& key) {
  std::map<std::string, std::string> headers = testing::Bearer(token);
  headers["Idempotency-Key"] = key;
  return testing::HttpCall(session, "POST", path, headers, body).status;
}

std::string After(const std::string& text, const std::string& marker) {
  const size_t at = text.find(marker);
  if (at == std::string::npos) return "";
  const size_t start = at + marker.size();
  return text.substr(start, text.find('\n', start) - start);
}

TEST(ServeTest, StartsOnItsDefaultsMakesKeysAndTheFirstAdminAndStopsCleanly) {
  TempDir dir;
  std::string token;
  {
    ServeProcess serve(dir.path());
    const int port = serve.WaitForPort();
    ASSERT_GT(port, 0) << serve.Log();
    token = After(serve.Log(), "API token: ");
    ASSERT_FALSE(token.empty()) << serve.Log();
    std::string body;
    EXPECT_EQ(Get(port, "/api/v1/me", token, &body), 200);
    EXPECT_NE(body.find("\"role\":\"admin\""), std::string::npos) << body;
    EXPECT_EQ(Get(port, "/readyz", "", &body), 200);
    EXPECT_EQ(serve.Stop(), 0) << serve.Log();
    EXPECT_NE(serve.Log().find("stopped; the ledger is closed"), std::string::npos);
    // The secret went to the terminal, never to a log line.
    EXPECT_EQ(serve.Log().find("Information aidledger.access: " + token), std::string::npos);
  }
  for (const char* key : {"data/keys/checkpoint.key", "data/keys/vault.key"}) {
    struct stat st {};
    ASSERT_EQ(::stat(dir.File(key).c_str(), &st), 0) << key;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << key;
  }
  // A second start finds the users: no new admin, the token still works.
  ::unlink(dir.File("serve.log").c_str());
  ServeProcess again(dir.path());
  const int port = again.WaitForPort();
  ASSERT_GT(port, 0) << again.Log();
  EXPECT_EQ(again.Log().find("API token"), std::string::npos);
  std::string body;
  EXPECT_EQ(Get(port, "/api/v1/me", token, &body), 200);
  EXPECT_EQ(again.Stop(), 0);
}

TEST(ServeTest, SettingsComeFromTheFileTheEnvironmentAndDefines) {
  TempDir dir;
  testing::WriteFile(dir.File("my.properties"),
                     "ledger.path = books/team.db\nadmin.name = chair\nhttp.port = 1\n");
  ::setenv("AIDLEDGER_LEDGER_NAME", "Love 365", 1);
  ::setenv("AIDLEDGER_ADMIN_NAME", "secretary", 1);  // the environment beats the file
  ServeProcess serve(dir.path(), "--config=my.properties");
  ::unsetenv("AIDLEDGER_LEDGER_NAME");
  ::unsetenv("AIDLEDGER_ADMIN_NAME");
  const int port = serve.WaitForPort();  // -Dhttp.port=0 beats the file's 1
  ASSERT_GT(port, 1) << serve.Log();
  EXPECT_NE(serve.Log().find("first user 'secretary'"), std::string::npos) << serve.Log();
  EXPECT_NE(serve.Log().find("books/team.db"), std::string::npos);
  EXPECT_EQ(serve.Stop(), 0);
}

TEST(ServeTest, LocalDatesAreTheLedgersTimeZoneNotTheServersClockZone) {
  // 26 hours apart: the two calendars never show the same date.
  TempDir dir;
  ::setenv("TZ", "Etc/GMT+12", 1);  // the server's clock zone: UTC-12
  ServeProcess serve(dir.path(), "-Dledger.time_zone=Etc/GMT-14");  // the team's: UTC+14
  ::unsetenv("TZ");
  const int port = serve.WaitForPort();
  ASSERT_GT(port, 0) << serve.Log();
  const std::string token = After(serve.Log(), "API token: ");
  const std::string before = testing::DateAtUtcOffset(14);
  std::string body;
  ASSERT_EQ(Get(port, "/api/v1/reports/fund-statement", token, &body), 200) << body;
  const std::string after = testing::DateAtUtcOffset(14);
  const size_t at = body.find("\"to\":\"");
  ASSERT_NE(at, std::string::npos) << body;
  const std::string to = body.substr(at + 6, 10);  // the period's default end: today
  EXPECT_TRUE(to == before || to == after) << to << " is not the date at UTC+14 (" << before
                                           << "); UTC-12 has " << testing::DateAtUtcOffset(-12);
  EXPECT_EQ(serve.Stop(), 0);
}

TEST(UserCommandTest, AddListTokenAndRevoke) {
  TempDir dir;
  const std::string db = dir.File("l.db");
  const std::string bin = BinaryPath("app/aidledger");
  ASSERT_EQ(std::system((bin + " init --db " + db + " > /dev/null").c_str()), 0);
  const auto run = [&](const std::string& args) {
    const std::string out = dir.File("out.txt");
    const int status =
        std::system((bin + " user " + args + " --db " + db + " > " + out + " 2>&1").c_str());
    return std::make_pair(WEXITSTATUS(status), ReadFile(out));
  };
  const auto added = run("add wang --role treasurer");
  ASSERT_EQ(added.first, 0) << added.second;
  EXPECT_NE(added.second.find("aidl_"), std::string::npos);
  EXPECT_EQ(run("add wang --role auditor").first, 1);
  EXPECT_EQ(run("add li --role boss").first, 1);
  EXPECT_EQ(run("frobnicate").first, 2);
  const auto listed = run("list");
  EXPECT_NE(listed.second.find("wang\ttreasurer\tactive"), std::string::npos) << listed.second;
  EXPECT_NE(listed.second.find("token 1\twang\tcli\tvalid"), std::string::npos) << listed.second;
  EXPECT_EQ(run("revoke 1").first, 0);
  EXPECT_NE(run("list").second.find("token 1\twang\tcli\trevoked"), std::string::npos);
  EXPECT_EQ(run("revoke 1").first, 1);
}

TEST(ImportCommandTest, RecordsABatchWholeOrReportsItsBadLines) {
  TempDir dir;
  const std::string db = dir.File("l.db");
  const std::string bin = BinaryPath("app/aidledger");
  ASSERT_EQ(std::system((bin + " init --db " + db + " > /dev/null").c_str()), 0);
  ASSERT_EQ(std::system((bin + " append --db " + db +
                         " --kind fund.opened --actor a --role admin --payload "
                         "'{\"code\":\"GENERAL\",\"name_en\":\"General\",\"name_zh\":\"非限定性\","
                         "\"purpose\":\"\",\"restricted\":false,\"serves\":[]}' > /dev/null")
                            .c_str()),
            0);
  testing::WriteFile(dir.File("good.csv"),
                     "日期,金额,渠道,流水号,基金\n2026-11-01,100.00,微信,WX-1,GENERAL\n"
                     "2026-11-02,20.00,现金,,GENERAL\n");
  testing::WriteFile(dir.File("bad.csv"),
                     "日期,金额,渠道,流水号,基金\n2026-11-01,100.00,微信,WX-2,GENERAL\n"
                     "2026-11-02,20.00,现金,,NOPE\n");
  const auto run = [&](const std::string& args) {
    const std::string out = dir.File("out.txt");
    const int status =
        std::system((bin + " import " + args + " --db " + db + " > " + out + " 2>&1").c_str());
    return std::make_pair(WEXITSTATUS(status), ReadFile(out));
  };
  // --actor names an enabled treasurer among the service's users.
  const auto nobody = run(dir.File("good.csv") + " --rows 2 --total 120.00 --actor wang");
  EXPECT_EQ(nobody.first, 1);
  EXPECT_NE(nobody.second.find("actor"), std::string::npos) << nobody.second;
  ASSERT_EQ(
      std::system((bin + " user add wang --role treasurer --db " + db + " > /dev/null").c_str()),
      0);
  ASSERT_EQ(
      std::system((bin + " user add li --role coordinator --db " + db + " > /dev/null").c_str()),
      0);
  EXPECT_EQ(run(dir.File("good.csv") + " --rows 2 --total 120.00 --actor li").first, 1);
  const auto wrong_total = run(dir.File("good.csv") + " --rows 2 --total 120.01 --actor wang");
  EXPECT_EQ(wrong_total.first, 1);
  EXPECT_NE(wrong_total.second.find("total"), std::string::npos) << wrong_total.second;
  const auto refused = run(dir.File("bad.csv") + " --rows 2 --total 120.00 --actor wang");
  EXPECT_EQ(refused.first, 1);
  EXPECT_NE(refused.second.find("bad.csv:3: refused"), std::string::npos) << refused.second;
  const auto ok = run(dir.File("good.csv") + " --rows 2 --total 120.00 --actor wang");
  EXPECT_EQ(ok.first, 0) << ok.second;
  EXPECT_NE(ok.second.find("recorded 2 donations, entries 3 to 4"), std::string::npos) << ok.second;
}

}  // namespace
}  // namespace aidledger

namespace aidledger {
namespace {

// Concurrent POSTs while the service is killed with SIGKILL at random
// moments, many times: after each restart the ledger verifies, every
// donation answered 2xx is in it exactly once, and one whose answer was lost
// is recorded exactly once when retried with its Idempotency-Key.
TEST(ServeCrashTest, KilledMidWriteItLosesNoAnsweredWriteAndDuplicatesNone) {
  TempDir dir;
  const std::string bin = BinaryPath("app/aidledger");
  const std::string db = dir.File("data/aidledger.db");
  std::string admin, treasurer;
  {
    ServeProcess serve(dir.path());
    const int port = serve.WaitForPort();
    ASSERT_GT(port, 0) << serve.Log();
    admin = After(serve.Log(), "API token: ");
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    ASSERT_EQ(Post(session, "/api/v1/funds", admin,
                   R"({"code":"GENERAL","name_en":"General","name_zh":"非限定性基金"})", "fund"),
              201);
    ASSERT_EQ(serve.Stop(), 0);
  }
  ::unlink(dir.File("serve.log").c_str());
  const std::string out = dir.File("token.txt");
  ASSERT_EQ(std::system((bin + " user add wang --role treasurer --db " + db + " > " + out).c_str()),
            0);
  treasurer = ReadFile(out);
  treasurer = treasurer.substr(treasurer.rfind("aidl_"));
  while (!treasurer.empty() && treasurer.back() == '\n') treasurer.pop_back();

  std::map<std::string, int> answered;  // external ref -> times a 2xx came back
  std::set<std::string> unknown;        // sent, connection lost before an answer
  std::mt19937 rng(20261128);
  const auto gift = [](const std::string& ref) {
    return R"({"amount":"1.00","channel":"wechat_pay","date":"2026-11-20","external_ref":")" + ref +
           R"(","fund":"GENERAL"})";
  };
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    ::unlink(dir.File("serve.log").c_str());  // WaitForPort reads the new one's port
    ServeProcess serve(dir.path());
    const int port = serve.WaitForPort();
    ASSERT_GT(port, 0) << serve.Log();
    // First the gifts whose fate a kill left unknown: the same key again.
    {
      Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
      for (const std::string& ref : std::set<std::string>(unknown)) {
        const int status = Post(session, "/api/v1/donations", treasurer, gift(ref), ref);
        ASSERT_EQ(status, 201) << ref;
        ++answered[ref];
        unknown.erase(ref);
      }
    }
    std::mutex mu;
    std::atomic<bool> killed{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
      clients.emplace_back([&, c] {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        for (int i = 0; !killed; ++i) {
          const std::string ref =
              "K" + std::to_string(round) + "-" + std::to_string(c) + "-" + std::to_string(i);
          const int status = Post(session, "/api/v1/donations", treasurer, gift(ref), ref);
          std::lock_guard lock(mu);
          if (status == 201) {
            ++answered[ref];
          } else {
            unknown.insert(ref);
            if (status == -1) return;  // the service is gone
          }
        }
      });
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 600)(rng)));
    serve.Kill();
    killed = true;
    for (auto& t : clients) t.join();
    // What the disk holds after the kill verifies, the books included.
    const int verified = std::system((bin + " verify --db " + db + " > /dev/null 2>&1").c_str());
    ASSERT_EQ(WEXITSTATUS(verified), 0);
  }
  // The last retries, then the ledger's donations against the answers.
  {
    ::unlink(dir.File("serve.log").c_str());
    ServeProcess serve(dir.path());
    const int port = serve.WaitForPort();
    ASSERT_GT(port, 0);
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    for (const std::string& ref : unknown) {
      ASSERT_EQ(Post(session, "/api/v1/donations", treasurer, gift(ref), ref), 201);
      ++answered[ref];
    }
    ASSERT_EQ(serve.Stop(), 0);
  }
  std::map<std::string, int> recorded;
  auto reader = SqliteLedgerReader::Open(db);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)
                  ->Scan(1, INT64_MAX,
                         [&](const StoredEntry& e) {
                           auto entry = DecodeEntry(e.canonical);
                           if (entry.ok() && entry->kind == "donation.recorded") {
                             ++recorded[entry->payload.Find("external_ref")->as_string()];
                           }
                           return true;
                         })
                  .ok());
  EXPECT_GT(answered.size(), 100u);
  EXPECT_EQ(recorded.size(), answered.size());
  for (const auto& [ref, times] : answered) {
    EXPECT_EQ(recorded[ref], 1) << ref;
    EXPECT_GE(times, 1) << ref;
  }
}

}  // namespace
}  // namespace aidledger
