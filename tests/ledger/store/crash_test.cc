// Crash safety: a child process appends in a loop and is killed with SIGKILL
// at random moments, many times. After each kill the ledger verifies, and
// every entry the child had acknowledged is there with the same hash.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <sstream>
#include <thread>

#include "ledger/chain/ledger_reader.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::BinaryPath;
using testing::TempDir;

struct Ack {
  int64_t seq;
  std::string hash;
};

// Starts the appender; returns its pid and the read end of its stdout.
pid_t StartAppender(const std::string& db, int* out_fd) {
  // Everything that allocates happens before fork(): the parent has threads.
  const std::string bin = BinaryPath("tests/crash_appender");
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(bin.c_str(), bin.c_str(), db.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  *out_fd = fds[0];
  return pid;
}

std::vector<Ack> ReadAcks(int fd) {
  std::string all;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) all.append(buf, static_cast<size_t>(n));
  ::close(fd);
  std::vector<Ack> acks;
  std::istringstream in(all);
  std::string line;
  while (std::getline(in, line)) {
    // A line cut by the kill was never completely acknowledged.
    if (in.eof()) break;
    std::istringstream fields(line);
    Ack a{};
    fields >> a.seq >> a.hash;
    acks.push_back(a);
  }
  return acks;
}

TEST(CrashTest, KilledAppenderLosesNoAcknowledgedEntryAndLeavesNoHalfEntry) {
  TempDir dir;
  const std::string db = dir.File("crash.db");
  ASSERT_TRUE(LedgerStore::Create(db, GenesisParams{NewLedgerId(), "crash"}).ok());
  std::mt19937 rng(std::random_device{}());
  std::vector<Ack> all_acks;
  constexpr int kKills = 25;
  for (int round = 0; round < kKills; ++round) {
    int fd = -1;
    const pid_t pid = StartAppender(db, &fd);
    ASSERT_GT(pid, 0);
    std::vector<Ack> acks;
    std::thread reader([&] { acks = ReadAcks(fd); });
    const int delay_ms = std::uniform_int_distribution<int>(1, 120)(rng);
    if (round % 5 == 4) {
      // A second process reads while the appender writes: verify sees a
      // consistent snapshot.
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms / 2));
      const VerifyReport during = testing::VerifyChain(db);
      EXPECT_TRUE(during.ok) << "verify beside a live writer: "
                             << (during.failure ? during.failure->detail : "");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    reader.join();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the appender stopped by itself (status " << status << ") in round " << round;

    const VerifyReport report = testing::VerifyChain(db);
    ASSERT_TRUE(report.ok) << "round " << round << ": " << report.failure->detail;
    all_acks.insert(all_acks.end(), acks.begin(), acks.end());
    auto ledger = SqliteLedgerReader::Open(db);
    ASSERT_TRUE(ledger.ok());
    for (const Ack& a : all_acks) {
      auto e = (*ledger)->GetEntry(a.seq);
      ASSERT_TRUE(e.ok()) << "acknowledged entry " << a.seq << " lost in round " << round;
      EXPECT_EQ(ToHex(e->hash), a.hash) << "entry " << a.seq;
    }
    if (!all_acks.empty()) {
      EXPECT_GE(report.size, all_acks.back().seq);
    }
  }
  // The kills landed while appends were going on, not only before the first.
  EXPECT_GT(all_acks.size(), static_cast<size_t>(kKills));
}

}  // namespace
}  // namespace aidledger
