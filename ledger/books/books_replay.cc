#include "ledger/books/books_replay.h"

#include "ledger/books/books_state.h"
#include "ledger/store/verify.h"

namespace aidledger {
namespace {

class BooksStateReplay final : public EntryReplay {
 public:
  Status Apply(const Entry& entry, const std::optional<Fact>& fact) override {
    AIDLEDGER_RETURN_IF_ERROR(books_.Apply(entry.kind, entry.actor, entry.payload));
    const FactRow* row = books_.FactOf(books_.size());
    if (row == nullptr && !fact) return Status::Ok();
    if (row != nullptr && fact && books_.IsMovement(*row, *fact)) return Status::Ok();
    return Corrupt("the books' movement of this entry differs from the chain's fact");
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
