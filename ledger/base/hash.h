// SHA-256 (OpenSSL) and the 32-byte hash type used across the ledger.
#ifndef AIDLEDGER_LEDGER_BASE_HASH_H_
#define AIDLEDGER_LEDGER_BASE_HASH_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aidledger {

using Hash32 = std::array<uint8_t, 32>;

// Incremental SHA-256. Reusable: Final() resets it for the next message.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  void Update(const uint8_t* data, size_t size);
  Hash32 Final();

  // One-shot hash of the concatenation of two byte strings.
  static Hash32 Of(std::string_view a, std::string_view b = {});

 private:
  struct Impl;
  Impl* impl_;
};

std::string ToHex(const uint8_t* data, size_t size);
inline std::string ToHex(const Hash32& h) { return ToHex(h.data(), h.size()); }
// Lower-case hex only; returns nullopt for anything else (wrong length, upper case).
std::optional<Hash32> Hash32FromHex(std::string_view hex);
std::string_view AsBytes(const Hash32& h);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BASE_HASH_H_
