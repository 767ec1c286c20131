#include "api/handlers/support.h"

#include <openssl/crypto.h>

#include <charconv>

#include "ledger/base/canonical_json.h"
#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/books/money.h"

namespace aidledger::api {

Value MoneyJson(const std::string& currency, int64_t minor) {
  return Object{{"amount", FormatAmount(minor, currency)}, {"currency", currency}};
}

Value Holdings(const std::map<std::string, int64_t>& held) {
  Array out;
  for (const auto& [currency, minor] : held) out.push_back(MoneyJson(currency, minor));
  return out;
}

const char* GrantState(Grant::State s) {
  switch (s) {
    case Grant::State::kProposed:
      return "proposed";
    case Grant::State::kApproved:
      return "approved";
    case Grant::State::kRejected:
      return "rejected";
  }
  return "proposed";
}

Value GrantJson(const Grant& g) {
  Array approvers;
  for (const auto& a : g.approvers) approvers.emplace_back(a);
  return Object{{"id", g.id},
                {"recipient", g.recipient},
                {"fund", g.fund},
                {"purpose", g.purpose},
                {"term", g.term},
                {"amount", MoneyJson(g.currency, g.approved_minor)},
                {"paid", MoneyJson(g.currency, g.paid_minor)},
                {"outstanding", MoneyJson(g.currency, g.approved_minor - g.paid_minor)},
                {"state", GrantState(g.state)},
                {"proposer", g.proposer},
                {"approvals_required", int64_t{g.approvals_required}},
                {"approvers", std::move(approvers)}};
}

Value EntryJson(const StoredEntry& e) {
  auto decoded = ParseJson(e.canonical);
  return Object{{"seq", e.seq},
                {"hash", ToHex(e.hash)},
                {"entry", decoded.ok() ? std::move(decoded).value() : Value()}};
}

std::string EntryJsonText(const StoredEntry& e) {
  std::string out;
  out.reserve(e.canonical.size() + 100);
  out += "{\"entry\":";
  out += e.canonical;
  out += ",\"hash\":\"";
  out += ToHex(e.hash);
  out += "\",\"seq\":";
  out += std::to_string(e.seq);
  out += "}";
  return out;
}

Value RecipientJson(const std::string& id, const RecipientRecord& r) {
  Object o = r.ToObject();
  o.Set("id", id);
  return o;
}

Value DonorJson(const std::string& id, const DonorRecord& d) {
  Object o = d.ToObject();
  o.Set("id", id);
  return o;
}

bool IsIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 128) return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

Result<int64_t> QueryInt(const std::map<std::string, std::string>& q, const std::string& key,
                         int64_t fallback, int64_t lo, int64_t hi) {
  auto it = q.find(key);
  if (it == q.end()) return fallback;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || v < lo || v > hi) {
    return InvalidArgument(
        "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), key);
  }
  return v;
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string QueryText(const std::map<std::string, std::string>& q, const std::string& key) {
  auto it = q.find(key);
  return it == q.end() ? "" : it->second;
}

ApiResponse EntryCreated(const AppendedEntry& e, Object extra) {
  extra.Set("seq", e.seq);
  extra.Set("hash", ToHex(e.hash));
  extra.Set("recorded_at", FormatTimestamp(e.recorded_at));
  return Json(201, Value(std::move(extra)));
}

}  // namespace aidledger::api
