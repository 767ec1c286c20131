// What the report builders share (books_reports.cc, statements.cc): sums that
// notice overflow, columns, a new report over a period, the labels of the
// accounting system's categories. Internal to reports/.
#ifndef AIDLEDGER_REPORTS_REPORT_PARTS_H_
#define AIDLEDGER_REPORTS_REPORT_PARTS_H_

#include <cstdint>
#include <initializer_list>
#include <string>

#include "ledger/base/status.h"
#include "ledger/books/books_state.h"
#include "reports/books_reports.h"
#include "reports/report.h"

namespace aidledger::reports {

// Sums that notice overflow: one flag per report, checked before it is
// returned.
class Adder {
 public:
  void Add(int64_t& into, int64_t v) {
    if (__builtin_add_overflow(into, v, &into)) overflow_ = true;
  }
  int64_t Sum(std::initializer_list<int64_t> parts) {
    int64_t out = 0;
    for (int64_t p : parts) Add(out, p);
    return out;
  }
  Status Check() const {
    return overflow_
               ? Status(ErrorCode::kFailedPrecondition, "a total is beyond what this build can add")
               : Status::Ok();
  }

 private:
  bool overflow_ = false;
};

// Where a fact falls for a report over [from, to] (YYYYMMDD). An opening
// balance is the balance the books began with, never a movement: it falls
// before any period that holds its date (it is that period's opening
// balance), and after a period that ends before it.
enum class Falls { kBefore, kWithin, kAfter };
inline Falls FallsIn(const FactRow& f, int32_t from, int32_t to) {
  if (f.date > to) return Falls::kAfter;
  if (f.date < from || f.kind == FactKind::kOpening) return Falls::kBefore;
  return Falls::kWithin;
}

// Balances as a period opens (what falls before it) or as it closes (all
// that does not fall after it).
enum class Moment { kOpening, kClosing };
inline bool CountsAt(const FactRow& f, const Period& period, Moment at) {
  const Falls falls = FallsIn(f, period.from, period.to);
  return falls == Falls::kBefore || (at == Moment::kClosing && falls == Falls::kWithin);
}

// YYYYMMDD -> "YYYY-MM-DD".
std::string DateText(int32_t d);
// The day before a YYYYMMDD date, as YYYYMMDD.
int32_t DayBefore(int32_t date);
// The fund with that code; null if the books have none.
const Fund* FundOf(const BooksState& s, const std::string& code);
// "业务活动成本 Programme costs", ...: by index into kCostCategories.
std::string CostCategoryLabel(uint8_t category);
// "政府补助收入 Government grants", ...: by index into kIncomeCategories.
std::string IncomeCategoryLabel(uint8_t category);

Column Text(std::string key, std::string zh, std::string en);
Column Money(std::string key, std::string zh, std::string en);
Column Count(std::string key, std::string zh, std::string en);

// A report named `name` over `period` (its from and to as parameters).
Report NewReport(std::string name, std::string zh, std::string en, const Period& period);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_REPORT_PARTS_H_
