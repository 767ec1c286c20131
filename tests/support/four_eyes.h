// The four-eyes steps the books' tests repeat: a reversal or a close
// proposed by one person and confirmed by another.
#ifndef AIDLEDGER_TESTS_SUPPORT_FOUR_EYES_H_
#define AIDLEDGER_TESTS_SUPPORT_FOUR_EYES_H_

#include <string>

#include "ledger/books/books.h"

namespace aidledger::testing {

inline Result<AppendedEntry> ReverseByTwo(Books& books, int64_t seq, const std::string& reason,
                                          const std::string& date, const Actor& proposer,
                                          const Actor& confirmer) {
  auto proposal = books.ProposeReversal(seq, reason, proposer);
  if (!proposal.ok()) return proposal.status();
  return books.ConfirmReversal(proposal->seq, date, confirmer);
}

// Proposed as if today were far ahead, so that any period has ended.
inline Result<AppendedEntry> CloseByTwo(Books& books, const std::string& period,
                                        const Actor& proposer, const Actor& confirmer) {
  auto proposal = books.ProposeClose(period, "2099-01-01", proposer);
  if (!proposal.ok()) return proposal.status();
  return books.ConfirmClose(proposal->seq, confirmer);
}

}  // namespace aidledger::testing

#endif  // AIDLEDGER_TESTS_SUPPORT_FOUR_EYES_H_
