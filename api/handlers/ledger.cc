// The ledger itself: entries, checkpoints, proofs, the export, signing keys and verify.

#include <charconv>
#include <cstring>
#include <memory>

#include "api/handlers/handlers.h"
#include "api/header_text.h"
#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/books/books_replay.h"
#include "ledger/chain/ledger_export.h"
#include "ledger/chain/proof_bundle.h"

namespace aidledger::api {

ApiResponse Handlers::ListEntries(Service::Context& ctx, ReaderPool& readers) {
  const auto& q = ctx.request->query;
  EntryQuery query;
  API_TRY(after, QueryInt(q, "after", 0, 0, INT64_MAX));
  API_TRY(limit, QueryInt(q, "limit", 100, 1, 1000));
  query.after = after;
  query.limit = static_cast<int>(limit);
  query.kind = QueryText(q, "kind");
  query.fund = QueryText(q, "fund");
  query.from = QueryText(q, "from");
  query.to = QueryText(q, "to");
  for (const auto& [key, value] : q) {
    if (key != "after" && key != "limit" && key != "kind" && key != "fund" && key != "from" &&
        key != "to") {
      return ctx.Fail(InvalidArgument("is not a filter of this list", key));
    }
  }
  for (const char* key : {"from", "to"}) {
    const std::string& d = std::string(key) == "from" ? query.from : query.to;
    if (!d.empty() && !IsValidDate(d)) return ctx.Fail(InvalidArgument("YYYY-MM-DD", key));
  }
  API_TRY(lease, readers.Acquire());
  API_TRY(page, lease->reader->Query(query));
  Array entries;
  for (const StoredEntry& e : page.entries) entries.push_back(EntryJson(e));
  Object out{{"entries", std::move(entries)}};
  out.Set("next", page.next == 0 ? Value() : Value(std::to_string(page.next)));
  return Json(200, Value(std::move(out)));
}

Result<int64_t> Handlers::SeqParam(const std::string& p) {
  int64_t seq = 0;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), seq);
  if (ec != std::errc() || end != p.data() + p.size() || seq < 1) {
    return InvalidArgument("a sequence number", "seq");
  }
  return seq;
}

ApiResponse Handlers::GetEntry(Service::Context& ctx, ReaderPool& readers, EntryAnswers& kept) {
  API_TRY(seq, SeqParam(ctx.params[0]));
  ApiResponse r;
  // Entries never change once written: their answers are kept.
  if (std::optional<std::string> hit = kept.Find(seq)) {
    r.body = std::move(*hit);
    return r;
  }
  API_TRY(lease, readers.Acquire());
  API_TRY(entry, lease->reader->GetEntry(seq));
  r.body = EntryJsonText(entry);
  kept.Keep(seq, r.body);
  return r;
}

Value Handlers::CheckpointJson(const SignedCheckpoint& c) {
  return Object{{"size", static_cast<int64_t>(c.checkpoint.size)},
                {"root", ToHex(c.checkpoint.root)},
                {"head", ToHex(c.checkpoint.head_hash)},
                {"time", FormatTimestamp(c.checkpoint.time)},
                {"note", c.note}};
}

ApiResponse Handlers::LatestCheckpoint(Service::Context& ctx, ReaderPool& readers) {
  API_TRY(lease, readers.Acquire());
  API_TRY(latest, lease->reader->Checkpoint(0));
  return Json(200, CheckpointJson(latest));
}

ApiResponse Handlers::ListCheckpoints(Service::Context& ctx, ReaderPool& readers) {
  API_TRY(lease, readers.Acquire());
  API_TRY(all, lease->reader->Checkpoints());
  Array out;
  for (const auto& c : all) out.push_back(CheckpointJson(c));
  return Json(200, Object{{"checkpoints", std::move(out)}});
}

ApiResponse Handlers::InclusionProof(Service::Context& ctx, ReaderPool& readers) {
  API_TRY(seq, QueryInt(ctx.request->query, "seq", 0, 1, INT64_MAX));
  API_TRY(lease, readers.Acquire());
  API_TRY(cp, lease->reader->Checkpoint(0));
  if (static_cast<uint64_t>(seq) > cp.checkpoint.size) {
    return ctx.Fail(Status(ErrorCode::kFailedPrecondition,
                           "the entry is not yet in a signed checkpoint (latest covers " +
                               std::to_string(cp.checkpoint.size) + ")",
                           "seq"));
  }
  API_TRY(entry, lease->reader->GetEntry(seq));
  API_TRY(proof, lease->reader->InclusionProof(static_cast<uint64_t>(seq - 1), cp.checkpoint.size));
  ApiResponse r;
  r.body = EncodeBundle(InclusionBundle{seq, entry.canonical, proof, cp.note});
  return r;
}

ApiResponse Handlers::ConsistencyProof(Service::Context& ctx, ReaderPool& readers) {
  API_TRY(from, QueryInt(ctx.request->query, "from", 0, 1, INT64_MAX));
  API_TRY(to, QueryInt(ctx.request->query, "to", 0, 1, INT64_MAX));
  API_TRY(lease, readers.Acquire());
  API_TRY(older, lease->reader->Checkpoint(from));
  API_TRY(newer, lease->reader->Checkpoint(to));
  if (older.checkpoint.size > newer.checkpoint.size) {
    return ctx.Fail(InvalidArgument("the older checkpoint comes first", "from"));
  }
  API_TRY(proof, lease->reader->ConsistencyProof(older.checkpoint.size, newer.checkpoint.size));
  ApiResponse r;
  r.body = EncodeBundle(ConsistencyBundle{older.note, newer.note, proof});
  return r;
}

ApiResponse Handlers::CheckBundle(Service::Context& ctx, ReaderPool& readers) {
  API_TRY(bundle, ParseBundle(ctx.request->body));
  API_TRY(lease, readers.Acquire());
  API_TRY(keys, lease->reader->SigningKeys());
  Status checked = bundle.is_inclusion ? VerifyInclusionBundle(bundle.inclusion, keys).status()
                                       : VerifyConsistencyBundle(bundle.consistency, keys).status();
  Object out{{"ok", checked.ok()}, {"kind", bundle.is_inclusion ? "inclusion" : "consistency"}};
  if (!checked.ok()) out.Set("detail", checked.message());
  return Json(200, out);
}

ApiResponse Handlers::Export(Service::Context& ctx, ReaderPool& readers) {
  API_TRY(lease, readers.Acquire());
  ApiResponse r;
  r.content_type = "application/jsonl; charset=utf-8";
  // Streamed: a ledger of a million entries is most of a gigabyte.
  std::shared_ptr<ReaderPool::Lease> held(std::move(lease));
  r.stream = [held](std::ostream& out) { return ExportLedger(*held->reader, out); };
  r.headers.emplace_back("Content-Disposition", AttachmentDisposition("aidledger", "jsonl"));
  return r;
}

ApiResponse Handlers::PublicKeys(Service::Context& ctx, ReaderPool& readers) {
  API_TRY(lease, readers.Acquire());
  API_TRY(keys, lease->reader->SigningKeys());
  ApiResponse r;
  r.content_type = "text/plain; charset=utf-8";
  for (const PublicKey& k : keys) r.body += k.Vkey() + "\n";
  return r;
}

ApiResponse Handlers::Verify(Service::Context& ctx, LedgerStore& store, Metrics& metrics) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({}));
  const VerifyReport r = VerifyWithBooks(store.path());
  metrics.SetGauge("aidledger_last_verify_ok", "1 if the last verify passed, 0 if not",
                   r.ok ? 1 : 0);
  Object out{{"ok", r.ok}, {"size", r.size}};
  if (r.ok) {
    out.Set("head", ToHex(r.head_hash));
    out.Set("root", ToHex(r.root));
    out.Set("checkpoints_checked", r.checkpoints_checked);
  } else if (r.failure) {
    out.Set("error", Object{{"code", std::string(VerifyErrorName(r.failure->error))},
                            {"seq", r.failure->seq},
                            {"detail", r.failure->detail}});
  }
  return Json(200, Value(std::move(out)));
}

}  // namespace aidledger::api
