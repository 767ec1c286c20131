// The books' rules as a verifier's replay (VerifyOptions::books_replay): each
// entry goes through BooksState::Apply, as every write did, so that verify
// rebuilds the projection that reports and the API read and checks it.
#ifndef AIDLEDGER_LEDGER_BOOKS_BOOKS_REPLAY_H_
#define AIDLEDGER_LEDGER_BOOKS_BOOKS_REPLAY_H_

#include <functional>
#include <memory>
#include <string>

#include "ledger/chain/verify_report.h"

namespace aidledger {

// A factory for VerifyOptions::books_replay: a fresh BooksState each pass.
std::function<std::unique_ptr<EntryReplay>()> BooksReplay();

// VerifyDatabase with the books' replay: the whole of `aidledger verify`.
VerifyReport VerifyWithBooks(const std::string& path, VerifyOptions options = {});

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_BOOKS_REPLAY_H_
