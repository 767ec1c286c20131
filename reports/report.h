// Report: the shape every report takes, whatever it summarises. Renderers
// (render.h) turn one into JSON, CSV or a printable page; builders
// (books_reports.h) fill one from the books.
//
// A report is a function of one ledger state and says which (Basis): anyone
// holding the ledger can recompute it from the first `size` entries and check
// that entry `size` has `head_hash`, and that the checkpoint's signature and
// size agree.
#ifndef AIDLEDGER_REPORTS_REPORT_H_
#define AIDLEDGER_REPORTS_REPORT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ledger/base/status.h"

namespace aidledger::reports {

struct Basis {
  int64_t size = 0;             // the report covers entries 1..size
  std::string head_hash;        // hex of entry `size`'s hash
  int64_t checkpoint_size = 0;  // the latest signed checkpoint at or below `size`; 0 if none
  std::string checkpoint_root;  // its Merkle root, hex
  std::string checkpoint_note;  // its signed note, as stored
  std::string generated_at;     // RFC 3339, UTC
  std::string generated_by;     // "name (role)", or "public"
};

struct Column {
  enum class Type {
    kText,
    kMoney,  // minor units, in the currency of the row's "currency" column
    kCount,
  };
  std::string key;  // stable: the JSON member and the CSV header's English part
  std::string zh;
  std::string en;
  Type type = Type::kText;
};

// Text for text columns; an integer for money and count columns.
using Cell = std::variant<std::string, int64_t>;
using Row = std::vector<Cell>;

// Takes one row as it is made.
using RowSink = std::function<void(const Row& row)>;
// Makes a table's rows in order, calling the sink for each; may be called
// again (each rendering does), on another thread, after the builder has
// returned. Fails only when what it reads has gone (the books closed).
using RowSource = std::function<Status(const RowSink& sink)>;

struct Table {
  std::string key;
  std::string zh;
  std::string en;
  std::vector<Column> columns;
  std::vector<Row> rows;  // each as long as `columns`
  // The last `total_rows` rows are totals (shown apart, and bold in print).
  size_t total_rows = 0;
  // A table too long to hold (a year's register of a million gifts) makes
  // its body rows as they are written instead: `source` makes `source_rows`
  // rows, which come before those in `rows` (then only the totals). Empty
  // for every other table.
  RowSource source;
  size_t source_rows = 0;
};

// Calls `sink` for every row of `t` that is not a total, in order (the
// source's, then those in `rows`); the source's status.
Status ForEachBodyRow(const Table& t, const RowSink& sink);
// The index in `t.rows` of its first total row.
size_t FirstTotal(const Table& t);
// How many rows `t` has, its source's and totals included.
size_t RowCount(const Table& t);
// Runs `t`'s source, if it has one, and keeps what it makes in `rows`.
Status Materialize(Table& t);

struct Report {
  std::string name;  // as in the catalogue, e.g. "fund-statement"
  std::string zh;
  std::string en;
  std::vector<std::pair<std::string, std::string>> params;  // e.g. {"from", "2026-01-01"}
  Basis basis;
  std::vector<Table> tables;
  std::vector<std::string> notes;  // short remarks printed under the tables
  bool signatures = false;         // printed with treasurer's and auditor's signature lines
  bool confidential = false;       // holds personal data (masked for the reader's role)
};

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_REPORT_H_
