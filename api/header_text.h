// What may go into an HTTP header we send and into a log line: every header
// value is checked here before it is written (a CR or LF from a query value
// would start a header of the client's choosing), and every text a log
// record carries from a request is escaped, so that one record is one line.
#ifndef AIDLEDGER_API_HEADER_TEXT_H_
#define AIDLEDGER_API_HEADER_TEXT_H_

#include <string>
#include <string_view>

namespace aidledger::api {

// True for a header field name: 1 to 64 of RFC 9110's token characters.
bool IsHeaderName(std::string_view name);
// True for a field value we may send: visible ASCII, space and tab, and
// UTF-8 bytes (0x80 and above); no CR, LF, NUL or other control character,
// at most 8 KiB.
bool IsHeaderValue(std::string_view value);

// `attachment; filename="STEM.EXT"` with every character of the stem outside
// [A-Za-z0-9._-] replaced by '_' and the stem cut to 100 characters: safe
// whatever the stem was made from.
std::string AttachmentDisposition(std::string_view stem, std::string_view extension);

// The text with every control character (below 0x20, and 0x7F) and every
// backslash written as \xNN, so that a log record stays on one line and
// cannot forge another; other bytes are kept.
std::string EscapeForLog(std::string_view text);

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_HEADER_TEXT_H_
