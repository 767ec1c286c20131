#include "reports/catalog.h"

#include <sstream>

#include "reports/accounts_report.h"
#include "reports/journal.h"

namespace aidledger::reports {

const std::vector<ReportInfo>& Catalog() {
  static const std::vector<ReportInfo> kCatalog = {
      {"fund-statement", "基金收支报表", "Fund statement", RoleSet::Every(), {"from", "to"}},
      {"donation-summary", "捐赠汇总", "Donation summary", RoleSet::Every(), {"from", "to"}},
      {"donation-register",
       "捐赠登记簿",
       "Donation register",
       RoleSet{Role::kAdmin, Role::kTreasurer, Role::kAuditor},
       {"from", "to"}},
      {"donor-statement",
       "捐赠人年度捐赠明细",
       "Donor's statement of gifts",
       RoleSet{Role::kAdmin, Role::kTreasurer},
       {"donor", "year"}},
      {"aid-recipients",
       "受助人救助报表",
       "Aid-recipient report",
       RoleSet::Every(),
       {"from", "to"}},
      {"annual-summary", "年度工作摘要", "Annual summary", RoleSet::Every(), {"year"}},
      {"activities", "业务活动表", "Statement of activities", RoleSet::Every(), {"from", "to"}},
      {"balance-sheet", "资产负债表", "Balance sheet", RoleSet::Every(), {"from", "to"}},
      {"cash-flows", "现金流量表", "Statement of cash flows", RoleSet::Every(), {"from", "to"}},
      {"accounts", "货币资金明细表", "Money by account", RoleSet::Every(), {"from", "to"}},
      {"corrections", "更正说明", "Corrections list", RoleSet::Every(), {"from", "to"}},
      {"public-summary", "公益信息公开", "Public transparency summary", {}, {"from", "to"}},
      {"journal",
       "会计日记账（hledger / ledger-cli）",
       "Journal for hledger and ledger-cli",
       RoleSet{Role::kAdmin, Role::kTreasurer, Role::kAuditor},
       {"to"}},
  };
  return kCatalog;
}

const ReportInfo* FindReport(const std::string& name) {
  for (const ReportInfo& r : Catalog()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

Result<Report> BuildReport(const ReportRequest& q, const BooksState& state, const People& people,
                           const ReadBooks* later) {
  const std::string this_year = q.today.substr(0, 4);
  const std::string from = q.from.empty() ? this_year + "-01-01" : q.from;
  const std::string to = q.to.empty() ? q.today : q.to;
  const std::string year = q.year.empty() ? this_year : q.year;
  const auto period = [&]() { return ParsePeriod(from, to); };
  Result<Report> out = Status(ErrorCode::kNotFound, "no such report", "name");
  if (q.name == "annual-summary") return AnnualSummary(state, year);
  if (q.name == "donor-statement") {
    if (q.donor.empty()) return InvalidArgument("the donor, D-000001", "donor");
    return DonorStatement(state, q.donor, year, people);
  }
  auto p = period();
  if (!p.ok()) return p.status();
  if (q.name == "fund-statement") return FundStatement(state, *p);
  if (q.name == "donation-summary") return DonationSummary(state, *p);
  if (q.name == "donation-register") return DonationRegister(state, *p, later);
  if (q.name == "aid-recipients") return AidRecipients(state, *p, people);
  if (q.name == "corrections") return Corrections(state, *p);
  if (q.name == "public-summary") return PublicSummary(state, q.as_of, *p, people);
  if (q.name == "activities") return ActivitiesStatement(state, *p, q.limits);
  if (q.name == "balance-sheet") return BalanceSheet(state, *p);
  if (q.name == "cash-flows") return CashFlowStatement(state, *p);
  if (q.name == "accounts") return AccountsStatement(state, *p);
  return out;
}

Result<std::string> BuildJournal(const ReportRequest& q, const BooksState& state) {
  std::ostringstream out;
  AIDLEDGER_RETURN_IF_ERROR(WriteJournalOf(q, ReadHeld(state), state.size(), out));
  return std::move(out).str();
}

Result<int32_t> JournalThrough(const ReportRequest& q) {
  auto through = ParsePeriod("1900-01-01", q.to.empty() ? q.today : q.to);
  if (!through.ok()) return through.status();
  return through->to;
}

Status WriteJournalOf(const ReportRequest& q, const ReadBooks& read, int64_t size,
                      std::ostream& out) {
  auto through = JournalThrough(q);
  if (!through.ok()) return through.status();
  return WriteJournal(read, size, *through, "the first " + std::to_string(size) + " entries", out);
}

}  // namespace aidledger::reports
