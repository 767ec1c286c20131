// Test helper: appends to a ledger until it is killed, alternating single
// appends and three-entry batches. After each commit returns it prints one
// line per entry, "<seq> <hash>", and flushes: a printed line is an
// acknowledged, durable entry. Exits 3 on any append error.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ledger/store/ledger_store.h"

int main(int argc, char** argv) {
  using namespace aidledger;
  if (argc != 2) {
    std::fprintf(stderr, "usage: crash_appender LEDGER\n");
    return 2;
  }
  auto store = LedgerStore::Open(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.status().ToString().c_str());
    return 3;
  }
  for (int64_t i = 0;; ++i) {
    auto draft = [&](int64_t n) {
      return EntryDraft{"donation.recorded", Actor{"u-crash", "treasurer"},
                        Object{{"amount", Object{{"currency", "CNY"}, {"minor", 100 + n}}},
                               {"date", "2026-11-28"},
                               {"fund", "GENERAL"},
                               {"memo", "crash test " + std::to_string(n)}}};
    };
    std::vector<EntryDraft> drafts{draft(i)};
    if (i % 2 == 1) drafts = {draft(i), draft(i + 1), draft(i + 2)};
    auto r = (*store)->AppendBatch(drafts);
    if (!r.ok()) {
      std::fprintf(stderr, "append: %s\n", r.status().ToString().c_str());
      return 3;
    }
    for (const auto& a : *r)
      std::printf("%lld %s\n", static_cast<long long>(a.seq), ToHex(a.hash).c_str());
    std::fflush(stdout);
  }
}
