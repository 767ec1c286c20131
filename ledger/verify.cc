#include "ledger/verify.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cstring>

#include "ledger/facts.h"
#include "ledger/head.h"
#include "ledger/ledger_reader.h"
#include "ledger/schema.h"
#include "ledger/sqlite_util.h"

namespace aidledger {

namespace {

std::string_view ColumnBytes(const SQLite::Column& c) {
  return {static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes())};
}

bool ColumnIsHash(const SQLite::Column& c, const Hash32& h) {
  return c.getBytes() == 32 && std::memcmp(c.getBlob(), h.data(), 32) == 0;
}

// Compares the row's derived columns with the decoded entry; "" if equal.
std::string DerivedDifference(SQLite::Statement& row, const Entry& e) {
  if (row.getColumn(4).getString() != e.kind) return "kind column";
  if (row.getColumn(5).getString() != FormatTimestamp(e.recorded_at)) return "recorded_at column";
  if (row.getColumn(6).getString() != e.actor.id) return "actor_id column";
  if (row.getColumn(7).getString() != e.actor.role) return "actor_role column";
  if (!ColumnIsHash(row.getColumn(2), e.prev)) return "prev_hash column";
  return {};
}

Fact ReadFact(SQLite::Statement& q) {
  Fact f;
  f.seq = q.getColumn(0).getInt64();
  f.ordinal = q.getColumn(1).getInt64();
  f.fund = q.getColumn(2).getString();
  f.currency = q.getColumn(3).getString();
  // Type-exact: a tampered amount stored as text or real must not compare equal.
  f.amount_minor = q.getColumn(4).isInteger() ? q.getColumn(4).getInt64() : INT64_MIN;
  f.business_date = q.getColumn(5).getString();
  return f;
}

}  // namespace

VerifyReport VerifyDatabase(const std::string& path) {
  VerifyReport report;
  ChainVerifier chain;
  auto fail = [&](VerifyError e, int64_t seq, std::string detail) {
    chain.Fail(e, seq, std::move(detail));
    report.failure = chain.failure();
    report.size = chain.size();
    return report;
  };
  auto reader = SqliteLedgerReader::Open(path);  // checks the file and its schema version
  if (!reader.ok()) return fail(VerifyError::kUnreadable, 0, reader.status().ToString());
  auto db = OpenDatabase(path, DbOptions{.read_only = true});
  if (!db.ok()) return fail(VerifyError::kUnreadable, 0, db.status().ToString());
  try {
    // One read transaction: a snapshot, even while a writer appends.
    SQLite::Transaction snapshot(**db, SQLite::TransactionBehavior::DEFERRED);
    auto head = ReadHead(**db);
    if (!head.ok()) return fail(VerifyError::kUnreadable, 0, head.status().ToString());

    SQLite::Statement rows(**db,
                           "SELECT seq, hash, prev_hash, canonical, kind, recorded_at, actor_id, "
                           "actor_role FROM entries ORDER BY seq");
    SQLite::Statement facts(**db,
                            "SELECT seq, ordinal, fund, currency, amount_minor, business_date "
                            "FROM entry_facts ORDER BY seq, ordinal");
    bool have_fact = facts.executeStep();
    Entry entry;
    while (rows.executeStep()) {
      const int64_t seq = rows.getColumn(0).getInt64();
      const SQLite::Column hash_col = rows.getColumn(1);
      Hash32 stored{};
      if (hash_col.getBytes() == 32) std::memcpy(stored.data(), hash_col.getBlob(), 32);
      // A hash column of the wrong size stays all-zero here: a hash mismatch.
      if (!chain.Add(seq, ColumnBytes(rows.getColumn(3)), stored, &entry)) break;
      if (std::string d = DerivedDifference(rows, entry); !d.empty()) {
        return fail(VerifyError::kDerivedMismatch, seq, d + " differs from the hashed bytes");
      }
      // Merge-join the facts index against its rebuild for this entry.
      for (const Fact& want : DeriveFacts(entry)) {
        if (!have_fact) return fail(VerifyError::kIndexMismatch, seq, "a fact row is missing");
        const Fact got = ReadFact(facts);
        if (got.seq < seq) {
          return fail(VerifyError::kIndexMismatch, got.seq, "a fact row no entry accounts for");
        }
        if (!(got == want)) {
          return fail(VerifyError::kIndexMismatch, seq, "a fact row differs from the hashed bytes");
        }
        have_fact = facts.executeStep();
      }
      if (have_fact && facts.getColumn(0).getInt64() <= seq) {
        return fail(VerifyError::kIndexMismatch, seq, "a fact row no entry accounts for");
      }
    }
    if (!chain.ok() || !chain.Finish()) {
      report.failure = chain.failure();
      report.size = chain.size();
      return report;
    }
    if (have_fact) {
      return fail(VerifyError::kIndexMismatch, facts.getColumn(0).getInt64(),
                  "a fact row beyond the last entry");
    }
    if (head->size != chain.size()) {
      const int64_t seq = std::min(head->size, chain.size()) + 1;
      return fail(VerifyError::kHeadMismatch, seq,
                  head->size > chain.size()
                      ? "the head records " + std::to_string(head->size) + " entries, only " +
                            std::to_string(chain.size()) + " are stored (truncated)"
                      : "entries beyond the recorded head (size " + std::to_string(head->size) +
                            ")");
    }
    if (head->hash != chain.head_hash()) {
      return fail(VerifyError::kHeadMismatch, chain.size(),
                  "the head hash differs from the last entry's hash");
    }
  } catch (const std::exception& e) {
    return fail(VerifyError::kUnreadable, chain.size() + 1,
                StatusFromException(e, "read ledger").ToString());
  }
  report.ok = true;
  report.size = chain.size();
  report.head_hash = chain.head_hash();
  report.ledger_id = chain.genesis().ledger_id;
  return report;
}

}  // namespace aidledger
