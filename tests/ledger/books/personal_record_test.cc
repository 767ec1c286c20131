#include "ledger/books/personal_record.h"

#include <gtest/gtest.h>

namespace aidledger {
namespace {

RecipientRecord Adult() {
  RecipientRecord r;
  r.name = "张小明";
  r.id_number = "11010519491231002X";  // the standard's example number
  r.phone = "13812345678";
  r.bank_account = "6222021234567890123";
  r.notes = "肾病，透析中";
  r.consent_by = "self";
  r.consent_date = "2026-03-01";
  r.consent_form = "档案 A-1";
  return r;
}

TEST(PersonalRecordTest, ResidentIdNumbersNeedTheirCheckCharacterAndABirthDate) {
  EXPECT_TRUE(IsValidResidentId("11010519491231002X"));
  EXPECT_TRUE(IsValidResidentId("11010519491231002x"));
  EXPECT_EQ(NormaliseResidentId("11010519491231002x"), "11010519491231002X");
  EXPECT_FALSE(IsValidResidentId("110105194912310021")) << "wrong check character";
  EXPECT_FALSE(IsValidResidentId("11010519491331002X")) << "month 13";
  EXPECT_FALSE(IsValidResidentId("1101051949123100"));
  EXPECT_FALSE(IsValidResidentId("11010519491231002X1"));
  EXPECT_FALSE(IsValidResidentId("1101051949123A002X"));
}

TEST(PersonalRecordTest, MaskingKeepsOnlyWhatTheConventionsShow) {
  EXPECT_EQ(MaskName("张小明"), "张*明");
  EXPECT_EQ(MaskName("张明"), "张*");
  EXPECT_EQ(MaskName("欧阳建国"), "欧**国");
  EXPECT_EQ(MaskName("张"), "*");
  EXPECT_EQ(MaskName(""), "");
  EXPECT_EQ(MaskName("Li Lei"), "L****i");
  EXPECT_EQ(MaskTail("11010519491231002X"), "****002X");
  EXPECT_EQ(MaskTail("123"), "****");
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
}

TEST(PersonalRecordTest, EachRoleSeesOnlyWhatItMay) {
  const RecipientRecord r = Adult();
  EXPECT_EQ(RecipientAsSeenBy(r, "coordinator"), r);
  const RecipientRecord treasurer = RecipientAsSeenBy(r, "treasurer");
  EXPECT_EQ(treasurer.name, "张小明");
  EXPECT_EQ(treasurer.bank_account, r.bank_account) << "to pay the aid";
  EXPECT_EQ(treasurer.id_number, "****002X");
  EXPECT_EQ(treasurer.notes, "");
  for (const char* role : {"auditor", "admin", "public", ""}) {
    const RecipientRecord seen = RecipientAsSeenBy(r, role);
    EXPECT_EQ(seen.name, "张*明") << role;
    EXPECT_EQ(seen.id_number, "****002X") << role;
    EXPECT_EQ(seen.bank_account, "") << role;
    EXPECT_EQ(seen.phone, "") << role;
    EXPECT_EQ(seen.notes, "") << role;
  }
  DonorRecord d{"person", "李雷", "13900001111", "li@example.com", "", false, ""};
  EXPECT_EQ(DonorAsSeenBy(d, "treasurer"), d);
  EXPECT_EQ(DonorAsSeenBy(d, "auditor").name, "李*");
  EXPECT_EQ(DonorAsSeenBy(d, "auditor").phone, "");
  d.public_consent = true;
  d.public_name = "李先生";
  EXPECT_EQ(DonorAsSeenBy(d, "public").public_name, "李先生");
}

TEST(PersonalRecordTest, RecordsAreCheckedAndAChildNeedsAGuardiansConsent) {
  EXPECT_TRUE(Adult().Validate().ok());
  RecipientRecord r = Adult();
  r.name = "";
  EXPECT_EQ(r.Validate().field(), "name");
  r = Adult();
  r.id_number = "110105194912310021";
  EXPECT_EQ(r.Validate().field(), "id_number");
  r = Adult();
  r.consent_by = "";
  EXPECT_EQ(r.Validate().field(), "consent_by");
  r = Adult();
  r.consent_form = "";
  EXPECT_EQ(r.Validate().field(), "consent_form");
  r = Adult();
  r.notes = std::string(2001, 'x');
  EXPECT_EQ(r.Validate().field(), "notes");
  r = Adult();
  r.school = "\xff\xfe";
  EXPECT_EQ(r.Validate().field(), "school");
  // Born 2014-05-20: 11 on the consent date.
  r = Adult();
  r.id_number = "110105201405200013";
  ASSERT_TRUE(IsValidResidentId(r.id_number)) << "fix the test's number";
  EXPECT_EQ(r.Validate().field(), "consent_by");
  r.consent_by = "guardian";
  EXPECT_EQ(r.Validate().field(), "guardian");
  r.guardian = "张大明（父）";
  EXPECT_TRUE(r.Validate().ok());

  DonorRecord d{"person", "李雷", "", "", "", true, ""};
  EXPECT_EQ(d.Validate().field(), "public_name");
  d.public_consent = false;
  d.public_name = "李先生";
  EXPECT_EQ(d.Validate().field(), "public_name") << "named only with consent";
  d.public_name = "";
  d.type = "robot";
  EXPECT_EQ(d.Validate().field(), "type");
}

TEST(PersonalRecordTest, RecordsRoundTripThroughTheirJson) {
  const RecipientRecord r = Adult();
  EXPECT_EQ(*RecipientRecord::FromObject(r.ToObject()), r);
  const DonorRecord d{"organisation", "华联超市", "0571-1234", "", "杭州", true, "华联超市"};
  EXPECT_EQ(*DonorRecord::FromObject(d.ToObject()), d);
}

// What lists show, in one place for every front end: an organisation by
// name, a person masked with their phone's last four digits; auditors see
// no one.
TEST(PersonalRecordTest, ListsShowOrganisationsByNameAndPeopleMaskedWithAPhoneTail) {
  DonorRecord org;
  org.type = "organisation";
  org.name = "杭州某某科技有限公司";
  EXPECT_EQ(ListedDonor(org).name, "杭州某某科技有限公司");
  EXPECT_EQ(ListedDonor(org).phone_tail, "");
  DonorRecord person;
  person.type = "person";
  person.name = "王小涛";
  person.phone = "１３８００１３８０００";  // typed in full-width digits
  EXPECT_EQ(ListedDonor(person).name, "王*涛");
  EXPECT_EQ(ListedDonor(person).phone_tail, "8000");
  person.phone = "12";
  EXPECT_EQ(ListedDonor(person).phone_tail, "") << "too few digits to show four";
  RecipientRecord r;
  r.name = "张小明";
  EXPECT_EQ(ListedRecipientName(r), "张*明");
  EXPECT_FALSE(SeesPersonalData("auditor"));
  for (const char* role : {"admin", "treasurer", "coordinator"})
    EXPECT_TRUE(SeesPersonalData(role));
}

}  // namespace
}  // namespace aidledger
