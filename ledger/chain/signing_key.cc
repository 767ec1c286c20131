#include "ledger/chain/signing_key.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <cstring>

#include "ledger/base/base64.h"
#include "ledger/base/hash.h"
#include "ledger/base/secret_file.h"

namespace aidledger {

namespace {

constexpr uint8_t kEd25519Algorithm = 0x01;
constexpr std::string_view kKeyComment = "# aidledger signing key: ";
// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the key follows.
constexpr uint8_t kSpkiPrefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                   0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

uint32_t KeyHash(std::string_view name, const std::array<uint8_t, 32>& key) {
  Sha256 h;
  h.Update(name);
  h.Update("\n");
  h.Update(&kEd25519Algorithm, 1);
  h.Update(key.data(), key.size());
  const Hash32 d = h.Final();
  return static_cast<uint32_t>(d[0]) << 24 | static_cast<uint32_t>(d[1]) << 16 |
         static_cast<uint32_t>(d[2]) << 8 | d[3];
}

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

}  // namespace

bool IsValidKeyName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (c == '+' || static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  }
  return true;
}

Result<PublicKey> PublicKey::FromRaw(std::string name, std::string_view raw32) {
  if (!IsValidKeyName(name)) return InvalidArgument("no spaces or '+', not empty", "key name");
  if (raw32.size() != 32) return InvalidArgument("an Ed25519 public key is 32 bytes", "key");
  PublicKey k;
  k.name_ = std::move(name);
  std::memcpy(k.raw_.data(), raw32.data(), 32);
  k.key_hash_ = KeyHash(k.name_, k.raw_);
  return k;
}

Result<PublicKey> PublicKey::FromVkey(std::string_view vkey) {
  const size_t p1 = vkey.find('+');
  const size_t p2 = p1 == std::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos || p2 - p1 != 9) {
    return InvalidArgument("expected NAME+HASH+KEY", "vkey");
  }
  auto raw = Base64Decode(vkey.substr(p2 + 1));
  if (!raw || raw->size() != 33 || static_cast<uint8_t>((*raw)[0]) != kEd25519Algorithm) {
    return InvalidArgument("the key part is not base64 of 0x01 and 32 bytes", "vkey");
  }
  auto key = FromRaw(std::string(vkey.substr(0, p1)), std::string_view(*raw).substr(1));
  if (!key.ok()) return key.status();
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", key->key_hash_);
  if (vkey.substr(p1 + 1, 8) != hex) return InvalidArgument("the key hash does not match", "vkey");
  return key;
}

std::string PublicKey::KeyId() const {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", key_hash_);
  return name_ + "+" + hex;
}

std::string PublicKey::Vkey() const {
  std::string raw(1, static_cast<char>(kEd25519Algorithm));
  raw.append(this->raw());
  return KeyId() + "+" + Base64Encode(raw);
}

std::string PublicKey::Pem() const {
  std::string der(reinterpret_cast<const char*>(kSpkiPrefix), sizeof kSpkiPrefix);
  der.append(raw());
  const std::string b64 = Base64Encode(der);
  return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
}

bool PublicKey::Verify(std::string_view message, const Ed25519Signature& signature) const {
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw_.data(), raw_.size()));
  if (!key) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok =
      ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key.get()) == 1 &&
      EVP_DigestVerify(ctx, signature.data(), signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

struct SigningKey::Impl {
  PkeyPtr pkey;
};

SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

namespace {
Result<PublicKey> PublicOf(EVP_PKEY* pkey, const std::string& name) {
  uint8_t raw[32];
  size_t len = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(pkey, raw, &len) != 1 || len != 32) {
    return InvalidArgument("not an Ed25519 key", "key");
  }
  return PublicKey::FromRaw(name, std::string_view(reinterpret_cast<const char*>(raw), 32));
}
}  // namespace

Result<SigningKey> SigningKey::Generate(const std::string& name) {
  if (!IsValidKeyName(name)) return InvalidArgument("no spaces or '+', not empty", "key name");
  SigningKey k;
  k.impl_ = std::make_unique<Impl>();
  k.impl_->pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!k.impl_->pkey) return Status(ErrorCode::kInternal, "Ed25519 key generation failed");
  auto pub = PublicOf(k.impl_->pkey.get(), name);
  if (!pub.ok()) return pub.status();
  k.public_key_ = std::move(pub).value();
  return k;
}

Result<SigningKey> SigningKey::Load(const std::string& path) {
  auto read = ReadSecretFile(path);
  if (!read.ok()) return read.status();
  const std::string text = std::move(read).value();
  if (text.rfind(kKeyComment, 0) != 0) {
    return InvalidArgument("not an aidledger signing key file (no name line)", "key");
  }
  const std::string name = text.substr(kKeyComment.size(), text.find('\n') - kKeyComment.size());
  BIO* bio = BIO_new_mem_buf(text.data(), static_cast<int>(text.size()));
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  if (!pkey || EVP_PKEY_get_id(pkey.get()) != EVP_PKEY_ED25519) {
    return InvalidArgument("the file holds no Ed25519 private key", "key");
  }
  SigningKey k;
  auto pub = PublicOf(pkey.get(), name);
  if (!pub.ok()) return pub.status();
  k.impl_ = std::make_unique<Impl>();
  k.impl_->pkey = std::move(pkey);
  k.public_key_ = std::move(pub).value();
  return k;
}

Status SigningKey::Save(const std::string& path) const {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr || PEM_write_bio_PrivateKey(bio, impl_->pkey.get(), nullptr, nullptr, 0,
                                                 nullptr, nullptr) != 1) {
    BIO_free(bio);
    return Status(ErrorCode::kInternal, "cannot encode the private key");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);  // NOLINT(google-runtime-int): OpenSSL's type
  std::string text = std::string(kKeyComment) + public_key_.name() + "\n";
  text.append(data, static_cast<size_t>(len));
  BIO_free(bio);
  Status written = WriteSecretFile(path, text);
  OPENSSL_cleanse(text.data(), text.size());
  return written;
}

Ed25519Signature SigningKey::Sign(std::string_view message) const {
  Ed25519Signature sig{};
  size_t len = sig.size();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, impl_->pkey.get()) != 1 ||
      EVP_DigestSign(ctx, sig.data(), &len, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    std::abort();  // a loaded Ed25519 key that cannot sign is a broken OpenSSL
  }
  EVP_MD_CTX_free(ctx);
  return sig;
}

}  // namespace aidledger
