// Receipts: one receipt, voiding and partner bills, the public receipt check and its QR code.

#include <cstring>
#include <optional>

#include "api/handlers/handlers.h"
#include "api/qr_code.h"
#include "ledger/base/canonical_json.h"
#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/books/money.h"
#include "ledger/chain/proof_bundle.h"

namespace aidledger::api {

Result<Object> Handlers::ReceiptStanding(LedgerReader& reader, const Receipt& r) {
  Object out{{"stands", !r.voided && r.reversed_by == 0}, {"void", nullptr}, {"reversal", nullptr}};
  const auto recorded_at = [&](int64_t seq) -> Result<std::string> {
    auto stored = reader.GetEntry(seq);
    if (!stored.ok()) return stored.status();
    auto e = DecodeEntry(stored->canonical);
    if (!e.ok()) return e.status();
    return FormatTimestamp(e->recorded_at);
  };
  if (r.voided_by != 0) {
    auto at = recorded_at(r.voided_by);
    if (!at.ok()) return at.status();
    out.Set("void", Object{{"seq", r.voided_by}, {"reason", r.void_reason}, {"recorded_at", *at}});
  }
  if (r.reversed_by != 0) {
    auto at = recorded_at(r.reversed_by);
    if (!at.ok()) return at.status();
    out.Set("reversal", Object{{"seq", r.reversed_by},
                               {"reason", r.reversal_reason},
                               {"date", r.reversal_date},
                               {"recorded_at", *at}});
  }
  return out;
}

ApiResponse Handlers::GetReceipt(Service::Context& ctx, Books& books, Vault& vault,
                                 ReaderPool& readers) {
  std::optional<Receipt> receipt;
  API_CHECK(books.Read([&](const BooksState& state) {
    auto it = state.receipts().find(ctx.params[0]);
    if (it != state.receipts().end()) receipt = it->second;
  }));
  if (!receipt) return ctx.Fail(Status(ErrorCode::kNotFound, "no such receipt", "number"));
  API_TRY(lease, readers.Acquire());
  API_TRY(entry, lease->reader->GetEntry(receipt->donation_seq));
  API_TRY(standing, ReceiptStanding(*lease->reader, *receipt));
  return Json(200,
              Object{{"number", ctx.params[0]},
                     {"check_code", vault.ReceiptCheckCode(ctx.params[0], receipt->donation_seq)},
                     {"amount_in_words", AmountInWords(entry)},
                     {"voided", receipt->voided},
                     {"stands", standing.Find("stands")->as_bool()},
                     {"void", *standing.Find("void")},
                     {"reversal", *standing.Find("reversal")},
                     {"bill_number", receipt->bill_number},
                     {"copies_printed", int64_t{receipt->copies_printed}},
                     {"donation", EntryJson(entry)}});
}

ApiResponse Handlers::VoidReceipt(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"reason"}));
  API_TRY(reason, b.Text("reason"));
  return ctx.Finish(books.VoidReceipt(ctx.params[0], reason, ctx.actor, ctx.AnswerEntry()));
}

ApiResponse Handlers::RecordReceiptBill(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"bill_number", "issuer"}));
  API_TRY(bill, b.Text("bill_number"));
  API_TRY(issuer, b.Text("issuer"));
  return ctx.Finish(
      books.RecordBillNumber(ctx.params[0], bill, issuer, ctx.actor, ctx.AnswerEntry()));
}

ApiResponse Handlers::PrintReceipt(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"copy"}));
  std::optional<int64_t> expected;
  if (ctx.body != nullptr && ctx.body->Find("copy") != nullptr) {
    API_TRY(copy, b.Int("copy"));
    expected = copy;
  }
  auto copy =
      books.PrintReceipt(ctx.params[0], expected, ctx.actor,
                         ctx.Answer([](const std::string& copy_text, const AppendedEntry& e) {
                           const int64_t n = std::stoll(copy_text);
                           return EntryCreated(e, Object{{"copy", n}, {"duplicate", n > 1}});
                         }));
  return ctx.Finish(copy);
}

ApiResponse Handlers::CheckReceipt(Service::Context& ctx, Books& books, Vault& vault,
                                   ReaderPool& readers) {
  const std::string& number = ctx.params[0];
  const std::string code = QueryText(ctx.request->query, "code");
  std::optional<Receipt> receipt;
  API_CHECK(books.Read([&](const BooksState& state) {
    auto it = state.receipts().find(number);
    if (it != state.receipts().end()) receipt = it->second;
  }));
  // One answer for an unknown number and a wrong code: neither tells
  // which receipts exist.
  if (!receipt || code.size() != 12 ||
      !ConstantTimeEquals(code, vault.ReceiptCheckCode(number, receipt->donation_seq))) {
    return ctx.Fail(
        Status(ErrorCode::kNotFound, "no receipt with this number and check code", "code"));
  }
  API_TRY(lease, readers.Acquire());
  API_TRY(entry, lease->reader->GetEntry(receipt->donation_seq));
  API_TRY(decoded, DecodeEntry(entry.canonical));
  API_TRY(standing, ReceiptStanding(*lease->reader, *receipt));
  Object out{{"number", number},
             {"voided", receipt->voided},
             {"stands", standing.Find("stands")->as_bool()},
             {"void", *standing.Find("void")},
             {"reversal", *standing.Find("reversal")},
             {"seq", receipt->donation_seq},
             {"hash", ToHex(entry.hash)},
             {"kind", decoded.kind},
             {"amount", *decoded.payload.Find("amount")},
             {"fund", *decoded.payload.Find("fund")},
             {"date", *decoded.payload.Find("date")}};
  API_TRY(checkpoints, lease->reader->Checkpoints());
  if (!checkpoints.empty() &&
      checkpoints.back().checkpoint.size >= static_cast<uint64_t>(receipt->donation_seq)) {
    const SignedCheckpoint& cp = checkpoints.back();
    API_TRY(proof, lease->reader->InclusionProof(static_cast<uint64_t>(receipt->donation_seq - 1),
                                                 cp.checkpoint.size));
    API_TRY(bundle, ParseJson(EncodeBundle(
                        InclusionBundle{receipt->donation_seq, entry.canonical, proof, cp.note})));
    out.Set("proof", std::move(bundle));
  } else {
    out.Set("proof", nullptr);
    out.Set("note", "the gift is recorded; the next signed checkpoint will cover it");
  }
  return Json(200, out);
}

ApiResponse Handlers::Qr(Service::Context& ctx) {
  API_TRY(qr, QrCode::Encode(QueryText(ctx.request->query, "text")));
  ApiResponse r;
  r.content_type = "image/svg+xml";
  r.body = qr.Svg();
  return r;
}

std::string Handlers::AmountInWords(const StoredEntry& entry) {
  auto decoded = DecodeEntry(entry.canonical);
  if (!decoded.ok()) return "";
  const Value* amount = decoded->payload.Find("amount");
  if (amount == nullptr) return "";
  auto money = MoneyFromValue(*amount);
  if (!money.ok() || money->currency != "CNY" || money->minor < 0) return "";
  return ChineseCapitalAmount(money->minor);
}

}  // namespace aidledger::api
