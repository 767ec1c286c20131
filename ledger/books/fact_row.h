// FactRow: one entry that moved value, as the reports read it. Compact (56
// bytes) so that the facts of a million entries fit in memory beside the
// books; rebuilt from the chain with them (BooksState::Apply), so verify's
// replay covers them. Strings are indexes into BooksState's dictionaries.
#ifndef AIDLEDGER_LEDGER_BOOKS_FACT_ROW_H_
#define AIDLEDGER_LEDGER_BOOKS_FACT_ROW_H_

#include <cstdint>
#include <iterator>
#include <string_view>

namespace aidledger {

// What the entry was. A reversal keeps the reversed entry's kind in
// FactRow::of_kind.
enum class FactKind : uint8_t {
  kDonation,        // donation.recorded: money in
  kGoodsDonation,   // donation.in_kind: goods in
  kAidPaid,         // grant.paid: money out
  kGoodsHandedOut,  // goods.handed_out: goods out
  kTransfer,        // fund.transferred: money from `fund` to `counter_fund`
  kReversal,        // entry.reversed: the negation of another fact
  kCost,            // cost.recorded: money out for a cost (费用)
  kIncome,          // income.recorded: money in other than a gift (收入)
  kOpening,         // opening.recorded: a balance the books began with (期初余额)
};

// The categories of costs of the accounting system for non-profits
// (民间非营利组织会计制度), in this order: programme costs (业务活动成本),
// administrative costs (管理费用), fund-raising costs (筹资费用), other costs
// (其他费用).
inline constexpr std::string_view kCostCategories[] = {"program", "admin", "fundraising", "other"};
// The categories of income other than gifts, in this order: government
// grants (政府补助收入), membership dues (会费收入), income from services
// (提供服务收入), investment income (投资收益), other income (其他收入).
inline constexpr std::string_view kIncomeCategories[] = {
    "government_grant", "membership_dues", "service_income", "investment_income", "other_income"};
inline constexpr uint8_t kNoCategory = 0xFF;

// Payment channels of donations and payments, in this order.
inline constexpr std::string_view kPaymentChannels[] = {"cash", "bank_transfer", "wechat_pay",
                                                        "alipay", "other"};
inline constexpr uint8_t kNoChannel = 0xFF;
// A channel's name; "other" for kNoChannel or an index out of range.
inline std::string_view ChannelName(uint8_t channel) {
  return channel < std::size(kPaymentChannels) ? kPaymentChannels[channel] : "other";
}
inline constexpr uint32_t kNoFund = 0xFFFFFFFF;

// What kind of place an account is: a cash box (现金), a bank account
// (银行存款), a payment platform's merchant account (其他货币资金: WeChat Pay,
// Alipay), or anything else.
inline constexpr std::string_view kAccountTypes[] = {"cash_box", "bank", "platform", "other"};
// The account a channel's money sits in when an entry names none: every
// ledger has these five from its start, in the order of kPaymentChannels, so
// entries written before accounts existed replay unchanged.
inline constexpr std::string_view kDefaultAccounts[] = {"CASH", "BANK", "WECHAT_PAY", "ALIPAY",
                                                        "OTHER"};
// At most this many accounts, the defaults included (FactRow::account is a byte).
inline constexpr size_t kMaxAccounts = 200;
inline constexpr uint8_t kNoAccount = 0xFF;

struct FactRow {
  int64_t seq = 0;
  // The effect on `fund`, in minor units of `currency` (negative: out); a
  // transfer's `counter_fund` gets the opposite.
  int64_t minor = 0;
  int64_t unvalued = 0;  // units of goods without a value, received (+) or out (-)
  int32_t date = 0;      // business date as YYYYMMDD
  // The donor's (gifts) or recipient's (aid) number: D-000123 or R-000123 ->
  // 123; 0 for an anonymous gift or a transfer.
  uint32_t party = 0;
  uint32_t grant = 0;  // a payment's grant number (G-000045 -> 45), else 0
  uint32_t fund = 0;   // index into BooksState::fact_funds()
  uint32_t counter_fund = kNoFund;
  uint16_t currency = 0;  // index into BooksState::fact_currencies()
  FactKind kind = FactKind::kDonation;
  FactKind of_kind = FactKind::kDonation;  // the reversed kind; == kind otherwise
  bool goods : 1 = false;                  // nature: goods (value) or cash
  bool release : 1 = false;                // a transfer that releases a restriction
  uint8_t channel = kNoChannel;            // index into kPaymentChannels
  // The account the money went into or out of (index into
  // BooksState::accounts_in_order()); kNoAccount for goods and transfers
  // between funds, which move no money between accounts.
  uint8_t account = kNoAccount;
  // A cost's (index into kCostCategories) or an income's (kIncomeCategories).
  uint8_t category = kNoCategory;
};
// The facts of a million entries fit in memory beside the books (the bench's
// memory figures assume it).
static_assert(sizeof(FactRow) == 56);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_FACT_ROW_H_
