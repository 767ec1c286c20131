// Personal records of recipients and donors: what the vault keeps encrypted
// outside the chain (PIPL: ID numbers, bank accounts, illness and minors'
// data are sensitive), how each is checked, and how it is masked for the
// roles that may not see it.
#ifndef AIDLEDGER_LEDGER_BOOKS_PERSONAL_RECORD_H_
#define AIDLEDGER_LEDGER_BOOKS_PERSONAL_RECORD_H_

#include <string>
#include <string_view>

#include "ledger/base/json_value.h"
#include "ledger/base/status.h"

namespace aidledger {

struct RecipientRecord {
  std::string name;       // required
  std::string id_number;  // an 18-character resident ID card number, required
  std::string school;
  std::string grade;
  std::string guardian;
  std::string phone;
  std::string bank_account;
  std::string notes;  // may hold health data: shown to coordinators only
  // The separate consent PIPL asks for: who gave it ("self", or "guardian",
  // which a child under 14 needs), when, and where the signed form is kept.
  std::string consent_by;
  std::string consent_date;
  std::string consent_form;
  bool operator==(const RecipientRecord&) const = default;

  Object ToObject() const;
  static Result<RecipientRecord> FromObject(const Object& o);
  // Every field within bounds and UTF-8, the ID number valid, the consent
  // complete (a guardian's when the ID's birth date makes them under 14 on
  // the consent date). field() names the problem.
  Status Validate() const;
};

struct DonorRecord {
  std::string type;  // "person" or "organisation"
  std::string name;  // required
  std::string phone;
  std::string email;
  std::string address;
  // Whether the donor agreed to be named in public (no by default), and the
  // name to show then.
  bool public_consent = false;
  std::string public_name;
  bool operator==(const DonorRecord&) const = default;

  Object ToObject() const;
  static Result<DonorRecord> FromObject(const Object& o);
  Status Validate() const;
};

// A resident ID card number (GB 11643): 17 digits and a MOD 11-2 check
// character (a digit or X), with a valid birth date. Accepts a lower-case x.
bool IsValidResidentId(std::string_view id);
// Upper-cases the check character; the form the index and records use.
std::string NormaliseResidentId(std::string_view id);

// Masking (by characters, not bytes): names keep the first and last
// character ("张*明", two-character names "张*"), ID numbers and accounts
// their last four ("****1234"), phone numbers the first three and last four
// ("138****5678"). Empty stays empty.
std::string MaskName(std::string_view name);
std::string MaskTail(std::string_view number);
std::string MaskPhone(std::string_view phone);

// What a role may see of a recipient's record: a coordinator everything; a
// treasurer the name and the bank account (to pay), the ID number masked;
// every other role the masked name and ID number only.
RecipientRecord RecipientAsSeenBy(const RecipientRecord& r, std::string_view role);
// A treasurer sees a donor's whole record; every other role the masked name,
// the type and the public name when the donor agreed to be named.
DonorRecord DonorAsSeenBy(const DonorRecord& d, std::string_view role);

// Whether `role` sees people's names at all, masked or not: auditors check
// the books, never the people in them.
bool SeesPersonalData(std::string_view role);

// A donor as the donor register lists them, for finding a returning donor:
// an organisation's name in full; a person's name masked, with the last
// four digits of their phone (read as digits whatever width they were typed
// in) to tell two 王* apart. The whole record is one reveal away.
struct DonorListing {
  std::string name;
  std::string phone_tail;  // "" for an organisation or a phone of fewer digits
};
DonorListing ListedDonor(const DonorRecord& d);
// A recipient's name as the roster lists it: masked for every role (the
// whole record is one logged reveal away).
std::string ListedRecipientName(const RecipientRecord& r);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_PERSONAL_RECORD_H_
