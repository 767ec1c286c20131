// Reading the books a chunk at a time, for what is written while the books
// move on: the register's rows and the journal's transactions are made from
// a few thousand facts under each hold of the books, and written with the
// books let go, so a slow client never holds up a writer and a year of a
// million gifts is written in constant memory.
#ifndef AIDLEDGER_REPORTS_READ_BOOKS_H_
#define AIDLEDGER_REPORTS_READ_BOOKS_H_

#include <cstdint>
#include <functional>

#include "ledger/base/status.h"
#include "ledger/books/books_state.h"

namespace aidledger::reports {

// Runs `fn` with the books as they are now, holding whatever keeps them
// still while it runs (the service's read lock); the status of reading them.
using ReadBooks = std::function<Status(const std::function<void(const BooksState&)>&)>;

// Calls `make(state, fact)` for every fact of the first `size` entries, in
// order, a chunk of facts under each read; after each chunk, with the books
// let go, calls `flush()` to write what `make` kept. The fact rows of the
// first `size` entries never change, so each chunk continues where the last
// stopped whatever was appended between. Call from no thread that holds the
// books.
Status ScanFacts(const ReadBooks& read, int64_t size,
                 const std::function<void(const BooksState& state, const FactRow& fact)>& make,
                 const std::function<void()>& flush);

// A ReadBooks over a state the caller holds still (the command line's).
ReadBooks ReadHeld(const BooksState& state);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_READ_BOOKS_H_
