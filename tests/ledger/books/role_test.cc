// Roles (ledger/books/role.h): the names the chain records, read back, and
// sets of them.
#include "ledger/books/role.h"

#include <gtest/gtest.h>

namespace aidledger {
namespace {

TEST(RoleTest, EveryRoleReadsBackFromTheNameTheChainRecords) {
  for (Role r : kEveryRole) EXPECT_EQ(ParseRole(RoleName(r)), r) << RoleName(r);
  EXPECT_EQ(RoleName(Role::kTreasurer), "treasurer");
  EXPECT_EQ(RoleName(Role::kCoordinator), "coordinator");
}

TEST(RoleTest, NoRoleIsGuessedFromANearSpelling) {
  for (const char* text : {"", "Admin", "treasurer ", "auditors", "system", "root"}) {
    EXPECT_FALSE(ParseRole(text).has_value()) << text;
  }
}

TEST(RoleTest, ASetAdmitsItsRolesByNameAndNothingElse) {
  const RoleSet money{Role::kAdmin, Role::kTreasurer};
  EXPECT_TRUE(money.Admits("admin"));
  EXPECT_TRUE(money.Admits("treasurer"));
  EXPECT_FALSE(money.Admits("auditor"));
  EXPECT_FALSE(money.Admits("Treasurer"));
  EXPECT_FALSE(RoleSet{}.Admits("admin"));
  EXPECT_TRUE(RoleSet{}.empty());
  EXPECT_EQ(money.Names(), (std::vector<std::string>{"admin", "treasurer"}));
  EXPECT_EQ(RoleSet::Every().Names().size(), 4u);
  EXPECT_TRUE(ActsAs(Actor{"wang", "treasurer"}, Role::kTreasurer));
  EXPECT_FALSE(ActsAsOneOf(Actor{"li", "coordinator"}, money));
}

}  // namespace
}  // namespace aidledger
