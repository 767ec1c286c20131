#include "ledger/books/books_replay.h"

#include "ledger/books/books_state.h"
#include "ledger/store/verify.h"

namespace aidledger {
namespace {

class BooksStateReplay final : public EntryReplay {
 public:
  Status Apply(const Entry& entry) override {
    return books_.Apply(entry.kind, entry.actor, entry.payload);
  }

 private:
  BooksState books_;
};

}  // namespace

std::function<std::unique_ptr<EntryReplay>()> BooksReplay() {
  return [] { return std::make_unique<BooksStateReplay>(); };
}

VerifyReport VerifyWithBooks(const std::string& path, VerifyOptions options) {
  options.books_replay = BooksReplay();
  return VerifyDatabase(path, options);
}

}  // namespace aidledger
