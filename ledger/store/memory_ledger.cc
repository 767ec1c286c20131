#include "ledger/store/memory_ledger.h"

namespace aidledger {

namespace {
std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}
// Ledgers live as long as the process, as a file outlives the store that
// wrote it.
std::map<std::string, std::shared_ptr<MemoryLedger>>& Registry() {
  static auto* ledgers = new std::map<std::string, std::shared_ptr<MemoryLedger>>();
  return *ledgers;
}
}  // namespace

Result<std::shared_ptr<MemoryLedger>> MemoryLedger::Create(const std::string& name) {
  std::lock_guard lock(RegistryMutex());
  auto [it, added] = Registry().try_emplace(name, nullptr);
  if (!added) return Status(ErrorCode::kAlreadyExists, "a ledger already exists at memory:" + name);
  it->second = std::make_shared<MemoryLedger>();
  return it->second;
}

Result<std::shared_ptr<MemoryLedger>> MemoryLedger::Find(const std::string& name) {
  std::lock_guard lock(RegistryMutex());
  auto it = Registry().find(name);
  if (it == Registry().end()) {
    return Status(ErrorCode::kNotFound, "no ledger at memory:" + name + " (run: aidledger init)");
  }
  return it->second;
}

Head MemoryLedger::HeadLocked() const {
  Head head;
  head.size = static_cast<int64_t>(entries.size());
  if (!entries.empty()) {
    head.hash = entries.back().hash;
    head.recorded_at = entries.back().recorded_at;
  }
  return head;
}

Result<Hash32> MemoryMerkleNodes::Node(int level, uint64_t index) {
  const auto l = static_cast<size_t>(level);
  if (level < 0 || l >= ledger_.merkle.size() || index >= ledger_.merkle[l].size()) {
    return Corrupt("the Merkle tree has no node (" + std::to_string(level) + ", " +
                   std::to_string(index) + ")");
  }
  return ledger_.merkle[l][index];
}

}  // namespace aidledger
