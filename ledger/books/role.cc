#include "ledger/books/role.h"

namespace aidledger {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kTreasurer:
      return "treasurer";
    case Role::kCoordinator:
      return "coordinator";
    case Role::kAuditor:
      return "auditor";
  }
  return "";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kEveryRole) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

bool RoleSet::Admits(std::string_view name) const {
  const std::optional<Role> role = ParseRole(name);
  return role.has_value() && Contains(*role);
}

std::vector<std::string> RoleSet::Names() const {
  std::vector<std::string> out;
  for (Role r : kEveryRole) {
    if (Contains(r)) out.emplace_back(RoleName(r));
  }
  return out;
}

}  // namespace aidledger
