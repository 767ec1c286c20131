// books_ledger: makes a ledger of N donations that keep every rule of the
// books (so that the service can open it), for the service benchmark, and
// reports how long the books take to open it and the memory they hold.
//
//   books_ledger --out=FILE [--entries=N]   make it, then open it
//   books_ledger --out=FILE --open-only       only open it (a fresh process)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "ledger/books/books.h"
#include "ledger/books/money.h"
#include "ledger/store/ledger_store.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

long PeakRssKib() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aidledger;
  std::string out;
  int64_t entries = 1'000'000;
  bool open_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--open-only") == 0) open_only = true;
    if (std::strncmp(argv[i], "--out=", 6) == 0) out = argv[i] + 6;
    if (std::strncmp(argv[i], "--entries=", 10) == 0) entries = std::stoll(argv[i] + 10);
  }
  if (out.empty()) {
    std::fprintf(stderr, "usage: books_ledger --out=FILE [--entries=N]\n");
    return 2;
  }
  if (!open_only) {
    auto store = LedgerStore::Create(out, GenesisParams{NewLedgerId(), "bench"});
    if (!store.ok()) {
      std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
      return 1;
    }
    auto books = Books::Open(store->get());
    const Actor admin{"admin", "admin"}, treasurer{"wang", "treasurer"};
    const char* funds[] = {"STUDENT_AID", "GENERAL", "WINTER_WARMTH"};
    for (const char* f : funds) {
      FundSpec spec{f, "基金", f, false, "", {}};
      if (!(*books)->OpenFund(spec, admin).ok()) return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    int64_t made = 4;
    std::vector<DonationInput> batch;
    while (made < entries) {
      batch.clear();
      for (int i = 0; i < 1000 && made + static_cast<int64_t>(batch.size()) < entries; ++i) {
        const int64_t n = made + static_cast<int64_t>(batch.size());
        DonationInput d;
        d.fund = funds[n % 3];
        d.amount = FormatAmount(1000 + (n * 7919) % 500000, "CNY");
        d.channel = n % 4 == 0 ? "cash" : "wechat_pay";
        if (d.channel != "cash") d.external_ref = "WX" + std::to_string(n);
        char date[16];
        std::snprintf(date, sizeof date, "2026-%02d-%02d", static_cast<int>(1 + n % 12),
                      static_cast<int>(1 + n % 28));
        d.date = date;
        d.memo = "会员捐款 member gift, thank you";
        batch.push_back(std::move(d));
      }
      size_t failed = 0;
      auto r = (*books)->RecordDonations(batch, treasurer, &failed);
      if (!r.ok()) {
        std::fprintf(stderr, "row %zu: %s\n", failed, r.status().ToString().c_str());
        return 1;
      }
      made += static_cast<int64_t>(batch.size());
    }
    std::printf("made %lld entries in %.1f s\n", static_cast<long long>(made), Seconds(start));
  }
  // Open it again as the service does at start: replay every entry.
  auto store = LedgerStore::Open(out);
  const long before = PeakRssKib();
  const auto start = std::chrono::steady_clock::now();
  auto books = Books::Open(store->get());
  if (!books.ok()) return 1;
  std::printf("books opened (replayed) in %.2f s; peak memory %.0f MiB (%.0f MiB before)\n",
              Seconds(start), static_cast<double>(PeakRssKib()) / 1024.0,
              static_cast<double>(before) / 1024.0);
  return 0;
}
