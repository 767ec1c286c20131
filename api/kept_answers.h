// Answers kept for reuse: what the same books, or the same entry, give
// again is not computed again. Each is thread-safe and bounded. Internal to
// api/.
//  - EntryAnswers: an entry's JSON by seq (entries never change).
//  - FundsAnswer: the fund list, for the size of the books it was made from.
//  - ReportAnswers: reports by request, for the size of the books and the
//    checkpoint they were made from, within a byte budget.
//  - CheckpointWatch: the latest signed checkpoint's size, looked up at
//    most once a second.
#ifndef AIDLEDGER_API_KEPT_ANSWERS_H_
#define AIDLEDGER_API_KEPT_ANSWERS_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/api_types.h"
#include "api/metrics.h"
#include "api/reader_pool.h"
#include "ledger/base/timestamp.h"

namespace aidledger::api {

class EntryAnswers {
 public:
  std::optional<std::string> Find(int64_t seq);
  void Keep(int64_t seq, const std::string& body);

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::mutex mu_;
  std::unordered_map<int64_t, std::string> bodies_;
  std::deque<int64_t> order_;  // oldest first
};

class FundsAnswer {
 public:
  // The answer for books of `size` entries: kept, or made by `make`.
  std::string Get(int64_t size, const std::function<std::string()>& make);

 private:
  std::mutex mu_;
  int64_t size_ = -1;
  std::string answer_;
};

class ReportAnswers {
 public:
  explicit ReportAnswers(Metrics& metrics) : metrics_(metrics) {}
  // The answer kept under `key` for books of `size` entries and a latest
  // checkpoint of `as_of`, if any.
  std::optional<ApiResponse> Find(const std::string& key, int64_t size, int64_t as_of);
  // Keeps `answer` under `key`, within kBytes, dropping the answers for
  // older states of the books; one too large to keep is not kept.
  void Keep(const std::string& key, int64_t size, int64_t as_of, const ApiResponse& answer);

 private:
  struct Kept {
    int64_t size = -1;
    int64_t as_of = -1;
    ApiResponse answer;
  };
  static constexpr size_t kBytes = 64 << 20;
  Metrics& metrics_;
  std::mutex mu_;
  std::unordered_map<std::string, Kept> kept_;
  size_t bytes_ = 0;
};

class CheckpointWatch {
 public:
  CheckpointWatch(ReaderPool& readers, Clock& clock) : readers_(readers), clock_(clock) {}
  // The size of the latest signed checkpoint (0 if none): another process's
  // shows within a second.
  Result<int64_t> Size();
  // This service signed one: the next Size() looks at once.
  void Changed() { checked_at_ = 0; }

 private:
  ReaderPool& readers_;
  Clock& clock_;
  std::atomic<int64_t> size_{0};
  std::atomic<MicrosSinceEpoch> checked_at_{0};
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_KEPT_ANSWERS_H_
