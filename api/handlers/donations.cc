// Gifts of money and of goods, goods handed out, and batches of gifts from a CSV file.

#include <cstring>

#include "api/handlers/handlers.h"
#include "api/header_text.h"
#include "ledger/base/canonical_json.h"
#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/books/batch_csv.h"
#include "ledger/books/business_date.h"

namespace aidledger::api {

ApiResponse Handlers::RecordDonation(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"fund", "amount", "currency", "channel", "date", "external_ref", "donor",
                           "memo", "separate_gift", "account"}));
  DonationInput d;
  API_TRY(fund, b.Text("fund"));
  API_TRY(amount, b.Amount("amount"));
  API_TRY(currency, b.TextOr("currency", "CNY"));
  API_TRY(channel, b.Text("channel"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(ref, b.Optional("external_ref"));
  API_TRY(donor, b.Optional("donor"));
  API_TRY(memo, b.TextOr("memo", ""));
  API_TRY(separate, b.Bool("separate_gift", false));
  API_TRY(account, b.TextOr("account", ""));
  d = DonationInput{fund, amount, currency, channel, date, ref, donor, memo, separate, account};
  auto r = books.RecordDonation(d, ctx.actor,
                                ctx.Answer([](const std::string& receipt, const AppendedEntry& e) {
                                  return EntryCreated(e, Object{{"receipt", receipt}});
                                }));
  return ctx.Finish(r);
}

Result<std::vector<GoodsItem>> Handlers::Items(const Body& b, bool valued) {
  const Value* items = b.Find("items");
  if (items == nullptr || !items->is_array()) return InvalidArgument("a list of items", "items");
  std::vector<GoodsItem> out;
  for (size_t i = 0; i < items->as_array().size(); ++i) {
    const std::string field = "items[" + std::to_string(i) + "]";
    const Value& v = items->as_array()[i];
    if (!v.is_object()) return InvalidArgument("must be an object", field);
    Body item(&v.as_object());
    Status only = valued ? item.OnlyMembers({"item", "quantity", "unit", "valuation", "value"})
                         : item.OnlyMembers({"item", "quantity", "unit"});
    if (!only.ok()) return InvalidArgument(only.message(), field + "." + only.field());
    GoodsItem g;
    auto name = item.Text("item");
    auto quantity = item.Int("quantity");
    auto unit = item.Text("unit");
    if (!name.ok()) return InvalidArgument(name.status().message(), field + ".item");
    if (!quantity.ok()) return InvalidArgument(quantity.status().message(), field + ".quantity");
    if (!unit.ok()) return InvalidArgument(unit.status().message(), field + ".unit");
    g.item = *name;
    g.quantity = *quantity;
    g.unit = *unit;
    if (valued) {
      auto valuation = item.Text("valuation");
      auto value = item.Amount("value");
      if (!valuation.ok()) {
        return InvalidArgument(valuation.status().message(), field + ".valuation");
      }
      if (!value.ok()) return InvalidArgument(value.status().message(), field + ".value");
      g.valuation = *valuation;
      g.value = *value;
    }
    out.push_back(std::move(g));
  }
  return out;
}

ApiResponse Handlers::RecordGoods(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers(
      {"fund", "currency", "date", "donor", "items", "received_by", "checked_by", "memo"}));
  GoodsDonationInput g;
  API_TRY(fund, b.Text("fund"));
  API_TRY(currency, b.TextOr("currency", "CNY"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(donor, b.Optional("donor"));
  API_TRY(items, Items(b, true));
  API_TRY(received_by, b.Text("received_by"));
  API_TRY(checked_by, b.Text("checked_by"));
  API_TRY(memo, b.TextOr("memo", ""));
  g = GoodsDonationInput{fund, currency, date, donor, items, received_by, checked_by, memo};
  auto r = books.RecordGoodsDonation(
      g, ctx.actor, ctx.Answer([](const std::string& receipt, const AppendedEntry& e) {
        return EntryCreated(e, Object{{"receipt", receipt}});
      }));
  return ctx.Finish(r);
}

ApiResponse Handlers::HandOut(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"fund", "recipient", "date", "items", "memo"}));
  API_TRY(fund, b.Text("fund"));
  API_TRY(recipient, b.Text("recipient"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(items, Items(b, false));
  API_TRY(memo, b.TextOr("memo", ""));
  auto r = books.HandOutGoods({fund, recipient, date, items, memo}, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::RecordBatch(Service::Context& ctx, Books& books) {
  const auto& q = ctx.request->query;
  for (const auto& [key, value] : q) {
    if (key != "rows" && key != "total" && key != "charset") {
      return ctx.Fail(InvalidArgument("is not a parameter of a batch", key));
    }
  }
  API_TRY(rows, QueryInt(q, "rows", -1, 1, 100'000));
  if (rows < 0) return ctx.Fail(InvalidArgument("declare the number of rows", "rows"));
  const std::string total = QueryText(q, "total");
  if (total.empty()) return ctx.Fail(InvalidArgument("declare the total", "total"));
  std::string charset = QueryText(q, "charset");
  const std::string& type = ctx.request->content_type;
  if (const size_t at = type.find("charset="); charset.empty() && at != std::string::npos) {
    charset = type.substr(at + 8);
    charset = charset.substr(0, charset.find(';'));
  }
  std::vector<RowError> errors;
  auto batch = ParseDonationCsv(ctx.request->body, charset, &errors, LatestBusinessDate(ctx.now));
  if (!batch.ok()) return BatchProblem(ctx, batch.status(), errors);
  API_CHECK(CheckDeclared(*batch, rows, total));
  // Funds by the names the interface shows as well as by their codes.
  API_CHECK(books.Read([&](const BooksState& state) { ResolveFundNames(state, &*batch); }));
  size_t failed = 0;
  auto recorded = books.RecordDonations(
      batch->rows, ctx.actor, &failed,
      ctx.Answer([](const std::string& count, const AppendedEntry& last) {
        const int64_t n = std::stoll(count);
        return Json(201, Object{{"rows", n},
                                {"first_seq", last.seq - n + 1},
                                {"last_seq", last.seq},
                                {"hash", ToHex(last.hash)},
                                {"recorded_at", FormatTimestamp(last.recorded_at)}});
      }));
  if (!recorded.ok()) {
    if (failed < batch->lines.size()) {
      // Every row the books refuse, not only the first: checked in order
      // as if the rows before it were recorded (a refused one left out).
      std::vector<RowError> refused;
      for (const auto& [row, why] : books.CheckDonations(batch->rows, ctx.actor)) {
        if (row < batch->lines.size()) {
          refused.push_back(RowError{batch->lines[row], why.field(), why.message()});
        }
      }
      if (refused.empty()) {
        refused.push_back(
            RowError{batch->lines[failed], recorded.status().field(), recorded.status().message()});
      }
      return BatchProblem(
          ctx,
          InvalidArgument(refused.size() == 1
                              ? "the row on line " + std::to_string(refused.front().line) +
                                    " is refused: " + refused.front().message
                              : std::to_string(refused.size()) + " rows are refused",
                          "csv"),
          refused, recorded.status().code());
    }
    return ctx.Fail(recorded.status());
  }
  return ctx.Done();
}

ApiResponse Handlers::BatchTemplate(Service::Context&, Books&) {
  ApiResponse r;
  r.content_type = "text/csv; charset=utf-8";
  r.headers.emplace_back("Content-Disposition", AttachmentDisposition("donations-template", "csv"));
  r.body = DonationCsvTemplate();
  return r;
}

ApiResponse Handlers::BatchProblem(Service::Context& ctx, const Status& status,
                                   const std::vector<RowError>& errors, ErrorCode code) {
  ApiResponse r = ctx.Fail(Status(code, status.message(), status.field()));
  auto body = ParseJson(r.body);
  if (!body.ok()) return r;
  Array list;
  for (const RowError& e : errors) {
    list.push_back(Object{{"line", int64_t{e.line}}, {"field", e.field}, {"message", e.message}});
  }
  body->as_object().Set("errors", std::move(list));
  r.body = EncodeCanonical(*body);
  return r;
}

}  // namespace aidledger::api
