// Disk faults under the running service.
// A full disk: the ledger on a small tmpfs fills up while donations come
// in. The write that does not fit gets 503 with a problem body, nothing
// already answered is lost, nothing half-written stays, and once there is
// room again the service records the next donation by itself.
// A disk turned read-only: the ledger on an ext4 file system (a loop device)
// that the kernel remounts read-only after an error, as errors=remount-ro
// does in production. Writes get 503 with a problem body, reads still
// answer, and everything answered before is in the ledger afterwards.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "api/http_server.h"
#include "api/service.h"
#include "ledger/base/canonical_json.h"
#include "ledger/books/books_replay.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/http_client.h"
#include "tests/support/test_util.h"

namespace aidledger::api {
namespace {

using testing::HttpReply;

HttpReply PostJson(int port, const std::string& token, const std::string& path,
                   const std::string& body) {
  return testing::HttpCall(port, "POST", path, testing::Bearer(token), body);
}

HttpReply Get(int port, const std::string& token, const std::string& path) {
  return testing::HttpCall(port, "GET", path, testing::Bearer(token));
}

std::string Donation(const std::string& ref, const std::string& memo = "") {
  return R"({"amount":"5.00","channel":"alipay","date":"2026-11-20","external_ref":")" + ref +
         R"(","fund":"GENERAL")" + (memo.empty() ? "" : R"(,"memo":")" + memo + "\"") + "}";
}

// The external references of the donations in the ledger at `path`, with how
// many times each is there; fails the test unless the ledger verifies.
std::map<std::string, int> RecordedDonations(const std::string& path) {
  std::map<std::string, int> recorded;
  const VerifyReport report = VerifyWithBooks(path);
  EXPECT_TRUE(report.ok) << report.failure->detail;
  auto reader = SqliteLedgerReader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return recorded;
  EXPECT_TRUE((*reader)
                  ->Scan(1, INT64_MAX,
                         [&](const StoredEntry& e) {
                           auto entry = DecodeEntry(e.canonical);
                           if (entry->kind == "donation.recorded") {
                             ++recorded[entry->payload.Find("external_ref")->as_string()];
                           }
                           return true;
                         })
                  .ok());
  return recorded;
}

// A service with a fund, an admin and a treasurer on the ledger at `path`.
struct Running {
  std::unique_ptr<LedgerStore> store;
  std::unique_ptr<Service> service;
  std::unique_ptr<HttpServer> server;
  std::string admin;
  std::string treasurer;
  int port = 0;

  void Start(const std::string& path, ServiceOptions service_options = {}) {
    auto created = LedgerStore::Create(path, GenesisParams{NewLedgerId(), "faults"});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    store = std::move(created).value();
    auto key = SigningKey::Generate(CheckpointOrigin(store->genesis().ledger_id));
    auto opened =
        Service::Open(store.get(), std::move(key).value(), VaultKey::Generate(), service_options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    service = std::move(opened).value();
    ASSERT_TRUE(service->users().AddUser("boss", "admin").ok());
    ASSERT_TRUE(service->users().AddUser("wang", "treasurer").ok());
    admin = service->users().IssueToken("boss", "t")->token;
    treasurer = service->users().IssueToken("wang", "t")->token;
    HttpServerOptions options;
    options.port = 0;
    auto started = HttpServer::Start(service.get(), options);
    ASSERT_TRUE(started.ok());
    server = std::move(started).value();
    port = server->port();
    ASSERT_EQ(PostJson(port, admin, "/api/v1/funds",
                       R"({"code":"GENERAL","name_en":"General","name_zh":"基金"})")
                  .status,
              201);
  }
  ~Running() { Stop(); }
  void Stop() {
    if (server) server->Stop(std::chrono::seconds(5));
    server.reset();
    service.reset();
    store.reset();
  }
};

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
  Running running;
  ServiceOptions options;
  options.min_free_bytes = 64 * 1024;  // of the 1 MiB disk
  ASSERT_NO_FATAL_FAILURE(running.Start(path, options));
  EXPECT_EQ(Get(running.port, "", "/readyz").status, 200);
  EXPECT_TRUE(std::filesystem::exists(path + "-ready")) << "the probe wrote beside the ledger";
  const std::string memo(900, 'm');
  std::vector<std::string> answered;
  HttpReply full;
  for (int i = 0; i < 5000; ++i) {
    const std::string ref = "REF-" + std::to_string(i);
    const HttpReply a =
        PostJson(running.port, running.treasurer, "/api/v1/donations", Donation(ref, memo));
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
  const HttpReply not_ready = Get(running.port, "", "/readyz");
  EXPECT_EQ(not_ready.status, 503) << not_ready.body;
  EXPECT_NE(not_ready.body.find("nearly full"), std::string::npos) << not_ready.body;
  // Room again: the next donation goes in without a restart.
  ASSERT_TRUE(disk.Resize("16m"));
  EXPECT_EQ(Get(running.port, "", "/readyz").status, 200);
  const HttpReply after =
      PostJson(running.port, running.treasurer, "/api/v1/donations", Donation("AFTER"));
  EXPECT_EQ(after.status, 201) << after.body;
  answered.push_back("AFTER");
  running.Stop();
  EXPECT_FALSE(std::filesystem::exists(path + "-ready")) << "a clean stop removes the probe";
  // Everything answered is there, once; the ledger verifies.
  std::map<std::string, int> recorded = RecordedDonations(path);
  EXPECT_EQ(recorded.size(), answered.size());
  for (const std::string& ref : answered) EXPECT_EQ(recorded[ref], 1) << ref;
}

// An ext4 file system in a file, on a loop device (needs root and the loop
// driver, as the test command has; e2fsprogs and mount are in every Debian).
class Ext4Image {
 public:
  explicit Ext4Image(const std::string& dir) : image_(dir + "/ext4.img"), mount_(dir + "/mnt") {
    std::filesystem::create_directories(mount_);
    ready_ = Run("truncate -s 16M " + image_) && Run("mkfs.ext4 -q -F " + image_) && Mount();
  }
  ~Ext4Image() { Unmount(); }
  bool ready() const { return ready_; }
  const std::string& mount_point() const { return mount_; }

  // What the kernel does on an I/O error with errors=remount-ro: the file
  // system turns read-only under its open files.
  bool TriggerError() {
    std::ifstream mounts("/proc/self/mounts");
    std::string device, point, rest;
    while (mounts >> device >> point && std::getline(mounts, rest)) {
      if (point != mount_) continue;
      const std::string name = device.substr(device.find_last_of('/') + 1);
      std::ofstream trigger("/sys/fs/ext4/" + name + "/trigger_fs_error");
      trigger << "aidledger test\n";
      trigger.flush();
      return trigger.good();
    }
    return false;
  }
  // Unmounts, repairs and mounts again read-write (what an operator does
  // after the fault, before the service starts again).
  bool Repair() {
    Unmount();
    Run("e2fsck -fy " + image_);  // exits non-zero when it fixed something
    return Mount();
  }

 private:
  static bool Run(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
  }
  bool Mount() {
    mounted_ = Run("mount -o loop,errors=remount-ro " + image_ + " " + mount_);
    return mounted_;
  }
  void Unmount() {
    if (mounted_) Run("umount " + mount_);
    mounted_ = false;
  }

  std::string image_;
  std::string mount_;
  bool ready_ = false;
  bool mounted_ = false;
};

TEST(ReadOnlyDiskTest, ADiskTurnedReadOnlyGets503KeepsAnsweringReadsAndLosesNothing) {
  testing::TempDir dir;
  Ext4Image disk(dir.path());
  if (!disk.ready()) GTEST_SKIP() << "cannot mount an ext4 image on a loop device here";
  const std::string path = disk.mount_point() + "/ledger.db";
  Running running;
  ServiceOptions options;
  options.min_free_bytes = 1024 * 1024;  // of the 16 MiB disk
  ASSERT_NO_FATAL_FAILURE(running.Start(path, options));
  EXPECT_EQ(Get(running.port, "", "/readyz").status, 200);
  std::vector<std::string> answered;
  for (int i = 0; i < 20; ++i) {
    const std::string ref = "REF-" + std::to_string(i);
    ASSERT_EQ(PostJson(running.port, running.treasurer, "/api/v1/donations", Donation(ref)).status,
              201);
    answered.push_back(ref);
  }
  ASSERT_TRUE(disk.TriggerError());
  for (int i = 0; i < 3; ++i) {
    const HttpReply refused = PostJson(running.port, running.treasurer, "/api/v1/donations",
                                       Donation("LATE-" + std::to_string(i)));
    EXPECT_EQ(refused.status, 503) << refused.body;
    EXPECT_EQ(refused.content_type, "application/problem+json");
    EXPECT_NE(refused.body.find("\"code\":\"io\""), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("read-only"), std::string::npos) << refused.body;
    EXPECT_EQ(refused.body.find("SQL"), std::string::npos) << refused.body;
  }
  const HttpReply not_ready = Get(running.port, "", "/readyz");
  EXPECT_EQ(not_ready.status, 503) << not_ready.body;
  EXPECT_NE(not_ready.body.find("read-only"), std::string::npos) << not_ready.body;
  // Reads go on: the books are in memory and the file is still readable.
  const HttpReply funds = Get(running.port, running.admin, "/api/v1/funds");
  EXPECT_EQ(funds.status, 200) << funds.body;
  const HttpReply entry = Get(running.port, running.admin, "/api/v1/entries/2");
  EXPECT_EQ(entry.status, 200) << entry.body;
  running.Stop();
  ASSERT_TRUE(disk.Repair());
  // Everything answered is there, once; nothing refused is; it verifies.
  std::map<std::string, int> recorded = RecordedDonations(path);
  EXPECT_EQ(recorded.size(), answered.size());
  for (const std::string& ref : answered) EXPECT_EQ(recorded[ref], 1) << ref;
}

}  // namespace
}  // namespace aidledger::api
