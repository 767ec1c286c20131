// Ledger benchmarks, each beside a baseline measured in the same run, in
// alternating rounds:
//   durable appends (one per commit)  vs raw SQLite single-row inserts, WAL, synchronous=FULL
//   verify throughput                 vs a raw scan of the same rows with chained SHA-256
//   verify peak memory (own process)  vs the target of 64 MiB
// Flags (before Google Benchmark's own): --entries=N (default 1000000),
// --appends=N (default 3000), --dir=PATH (default: a new folder in $TMPDIR).
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ledger/base/hash.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/chain/merkle.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"

namespace aidledger::bench {
namespace {

int64_t g_entries = 1'000'000;
int64_t g_appends = 3'000;
std::string g_dir;
std::map<std::string, double> g_results;  // name -> measured figure

std::string LedgerPath() { return g_dir + "/bench-ledger.db"; }

EntryDraft RealisticDraft(int64_t i) {
  static const char* kFunds[] = {"STUDENT_AID", "DISABILITY_AID", "ILLNESS_RELIEF", "WINTER_WARMTH",
                                 "GENERAL"};
  static const char* kChannels[] = {"cash", "bank_transfer", "wechat_pay", "alipay"};
  // Business dates advance with the ledger (about 270 gifts a day over ten
  // years for a million entries), as they do in real books.
  char date[16];
  const int64_t day = i / 270;
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", static_cast<int>(2020 + day / 336),
                static_cast<int>(1 + (day / 28) % 12), static_cast<int>(1 + day % 28));
  char receipt[32];
  std::snprintf(receipt, sizeof receipt, "2026-%06lld", static_cast<long long>(i % 1000000));
  return EntryDraft{
      "donation.recorded", Actor{"u-treasurer-" + std::to_string(i % 3), "treasurer"},
      Object{{"amount", Object{{"currency", "CNY"}, {"minor", 1000 + (i * 7919) % 5000000}}},
             {"channel", kChannels[i % 4]},
             {"date", date},
             {"donor", "d-" + std::to_string(i % 20000)},
             {"external_ref", "4200001234202611" + std::to_string(100000000 + i)},
             {"fund", kFunds[i % 5]},
             {"memo", "爱心助学捐款，用于资助家庭困难大学生 #" + std::to_string(i)},
             {"public_consent", (i % 3) == 0},
             {"receipt", receipt}}};
}

void BuildLedger() {
  std::filesystem::remove(LedgerPath());
  auto store = LedgerStore::Create(LedgerPath(), GenesisParams{NewLedgerId(), "bench"});
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    std::exit(1);
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<EntryDraft> batch;
  for (int64_t i = 2; i <= g_entries; ++i) {
    batch.push_back(RealisticDraft(i));
    if (batch.size() == 1000 || i == g_entries) {
      if (!(*store)->AppendBatch(batch).ok()) std::exit(1);
      batch.clear();
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  g_results["build_batched_appends_per_s"] = static_cast<double>(g_entries) / secs;
}

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// The machines here are shared and noisy, so each figure and its baseline are
// measured in alternating rounds: a slow spell hits both alike.
constexpr int kRounds = 6;

// Baseline: raw SQLite, WAL, synchronous=FULL, one row of the same size per commit.
class RawInserter {
 public:
  RawInserter() {
    const std::string path = g_dir + "/raw-insert.db";
    std::filesystem::remove(path);
    sqlite3_open(path.c_str(), &db_);
    sqlite3_exec(db_,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                 "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)",
                 nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(db_, "INSERT INTO t (body) VALUES (?)", -1, &ins_, nullptr);
  }
  ~RawInserter() {
    sqlite3_finalize(ins_);
    sqlite3_close(db_);
  }
  void InsertOne() {
    sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_bind_blob(ins_, 1, body_.data(), static_cast<int>(body_.size()), SQLITE_STATIC);
    sqlite3_step(ins_);
    sqlite3_reset(ins_);
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* ins_ = nullptr;
  const std::string body_ = std::string(480, 'x');  // about an entry's size
};

void BM_DurableAppendsOnePerCommit(benchmark::State& state) {
  auto store = LedgerStore::Open(LedgerPath());
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  RawInserter raw;
  const int64_t per_round = std::max<int64_t>(1, g_appends / kRounds);
  std::vector<EntryDraft> drafts;  // built before the clock starts, as raw's body is
  for (int64_t i = 0; i < per_round * kRounds; ++i) drafts.push_back(RealisticDraft(g_entries + i));
  size_t next = 0;
  double ledger_secs = 0, raw_secs = 0;
  for (auto _ : state) {
    for (int round = 0; round < kRounds; ++round) {
      auto t = Clock::now();
      for (int64_t i = 0; i < per_round; ++i) raw.InsertOne();
      raw_secs += Seconds(t);
      t = Clock::now();
      for (int64_t i = 0; i < per_round; ++i) {
        if (!(*store)->Append(drafts[next++]).ok()) state.SkipWithError("append failed");
      }
      ledger_secs += Seconds(t);
    }
  }
  const double n = static_cast<double>(per_round * kRounds);
  g_results["append_per_s"] = n / ledger_secs;
  g_results["raw_insert_per_s"] = n / raw_secs;
  state.counters["ledger_per_s"] = n / ledger_secs;
  state.counters["raw_per_s"] = n / raw_secs;
  state.counters["ratio"] = raw_secs / ledger_secs;
}

// Baseline: the lower bound of verify, reading the same rows and chaining SHA-256.
int64_t RawScanChainedSha256() {
  sqlite3* db = nullptr;
  sqlite3_open_v2(LedgerPath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "SELECT hash, canonical FROM entries ORDER BY seq", -1, &q, nullptr);
  Hash32 chain{};
  Sha256 h;
  int64_t rows = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    h.Update(chain.data(), chain.size());
    h.Update(static_cast<const uint8_t*>(sqlite3_column_blob(q, 1)),
             static_cast<size_t>(sqlite3_column_bytes(q, 1)));
    chain = h.Final();
    ++rows;
  }
  benchmark::DoNotOptimize(chain);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return rows;
}

void BM_VerifyVsRawScan(benchmark::State& state) {
  double verify_secs = 0, raw_secs = 0;
  int64_t verified = 0, scanned = 0;
  for (auto _ : state) {
    for (int round = 0; round < kRounds / 2; ++round) {
      auto t = Clock::now();
      scanned += RawScanChainedSha256();
      raw_secs += Seconds(t);
      t = Clock::now();
      // The chain's checks, which the baseline bounds; the synthetic entries
      // do not keep the books' rules, so their replay is not part of it.
      const VerifyReport r = VerifyDatabase(LedgerPath());  // no books' replay
      verify_secs += Seconds(t);
      if (!r.ok) state.SkipWithError("verify failed");
      verified += r.size;
    }
  }
  g_results["verify_per_s"] = static_cast<double>(verified) / verify_secs;
  g_results["raw_scan_per_s"] = static_cast<double>(scanned) / raw_secs;
  state.counters["verify_per_s"] = g_results["verify_per_s"];
  state.counters["raw_scan_per_s"] = g_results["raw_scan_per_s"];
  state.counters["ratio"] = g_results["verify_per_s"] / g_results["raw_scan_per_s"];
}

// Durable appends with the Merkle tree kept (the product) against the same
// appends without it, on copies of the same ledger, in alternating rounds.
void BM_MerkleMaintenanceCost(benchmark::State& state) {
  const std::string with_path = g_dir + "/merkle-with.db";
  const std::string without_path = g_dir + "/merkle-without.db";
  for (const auto& p : {with_path, without_path}) {
    std::filesystem::copy_file(LedgerPath(), p, std::filesystem::copy_options::overwrite_existing);
  }
  auto with = LedgerStore::Open(with_path);
  auto without = LedgerStore::Open(without_path, nullptr, StoreOptions{.maintain_merkle = false});
  if (!with.ok() || !without.ok()) {
    state.SkipWithError("cannot open the copies");
    return;
  }
  const int64_t per_round = std::max<int64_t>(1, g_appends / kRounds);
  std::vector<EntryDraft> drafts;
  for (int64_t i = 0; i < per_round * kRounds; ++i) drafts.push_back(RealisticDraft(g_entries + i));
  double with_secs = 0, without_secs = 0;
  size_t next_with = 0, next_without = 0;
  for (auto _ : state) {
    for (int round = 0; round < kRounds; ++round) {
      auto t = Clock::now();
      for (int64_t i = 0; i < per_round; ++i) {
        if (!(*without)->Append(drafts[next_without++]).ok()) state.SkipWithError("append");
      }
      without_secs += Seconds(t);
      t = Clock::now();
      for (int64_t i = 0; i < per_round; ++i) {
        if (!(*with)->Append(drafts[next_with++]).ok()) state.SkipWithError("append");
      }
      with_secs += Seconds(t);
    }
  }
  const double n = static_cast<double>(per_round * kRounds);
  g_results["merkle_append_per_s"] = n / with_secs;
  g_results["plain_append_per_s"] = n / without_secs;
  state.counters["ratio"] = without_secs / with_secs;
}

// Inclusion and consistency proofs on the big ledger: generation (from the
// stored tree) and verification, each averaged over many random proofs.
void BM_Proofs(benchmark::State& state) {
  auto reader = SqliteLedgerReader::Open(LedgerPath());
  if (!reader.ok()) {
    state.SkipWithError("open");
    return;
  }
  const auto size = static_cast<uint64_t>(g_entries);
  // The roots a verifier would take from signed checkpoints.
  auto root_at = [&](uint64_t n) { return (*reader)->MerkleRootAt(n); };
  auto full_root = root_at(size);
  if (!full_root.ok()) {
    state.SkipWithError("root");
    return;
  }
  std::mt19937_64 rng(42);
  constexpr int kProofs = 2000;
  double gen_incl = 0, ver_incl = 0, gen_cons = 0, ver_cons = 0;
  for (auto _ : state) {
    for (int i = 0; i < kProofs; ++i) {
      const uint64_t index = rng() % size;
      auto t = Clock::now();
      auto proof = (*reader)->InclusionProof(index, size);
      gen_incl += Seconds(t);
      auto entry = (*reader)->GetEntry(static_cast<int64_t>(index + 1));
      if (!proof.ok() || !entry.ok()) {
        state.SkipWithError("proof");
        return;
      }
      const Hash32 leaf = MerkleLeafHash(entry->hash);
      t = Clock::now();
      const Status ok = VerifyInclusion(index, size, leaf, *proof, *full_root);
      ver_incl += Seconds(t);
      if (!ok.ok()) state.SkipWithError("inclusion proof did not verify");
      const uint64_t old_size = 1 + rng() % size;
      t = Clock::now();
      auto cons = (*reader)->ConsistencyProof(old_size, size);
      gen_cons += Seconds(t);
      if (!cons.ok()) {
        state.SkipWithError("consistency");
        return;
      }
      auto old_root = root_at(old_size);
      if (!old_root.ok()) {
        state.SkipWithError("root");
        return;
      }
      t = Clock::now();
      const Status cok = VerifyConsistency(old_size, size, *old_root, *full_root, *cons);
      ver_cons += Seconds(t);
      if (!cok.ok()) state.SkipWithError("consistency proof did not verify");
    }
  }
  g_results["inclusion_gen_ms"] = gen_incl / kProofs * 1000;
  g_results["inclusion_verify_ms"] = ver_incl / kProofs * 1000;
  g_results["consistency_gen_ms"] = gen_cons / kProofs * 1000;
  g_results["consistency_verify_ms"] = ver_cons / kProofs * 1000;
}

// Peak resident memory of `aidledger verify` in a process of its own.
void BM_VerifyProcessPeakMemory(benchmark::State& state) {
  const std::string bin = AIDLEDGER_CLI;
  const std::string db = LedgerPath();
  long max_kib = 0;
  for (auto _ : state) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (std::freopen("/dev/null", "w", stdout) == nullptr) ::_exit(126);
      ::execl(bin.c_str(), bin.c_str(), "verify", "--chain-only", "--db", db.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) state.SkipWithError("verify failed");
    max_kib = usage.ru_maxrss;
  }
  state.counters["peak_rss_MiB"] = static_cast<double>(max_kib) / 1024.0;
  g_results["verify_peak_rss_mib"] = static_cast<double>(max_kib) / 1024.0;
}

std::string Machine() {
  std::ifstream cpu("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(cpu, line)) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  ::uname(&u);
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGE_SIZE);
  return model + ", " + std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)) + " cores, " +
         std::to_string(pages / 1024 * page / 1024 / 1024) + " GiB, " + u.sysname + " " + u.release;
}

void PrintSummary() {
  const double raw_insert = g_results["raw_insert_per_s"];
  const double append = g_results["append_per_s"];
  const double raw_scan = g_results["raw_scan_per_s"];
  const double verify = g_results["verify_per_s"];
  const double rss = g_results["verify_peak_rss_mib"];
  std::printf("\nmachine: %s\nledger: %lld entries; one-per-commit appends measured: %lld\n",
              Machine().c_str(), static_cast<long long>(g_entries),
              static_cast<long long>(g_appends));
  std::printf("| figure | measured | baseline (same run) | ratio | target | met |\n");
  std::printf("|---|---|---|---|---|---|\n");
  auto row = [](const char* name, double v, const char* unit, double base, double target_ratio) {
    const double ratio = base > 0 ? v / base : 0;
    std::printf("| %s | %.0f %s | %.0f %s | %.2f | >= %.2f x baseline | %s |\n", name, v, unit,
                base, unit, ratio, target_ratio, ratio >= target_ratio ? "yes" : "NO");
  };
  row("durable appends, one per commit", append, "/s", raw_insert, 0.7);
  row("verify", verify, "entries/s", raw_scan, 0.5);
  std::printf("| verify peak memory (own process) | %.1f MiB | - | - | < 64 MiB | %s |\n", rss,
              rss < 64 ? "yes" : "NO");
  row("durable appends with the Merkle tree kept", g_results["merkle_append_per_s"], "/s",
      g_results["plain_append_per_s"], 0.8);
  auto ms_row = [](const char* name, double ms) {
    std::printf("| %s | %.3f ms | - | - | < 1 ms | %s |\n", name, ms, ms < 1 ? "yes" : "NO");
  };
  ms_row("inclusion proof, generation (mean of 2000)", g_results["inclusion_gen_ms"]);
  ms_row("inclusion proof, verification", g_results["inclusion_verify_ms"]);
  ms_row("consistency proof, generation (mean of 2000)", g_results["consistency_gen_ms"]);
  ms_row("consistency proof, verification", g_results["consistency_verify_ms"]);
  std::printf("| (building the ledger, batches of 1000) | %.0f entries/s | - | - | - | - |\n",
              g_results["build_batched_appends_per_s"]);
}

}  // namespace
}  // namespace aidledger::bench

int main(int argc, char** argv) {
  using namespace aidledger::bench;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--entries=", 0) == 0)
      g_entries = std::atoll(a.c_str() + 10);
    else if (a.rfind("--appends=", 0) == 0)
      g_appends = std::atoll(a.c_str() + 10);
    else if (a.rfind("--dir=", 0) == 0)
      g_dir = a.substr(6);
    else
      rest.push_back(argv[i]);
  }
  bool own_dir = false;
  if (g_dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp != nullptr ? tmp : "/tmp") + "/aidledger-bench-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) return 1;
    g_dir = templ;
    own_dir = true;
  }
  int bargc = static_cast<int>(rest.size());
  benchmark::Initialize(&bargc, rest.data());
  std::fprintf(stderr, "building a %lld-entry ledger in %s ...\n",
               static_cast<long long>(g_entries), g_dir.c_str());
  BuildLedger();

  benchmark::RegisterBenchmark("BM_VerifyVsRawScan", BM_VerifyVsRawScan)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_VerifyProcessPeakMemory", BM_VerifyProcessPeakMemory)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_Proofs", BM_Proofs)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_DurableAppendsOnePerCommit", BM_DurableAppendsOnePerCommit)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_MerkleMaintenanceCost", BM_MerkleMaintenanceCost)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RunSpecifiedBenchmarks();
  PrintSummary();
  benchmark::Shutdown();
  if (own_dir) std::filesystem::remove_all(g_dir);
  return 0;
}
