#include "ledger/books/personal_record.h"

#include <initializer_list>
#include <utility>

#include "ledger/base/timestamp.h"
#include "ledger/base/utf8.h"
#include "ledger/books/role.h"
#include "ledger/books/text_policy.h"

namespace aidledger {

namespace {

using Field = std::pair<std::string_view, std::string RecipientRecord::*>;
constexpr Field kRecipientFields[] = {
    {"bank_account", &RecipientRecord::bank_account},
    {"consent_by", &RecipientRecord::consent_by},
    {"consent_date", &RecipientRecord::consent_date},
    {"consent_form", &RecipientRecord::consent_form},
    {"grade", &RecipientRecord::grade},
    {"guardian", &RecipientRecord::guardian},
    {"id_number", &RecipientRecord::id_number},
    {"name", &RecipientRecord::name},
    {"notes", &RecipientRecord::notes},
    {"phone", &RecipientRecord::phone},
    {"school", &RecipientRecord::school},
};
using DonorField = std::pair<std::string_view, std::string DonorRecord::*>;
constexpr DonorField kDonorFields[] = {
    {"address", &DonorRecord::address},
    {"email", &DonorRecord::email},
    {"name", &DonorRecord::name},
    {"phone", &DonorRecord::phone},
    {"public_name", &DonorRecord::public_name},
    {"type", &DonorRecord::type},
};

Status TextField(std::string_view value, std::string_view field, size_t max_bytes, bool required) {
  if ((required && value.empty()) || value.size() > max_bytes || !IsValidUtf8(value)) {
    return InvalidArgument(std::string(required ? "required; " : "") + "UTF-8 text of at most " +
                               std::to_string(max_bytes) + " bytes",
                           std::string(field));
  }
  return Status::Ok();
}

// Characters (code points) of a UTF-8 string; invalid bytes count as one.
std::vector<std::string_view> Characters(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) n = 1;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

template <typename Record, typename Fields>
Result<Record> FromFields(const Object& o, const Fields& fields) {
  Record r;
  for (const auto& [key, member] : fields) {
    const Value* v = o.Find(key);
    if (v == nullptr) continue;
    if (!v->is_string()) return InvalidArgument("must be text", std::string(key));
    r.*member = v->as_string();
  }
  return r;
}

}  // namespace

bool IsValidResidentId(std::string_view id) {
  if (id.size() != 18) return false;
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  const char check = id[17] == 'x' ? 'X' : id[17];
  if (check != kCheck[sum % 11]) return false;
  const std::string birth = std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) +
                            "-" + std::string(id.substr(12, 2));
  return IsValidDate(birth) && birth >= "1900-01-01";
}

std::string NormaliseResidentId(std::string_view id) {
  std::string out(id);
  if (!out.empty() && out.back() == 'x') out.back() = 'X';
  return out;
}

Object RecipientRecord::ToObject() const {
  Object o;
  for (const auto& [key, member] : kRecipientFields) o.Set(std::string(key), this->*member);
  return o;
}

Result<RecipientRecord> RecipientRecord::FromObject(const Object& o) {
  return FromFields<RecipientRecord>(o, kRecipientFields);
}

Status RecipientRecord::Validate() const {
  AIDLEDGER_RETURN_IF_ERROR(TextField(name, "name", 100, true));
  if (!IsValidResidentId(id_number)) {
    return InvalidArgument("a valid 18-character resident ID card number", "id_number");
  }
  for (const auto& [key, member] : kRecipientFields) {
    AIDLEDGER_RETURN_IF_ERROR(TextField(this->*member, key, key == "notes" ? 2000 : 200, false));
  }
  if (consent_by != "self" && consent_by != "guardian") {
    return InvalidArgument("who consented: self, or guardian", "consent_by");
  }
  if (!IsValidDate(consent_date)) return InvalidArgument("YYYY-MM-DD", "consent_date");
  AIDLEDGER_RETURN_IF_ERROR(TextField(consent_form, "consent_form", 200, true));
  // Under 14 on the day of consent: only a guardian can consent (PIPL art. 31).
  const std::string birth =
      id_number.substr(6, 4) + "-" + id_number.substr(10, 2) + "-" + id_number.substr(12, 2);
  const int years = std::stoi(consent_date.substr(0, 4)) - std::stoi(birth.substr(0, 4)) -
                    (consent_date.substr(5) < birth.substr(5) ? 1 : 0);
  if (years < 14 && consent_by != "guardian") {
    return InvalidArgument("a child under 14 needs a guardian's consent", "consent_by");
  }
  if (years < 14 && guardian.empty()) {
    return InvalidArgument("a child under 14 needs their guardian named", "guardian");
  }
  return Status::Ok();
}

Object DonorRecord::ToObject() const {
  Object o;
  for (const auto& [key, member] : kDonorFields) o.Set(std::string(key), this->*member);
  o.Set("public_consent", public_consent);
  return o;
}

Result<DonorRecord> DonorRecord::FromObject(const Object& o) {
  auto r = FromFields<DonorRecord>(o, kDonorFields);
  if (!r.ok()) return r.status();
  if (const Value* c = o.Find("public_consent"); c != nullptr) {
    if (!c->is_bool()) return InvalidArgument("must be true or false", "public_consent");
    r->public_consent = c->as_bool();
  }
  return r;
}

Status DonorRecord::Validate() const {
  if (type != "person" && type != "organisation") {
    return InvalidArgument("person or organisation", "type");
  }
  AIDLEDGER_RETURN_IF_ERROR(TextField(name, "name", 200, true));
  for (const auto& [key, member] : kDonorFields) {
    AIDLEDGER_RETURN_IF_ERROR(TextField(this->*member, key, 200, false));
  }
  if (public_consent && public_name.empty()) {
    return InvalidArgument("the name to show in public, since the donor agreed to be named",
                           "public_name");
  }
  if (!public_consent && !public_name.empty()) {
    return InvalidArgument("only with the donor's consent to be named", "public_name");
  }
  return Status::Ok();
}

std::string MaskName(std::string_view name) {
  const auto chars = Characters(name);
  if (chars.empty()) return "";
  if (chars.size() == 1) return "*";
  std::string out(chars.front());
  if (chars.size() == 2) return out + "*";
  out.append(chars.size() - 2, '*');
  out.append(chars.back());
  return out;
}

std::string MaskTail(std::string_view number) {
  if (number.empty()) return "";
  return "****" + std::string(number.size() > 4 ? number.substr(number.size() - 4) : "");
}

std::string MaskPhone(std::string_view phone) {
  if (phone.empty()) return "";
  if (phone.size() < 8) return "****";
  return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(phone.size() - 4));
}

RecipientRecord RecipientAsSeenBy(const RecipientRecord& r, std::string_view role) {
  if (ParseRole(role) == Role::kCoordinator) return r;
  RecipientRecord out;
  out.id_number = MaskTail(r.id_number);
  if (ParseRole(role) == Role::kTreasurer) {
    out.name = r.name;
    out.bank_account = r.bank_account;
  } else {
    out.name = MaskName(r.name);
  }
  return out;
}

DonorRecord DonorAsSeenBy(const DonorRecord& d, std::string_view role) {
  if (ParseRole(role) == Role::kTreasurer) return d;
  DonorRecord out;
  out.type = d.type;
  out.name = MaskName(d.name);
  out.public_consent = d.public_consent;
  out.public_name = d.public_consent ? d.public_name : "";
  return out;
}

bool SeesPersonalData(std::string_view role) { return ParseRole(role) != Role::kAuditor; }

DonorListing ListedDonor(const DonorRecord& d) {
  DonorListing out;
  if (d.type == "organisation") {
    out.name = d.name;
    return out;
  }
  out.name = MaskName(d.name);
  std::string digits;
  for (char c : NormaliseDigits(d.phone)) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() >= 4) out.phone_tail = digits.substr(digits.size() - 4);
  return out;
}

std::string ListedRecipientName(const RecipientRecord& r) { return MaskName(r.name); }

}  // namespace aidledger
