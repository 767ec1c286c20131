#include "ledger/books/vault_key.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cctype>
#include <cstdlib>
#include <memory>

#include "ledger/base/base64.h"
#include "ledger/base/secret_file.h"

namespace aidledger {

namespace {

constexpr std::string_view kFileHeader =
    "# aidledger vault key: keep it secret and backed up; without it the personal records "
    "cannot be read\n";
constexpr std::string_view kAadPrefix = "aidledger:vault:v1\n";

Hash32 Hmac(const std::array<uint8_t, 32>& key, std::string_view a, std::string_view b = {}) {
  Hash32 out{};
  unsigned int len = 0;
  std::string message;
  message.reserve(a.size() + b.size());
  message.append(a).append(b);
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(),
           &len) == nullptr ||
      len != out.size()) {
    std::abort();  // HMAC-SHA256 cannot fail with valid arguments
  }
  OPENSSL_cleanse(message.data(), message.size());
  return out;
}

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

VaultKey::~VaultKey() { Wipe(); }

VaultKey::VaultKey(VaultKey&& other) noexcept
    : master_(other.master_),
      encryption_(other.encryption_),
      commitment_(other.commitment_),
      index_(other.index_),
      receipt_check_(other.receipt_check_) {
  other.Wipe();
}

VaultKey& VaultKey::operator=(VaultKey&& other) noexcept {
  if (this != &other) {
    *this = static_cast<const VaultKey&>(other);
    other.Wipe();
  }
  return *this;
}

void VaultKey::Wipe() {
  for (auto* k : {&master_, &encryption_, &commitment_, &index_, &receipt_check_}) {
    OPENSSL_cleanse(k->data(), k->size());
  }
}

void VaultKey::Derive() {
  encryption_ = Hmac(master_, "aidledger:vault:encryption:v1");
  commitment_ = Hmac(master_, "aidledger:vault:commitment:v1");
  index_ = Hmac(master_, "aidledger:vault:id-index:v1");
  receipt_check_ = Hmac(master_, "aidledger:vault:receipt-check:v1");
}

VaultKey VaultKey::Generate() {
  VaultKey k;
  if (RAND_bytes(k.master_.data(), static_cast<int>(k.master_.size())) != 1) std::abort();
  k.Derive();
  return k;
}

Result<VaultKey> VaultKey::Load(const std::string& path) {
  auto text = ReadSecretFile(path);
  if (!text.ok()) return text.status();
  if (text->rfind(kFileHeader, 0) != 0) {
    return InvalidArgument("not an aidledger vault key file", "vault key");
  }
  std::string_view body = std::string_view(*text).substr(kFileHeader.size());
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
  auto raw = Base64Decode(body);
  OPENSSL_cleanse(text->data(), text->size());
  if (!raw || raw->size() != 32) {
    return InvalidArgument("the key is not base64 of 32 bytes", "vault key");
  }
  VaultKey k;
  std::string& bytes = *raw;
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(k.master_.data()));
  OPENSSL_cleanse(bytes.data(), bytes.size());
  k.Derive();
  return k;
}

Status VaultKey::Save(const std::string& path) const {
  std::string text(kFileHeader);
  text +=
      Base64Encode(std::string_view(reinterpret_cast<const char*>(master_.data()), master_.size()));
  text += "\n";
  Status written = WriteSecretFile(path, text);
  OPENSSL_cleanse(text.data(), text.size());
  return written;
}

Result<VaultKey> VaultKey::LoadOrCreate(const std::string& path) {
  auto loaded = Load(path);
  if (loaded.ok() || loaded.status().code() != ErrorCode::kNotFound) return loaded;
  VaultKey k = Generate();
  AIDLEDGER_RETURN_IF_ERROR(k.Save(path));
  return k;
}

Hash32 VaultKey::Commitment(std::string_view subject, std::string_view canonical_record) const {
  return Hmac(commitment_, std::string(subject) + "\n", canonical_record);
}

Hash32 VaultKey::IdIndex(std::string_view id_number) const { return Hmac(index_, id_number); }

std::string VaultKey::ReceiptCheckCode(std::string_view number, int64_t seq) const {
  const std::string message = std::string(number) + "\n" + std::to_string(seq);
  std::string hex = ToHex(Hmac(receipt_check_, message)).substr(0, 12);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

Result<VaultKey::Sealed> VaultKey::Seal(std::string_view subject,
                                        std::string_view plaintext) const {
  Sealed out;
  out.nonce.resize(12);
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.nonce.data()), 12) != 1) {
    return Status(ErrorCode::kInternal, "no random bytes for the nonce");
  }
  const std::string aad = std::string(kAadPrefix) + std::string(subject);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  out.ciphertext.resize(plaintext.size() + 16);
  int len = 0;
  int total = 0;
  auto* dst = reinterpret_cast<unsigned char*>(out.ciphertext.data());
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, encryption_.data(),
                         Bytes(out.nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), dst, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1) {
    return Status(ErrorCode::kInternal, "AES-256-GCM encryption failed");
  }
  total = len;
  if (EVP_EncryptFinal_ex(ctx.get(), dst + total, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, dst + total + len) != 1) {
    return Status(ErrorCode::kInternal, "AES-256-GCM encryption failed");
  }
  out.ciphertext.resize(static_cast<size_t>(total + len) + 16);
  return out;
}

Result<std::string> VaultKey::Open(std::string_view subject, const Sealed& sealed) const {
  if (sealed.nonce.size() != 12 || sealed.ciphertext.size() < 16) {
    return Corrupt("the sealed record of " + std::string(subject) + " is malformed");
  }
  const std::string aad = std::string(kAadPrefix) + std::string(subject);
  const size_t body = sealed.ciphertext.size() - 16;
  std::string plain(body, '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int total = 0;
  std::string tag = sealed.ciphertext.substr(body);
  auto* dst = reinterpret_cast<unsigned char*>(plain.data());
  const bool ok =
      ctx &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, encryption_.data(),
                         Bytes(sealed.nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), dst, &len, Bytes(sealed.ciphertext), static_cast<int>(body)) ==
          1 &&
      (total = len, true) &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), dst + total, &len) == 1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return Corrupt("the sealed record of " + std::string(subject) +
                   " does not open: altered, moved, or sealed under another key");
  }
  plain.resize(static_cast<size_t>(total) + static_cast<size_t>(len));
  return plain;
}

}  // namespace aidledger
