// ReaderPool: read connections to the ledger, one per request, reused.
// Thread-safe. Internal to api/.
#ifndef AIDLEDGER_API_READER_POOL_H_
#define AIDLEDGER_API_READER_POOL_H_

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ledger/chain/ledger_reader.h"
#include "ledger/store/ledger_address.h"

namespace aidledger::api {

class ReaderPool {
 public:
  // Readers of the ledger at `address` (ledger_address.h).
  explicit ReaderPool(std::string address) : address_(std::move(address)) {}

  // A reader, given back to the pool when the lease ends.
  struct Lease {
    Lease(ReaderPool* p, std::unique_ptr<LedgerReader> r) : pool(p), reader(std::move(r)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (reader) pool->Release(std::move(reader));
    }
    ReaderPool* pool;
    std::unique_ptr<LedgerReader> reader;
  };
  Result<std::unique_ptr<Lease>> Acquire() {
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        auto r = std::move(free_.back());
        free_.pop_back();
        return std::make_unique<Lease>(this, std::move(r));
      }
    }
    auto r = OpenLedgerReader(address_);
    if (!r.ok()) return r.status();
    return std::make_unique<Lease>(this, std::move(r).value());
  }

 private:
  void Release(std::unique_ptr<LedgerReader> r) {
    std::lock_guard lock(mu_);
    if (free_.size() < 16) free_.push_back(std::move(r));
  }

  std::string address_;
  std::mutex mu_;
  std::vector<std::unique_ptr<LedgerReader>> free_;
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_READER_POOL_H_
