#include "reports/read_books.h"

#include <algorithm>
#include <vector>

namespace aidledger::reports {

namespace {
// Facts read under one hold of the books: long enough to cost little
// locking, short enough that a writer waits no more than a few
// milliseconds.
constexpr size_t kChunk = 4096;
}  // namespace

Status ScanFacts(const ReadBooks& read, int64_t size,
                 const std::function<void(const BooksState& state, const FactRow& fact)>& make,
                 const std::function<void()>& flush) {
  size_t next = 0;
  bool done = false;
  while (!done) {
    AIDLEDGER_RETURN_IF_ERROR(read([&](const BooksState& s) {
      const std::vector<FactRow>& facts = s.fact_rows();
      const size_t end = std::min(facts.size(), next + kChunk);
      for (; next < end && !done; ++next) {
        done = facts[next].seq > size;
        if (!done) make(s, facts[next]);
      }
      done = done || next >= facts.size();
    }));
    flush();
  }
  return Status::Ok();
}

ReadBooks ReadHeld(const BooksState& state) {
  return [&state](const std::function<void(const BooksState&)>& fn) {
    fn(state);
    return Status::Ok();
  };
}

}  // namespace aidledger::reports
