// An amount as a person types it into a Chinese form, read as the books
// read amounts ("1250.00"). Only the forms below are rewritten; anything
// else is left as typed, for ParseAmount to refuse with the field named.
#ifndef AIDLEDGER_API_AMOUNT_TEXT_H_
#define AIDLEDGER_API_AMOUNT_TEXT_H_

#include <string>
#include <string_view>

namespace aidledger::api {

// Full-width digits, point and comma ("１２５０．００") as ASCII; spaces
// (ASCII and U+3000) dropped; a leading ¥ or ￥ and a trailing 元 dropped;
// thousands separators dropped when every group after the first has three
// digits ("1,250.00", "1，250"): "12,50" stays as typed. Never makes a
// string that ParseAmount reads from one it would refuse for any other
// reason than these forms.
std::string AmountAsTyped(std::string_view text);

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_AMOUNT_TEXT_H_
