#include "reports/report.h"

#include <algorithm>

namespace aidledger::reports {

size_t FirstTotal(const Table& t) { return t.rows.size() - std::min(t.total_rows, t.rows.size()); }

size_t RowCount(const Table& t) { return t.source_rows + t.rows.size(); }

Status ForEachBodyRow(const Table& t, const RowSink& sink) {
  if (t.source) AIDLEDGER_RETURN_IF_ERROR(t.source(sink));
  const size_t first_total = FirstTotal(t);
  for (size_t i = 0; i < first_total; ++i) sink(t.rows[i]);
  return Status::Ok();
}

Status Materialize(Table& t) {
  if (!t.source) return Status::Ok();
  std::vector<Row> made;
  made.reserve(t.source_rows + t.rows.size());
  AIDLEDGER_RETURN_IF_ERROR(t.source([&](const Row& row) { made.push_back(row); }));
  made.insert(made.end(), std::make_move_iterator(t.rows.begin()),
              std::make_move_iterator(t.rows.end()));
  t.rows = std::move(made);
  t.source = nullptr;
  t.source_rows = 0;
  return Status::Ok();
}

}  // namespace aidledger::reports
