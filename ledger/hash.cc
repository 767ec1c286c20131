#include "ledger/hash.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <cstring>

namespace aidledger {

namespace {
// Fetched once: an explicit fetch avoids OpenSSL 3's per-call implicit lookup.
const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) std::abort();  // OpenSSL without SHA-256 cannot run the ledger
  return md;
}
}  // namespace

struct Sha256::Impl {
  EVP_MD_CTX* ctx;
};

Sha256::Sha256() : impl_(new Impl{EVP_MD_CTX_new()}) {
  if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, Sha256Md(), nullptr) != 1) {
    std::abort();
  }
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(impl_->ctx);
  delete impl_;
}

void Sha256::Update(const uint8_t* data, size_t size) {
  EVP_DigestUpdate(impl_->ctx, data, size);
}

void Sha256::Update(std::string_view bytes) {
  EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size());
}

Hash32 Sha256::Final() {
  Hash32 out{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, out.data(), &len);
  EVP_DigestInit_ex(impl_->ctx, Sha256Md(), nullptr);
  return out;
}

Hash32 Sha256::Of(std::string_view a, std::string_view b) {
  thread_local Sha256 hasher;
  hasher.Update(a);
  hasher.Update(b);
  return hasher.Final();
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
  if (hex.size() != 64) return std::nullopt;
  Hash32 out{};
  for (size_t i = 0; i < 32; ++i) {
    int v = 0;
    for (size_t k = 0; k < 2; ++k) {
      const char c = hex[2 * i + k];
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else return std::nullopt;
      v = v * 16 + d;
    }
    out[i] = static_cast<uint8_t>(v);
  }
  return out;
}

std::string_view AsBytes(const Hash32& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}

}  // namespace aidledger
