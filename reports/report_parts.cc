#include "reports/report_parts.h"

#include <cstdio>
#include <iterator>
#include <utility>

namespace aidledger::reports {

int32_t DayBefore(int32_t date) {
  int y = date / 10000, m = date / 100 % 100, d = date % 100;
  if (--d > 0) return y * 10000 + m * 100 + d;
  if (--m == 0) return (y - 1) * 10000 + 1231;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return y * 10000 + m * 100 + (m == 2 && leap ? 29 : kDays[m - 1]);
}

std::string DateText(int32_t d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
  return buf;
}

const Fund* FundOf(const BooksState& s, const std::string& code) {
  auto it = s.funds().find(code);
  return it == s.funds().end() ? nullptr : &it->second;
}

// A cost category's name as the accounting system for non-profits has it.
std::string CostCategoryLabel(uint8_t category) {
  static constexpr const char* kLabels[] = {"业务活动成本 Programme costs",
                                            "管理费用 Administrative costs",
                                            "筹资费用 Fund-raising costs", "其他费用 Other costs"};
  return category < std::size(kLabels) ? kLabels[category] : "其他费用 Other costs";
}

// An income category's name as the accounting system for non-profits has it.
std::string IncomeCategoryLabel(uint8_t category) {
  static constexpr const char* kLabels[] = {
      "政府补助收入 Government grants", "会费收入 Membership dues",
      "提供服务收入 Income from services", "投资收益 Investment income", "其他收入 Other income"};
  return category < std::size(kLabels) ? kLabels[category] : "其他收入 Other income";
}

Column Text(std::string key, std::string zh, std::string en) {
  return Column{std::move(key), std::move(zh), std::move(en), Column::Type::kText};
}
Column Money(std::string key, std::string zh, std::string en) {
  return Column{std::move(key), std::move(zh), std::move(en), Column::Type::kMoney};
}
Column Count(std::string key, std::string zh, std::string en) {
  return Column{std::move(key), std::move(zh), std::move(en), Column::Type::kCount};
}

Report NewReport(std::string name, std::string zh, std::string en, const Period& period) {
  Report r;
  r.name = std::move(name);
  r.zh = std::move(zh);
  r.en = std::move(en);
  r.params = {{"from", period.from_text}, {"to", period.to_text}};
  return r;
}

}  // namespace aidledger::reports
