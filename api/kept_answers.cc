#include "api/kept_answers.h"

namespace aidledger::api {

std::optional<std::string> EntryAnswers::Find(int64_t seq) {
  std::lock_guard lock(mu_);
  auto hit = bodies_.find(seq);
  if (hit == bodies_.end()) return std::nullopt;
  return hit->second;
}

void EntryAnswers::Keep(int64_t seq, const std::string& body) {
  std::lock_guard lock(mu_);
  if (!bodies_.emplace(seq, body).second) return;
  order_.push_back(seq);
  if (order_.size() > kMaxEntries) {
    bodies_.erase(order_.front());
    order_.pop_front();
  }
}

std::string FundsAnswer::Get(int64_t size, const std::function<std::string()>& make) {
  std::lock_guard lock(mu_);
  if (size_ != size) {
    answer_ = make();
    size_ = size;
  }
  return answer_;
}

std::optional<ApiResponse> ReportAnswers::Find(const std::string& key, int64_t size,
                                               int64_t as_of) {
  std::lock_guard lock(mu_);
  auto hit = kept_.find(key);
  if (hit == kept_.end() || hit->second.size != size || hit->second.as_of != as_of) {
    return std::nullopt;
  }
  return hit->second.answer;
}

void ReportAnswers::Keep(const std::string& key, int64_t size, int64_t as_of,
                         const ApiResponse& answer) {
  const size_t bytes = key.size() + answer.body.size();
  // A report too large to keep is rebuilt when asked again: a year's
  // register of a million gifts is hundreds of megabytes.
  if (bytes > kBytes / 8) return;
  std::lock_guard lock(mu_);
  // Answers for an older state of the books are never served again.
  for (auto it = kept_.begin(); it != kept_.end();) {
    if (it->second.size != size) {
      bytes_ -= it->first.size() + it->second.answer.body.size();
      it = kept_.erase(it);
    } else {
      ++it;
    }
  }
  if (auto old = kept_.find(key); old != kept_.end()) {
    bytes_ -= old->first.size() + old->second.answer.body.size();
    kept_.erase(old);
  }
  if (bytes_ + bytes > kBytes) {
    kept_.clear();
    bytes_ = 0;
  }
  kept_.emplace(key, Kept{size, as_of, answer});
  bytes_ += bytes;
  metrics_.SetGauge("aidledger_report_cache_bytes", "bytes of report answers kept for reuse",
                    static_cast<double>(bytes_));
}

Result<int64_t> CheckpointWatch::Size() {
  const MicrosSinceEpoch now = clock_.Now();
  if (now - checked_at_.load() < 1'000'000) return size_.load();
  auto lease = readers_.Acquire();
  if (!lease.ok()) return lease.status();
  auto latest = (*lease)->reader->Checkpoint(0);
  if (!latest.ok() && latest.status().code() != ErrorCode::kNotFound) return latest.status();
  const int64_t size = latest.ok() ? static_cast<int64_t>(latest->checkpoint.size) : 0;
  size_ = size;
  checked_at_ = now;
  return size;
}

}  // namespace aidledger::api
