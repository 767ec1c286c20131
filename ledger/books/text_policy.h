// The one policy for free text that goes into the chain (docs/ledger-format.md
// section 6, "Text"). The chain is kept for ever and can never be edited, so
// text there must print safely everywhere (a terminal, a CSV cell, a page)
// and must never carry what belongs in the vault: personal data that PIPL
// lets a person have corrected or erased.
//
//   - valid UTF-8; no control character (U+0000-U+001F, U+007F-U+009F), and
//     no bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069),
//     which would make printed text read other than it is stored; a line
//     feed only in a multi-line field;
//   - limits counted in characters (code points), not bytes;
//   - no personal data: a resident ID number (with a valid check character),
//     a mainland mobile number, a bank card number (16 to 19 digits passing
//     Luhn) or an e-mail address is refused, named masked. Digits are read
//     as written in full width too, and a number in groups ("6222 0212 ...",
//     "138-1234-5678") as one number.
#ifndef AIDLEDGER_LEDGER_BOOKS_TEXT_POLICY_H_
#define AIDLEDGER_LEDGER_BOOKS_TEXT_POLICY_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/status.h"

namespace aidledger {

// Characters (code points) in valid UTF-8 text.
size_t CountCharacters(std::string_view utf8);

// What a text must be: its length in characters and whether line feeds may
// stand in it.
struct TextRule {
  size_t min_chars = 0;
  size_t max_chars = 1000;
  bool multi_line = false;
};

// OK, or kInvalidArgument naming `field` with what is wrong: not UTF-8, a
// control or bidirectional character (named by its code point), too short
// or too long (in characters).
Status CheckTextShape(std::string_view text, const TextRule& rule, const std::string& field);

// The first piece of personal data in `text`, described and masked for a
// message: "looks like a resident ID number: 1101**********4514"; nullopt
// when there is none.
std::optional<std::string> FindPersonalData(std::string_view text);

// CheckTextShape, then FindPersonalData: kPersonalData naming `field`, with
// what was found (masked) and that the vault is where such data goes.
Status CheckChainText(std::string_view text, const TextRule& rule, const std::string& field);

// Full-width digits (０-９) as ASCII, every other character kept: for
// numbers people type with a Chinese input method.
std::string NormaliseDigits(std::string_view text);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_TEXT_POLICY_H_
