// The roles a person acts in, and who may do what by role. The chain records
// an actor's role as text (Actor::role, docs/ledger-format.md); the books,
// the reports and the service compare it through these types, never by
// spelling a role's name.
#ifndef AIDLEDGER_LEDGER_BOOKS_ROLE_H_
#define AIDLEDGER_LEDGER_BOOKS_ROLE_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/chain/entry.h"

namespace aidledger {

enum class Role : uint8_t {
  kAdmin,        // sets policies, manages users and funds; approves
  kTreasurer,    // records money and goods, donors and receipts
  kCoordinator,  // keeps the recipients, proposes aid
  kAuditor,      // reads everything but personal data; writes nothing
};

inline constexpr Role kEveryRole[] = {Role::kAdmin, Role::kTreasurer, Role::kCoordinator,
                                      Role::kAuditor};

// "admin", "treasurer", "coordinator", "auditor": the text the chain records.
std::string_view RoleName(Role role);
// nullopt for any other text (a role is never guessed from a near spelling).
std::optional<Role> ParseRole(std::string_view name);

// A set of roles. Empty means nobody by role; where a table says so (routes,
// reports), the public without logging in.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= Bit(r);
  }
  static constexpr RoleSet Every() {
    return {Role::kAdmin, Role::kTreasurer, Role::kCoordinator, Role::kAuditor};
  }

  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool Contains(Role role) const { return (bits_ & Bit(role)) != 0; }
  // Whether the role named `name` is in the set; false for an unknown name.
  bool Admits(std::string_view name) const;
  // The roles' names, in kEveryRole's order.
  std::vector<std::string> Names() const;
  constexpr bool operator==(const RoleSet&) const = default;

 private:
  static constexpr uint8_t Bit(Role r) { return static_cast<uint8_t>(1u << static_cast<int>(r)); }
  uint8_t bits_ = 0;
};

// Whether `actor` acted in `role` / in one of `roles`.
inline bool ActsAs(const Actor& actor, Role role) { return actor.role == RoleName(role); }
inline bool ActsAsOneOf(const Actor& actor, RoleSet roles) { return roles.Admits(actor.role); }

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_ROLE_H_
