// books_writers: the write core's ceiling, without HTTP. THREADS threads of
// one process record cash donations through Books (the same operation as
// POST /api/v1/donations: checked, appended, committed durably, group commit)
// for SECONDS, on a ledger that books_ledger made; prints the rate.
//
//   books_writers --db=FILE [--threads=N] [--seconds=S] [--no-sync]
//
// --no-sync commits without the fsync (StoreOptions::sync_commits): not
// durable, never a real figure; it says what the write core's CPU alone
// allows, with the disk taken out.
//
// Prints "rate=R/s cpu_us=C recorded=N refused=M" (C: the process's CPU time,
// user and system, per donation recorded: steadier than the rate on a shared
// machine); exits 1 if any was refused (the figure would not be the write
// core's).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "ledger/books/books.h"
#include "ledger/store/ledger_store.h"

namespace {

double CpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aidledger;
  std::string db;
  int threads = 32;
  double seconds = 10;
  bool sync = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--db=", 5) == 0) db = argv[i] + 5;
    if (std::strncmp(argv[i], "--threads=", 10) == 0) threads = std::stoi(argv[i] + 10);
    if (std::strncmp(argv[i], "--seconds=", 10) == 0) seconds = std::stod(argv[i] + 10);
    if (std::strcmp(argv[i], "--no-sync") == 0) sync = false;
  }
  if (db.empty() || threads < 1) {
    std::fprintf(stderr,
                 "usage: books_writers --db=FILE [--threads=N] [--seconds=S] [--no-sync]\n");
    return 2;
  }
  auto store = LedgerStore::Open(db, nullptr, StoreOptions{.sync_commits = sync});
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  auto books = Books::Open(store->get());
  if (!books.ok()) {
    std::fprintf(stderr, "%s\n", books.status().ToString().c_str());
    return 1;
  }
  const Actor treasurer{"u-bench-writer", "treasurer"};
  // A reference unique to this run: the books refuse a repeated one.
  const std::string run =
      std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  std::atomic<int64_t> recorded{0}, refused{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (int64_t n = 0; !stop.load(std::memory_order_relaxed); ++n) {
        DonationInput gift;
        gift.fund = "GENERAL";
        gift.amount = "12.50";
        gift.channel = "wechat_pay";
        gift.date = "2026-11-20";
        gift.external_ref = "W" + run + "-" + std::to_string(t) + "-" + std::to_string(n);
        gift.memo = "bench";
        auto r = (*books)->RecordDonation(gift, treasurer);
        if (r.ok()) {
          recorded.fetch_add(1, std::memory_order_relaxed);
        } else if (refused.fetch_add(1) == 0) {
          std::fprintf(stderr, "refused: %s\n", r.status().ToString().c_str());
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : writers) w.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double n = static_cast<double>(std::max<int64_t>(1, recorded.load()));
  std::printf("rate=%.0f/s cpu_us=%.1f recorded=%lld refused=%lld\n",
              static_cast<double>(recorded.load()) / elapsed, (CpuSeconds() - cpu_start) * 1e6 / n,
              static_cast<long long>(recorded.load()), static_cast<long long>(refused.load()));
  return refused.load() == 0 ? 0 : 1;
}
