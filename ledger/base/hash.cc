#include "ledger/base/hash.h"

// The low-level SHA-256 calls are deprecated in OpenSSL 3 in favour of EVP,
// but EVP's per-message set-up costs more than hashing a 65-byte Merkle node.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

namespace aidledger {

struct Sha256::Impl {
  SHA256_CTX ctx;
};

Sha256::Sha256() : impl_(new Impl) { SHA256_Init(&impl_->ctx); }

Sha256::~Sha256() { delete impl_; }

void Sha256::Update(const uint8_t* data, size_t size) { SHA256_Update(&impl_->ctx, data, size); }

void Sha256::Update(std::string_view bytes) {
  SHA256_Update(&impl_->ctx, bytes.data(), bytes.size());
}

Hash32 Sha256::Final() {
  Hash32 out{};
  SHA256_Final(out.data(), &impl_->ctx);
  SHA256_Init(&impl_->ctx);
  return out;
}

Hash32 Sha256::Of(std::string_view a, std::string_view b) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, a.data(), a.size());
  SHA256_Update(&ctx, b.data(), b.size());
  Hash32 out{};
  SHA256_Final(out.data(), &ctx);
  return out;
}

std::string ToHex(const uint8_t* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xF];
  }
  return out;
}

std::optional<Hash32> Hash32FromHex(std::string_view hex) {
  // Lower-case digits only: one spelling per hash.
  static constexpr auto kValue = [] {
    std::array<uint8_t, 256> t{};
    t.fill(0xFF);  // not a digit
    for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = static_cast<uint8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) t[static_cast<size_t>(c)] = static_cast<uint8_t>(c - 'a' + 10);
    return t;
  }();
  if (hex.size() != 64) return std::nullopt;
  Hash32 out{};
  for (size_t i = 0; i < 32; ++i) {
    const uint8_t hi = kValue[static_cast<unsigned char>(hex[2 * i])];
    const uint8_t lo = kValue[static_cast<unsigned char>(hex[2 * i + 1])];
    if (hi == 0xFF || lo == 0xFF) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return out;
}

std::string_view AsBytes(const Hash32& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}

}  // namespace aidledger
