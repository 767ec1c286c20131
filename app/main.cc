// aidledger: the command-line entry point. Each subcommand is a function of
// its parsed options returning the process exit code:
//   0 success, 1 the operation failed (or verify found a problem), 2 usage.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "api/users.h"
#include "app/app_util.h"
#include "app/cli_args.h"
#include "app/serve.h"
#include "demo/demo_data.h"
#include "ledger/base/canonical_json.h"
#include "ledger/books/batch_csv.h"
#include "ledger/books/books.h"
#include "ledger/books/books_replay.h"
#include "ledger/books/business_date.h"
#include "ledger/books/money.h"
#include "ledger/books/role.h"
#include "ledger/books/vault.h"
#include "ledger/chain/ledger_export.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/chain/proof_bundle.h"
#include "ledger/store/backup.h"
#include "ledger/store/ledger_address.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/verify.h"
#include "reports/basis.h"
#include "reports/catalog.h"
#include "reports/output.h"

namespace aidledger::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

std::string DefaultDbPath() {
  const char* env = std::getenv("AIDLEDGER_DB");
  return env != nullptr && *env != '\0' ? env : "data/aidledger.db";
}

OptionSpec DbOption() {
  return {"db", "FILE", "ledger database file (env AIDLEDGER_DB)", DefaultDbPath()};
}

int Fail(const Status& s) {
  std::cerr << "aidledger: " << s.ToString() << "\n";
  return kExitFailed;
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kNotFound, "cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A file of vkey lines (blank lines and # comments allowed).
Result<std::vector<PublicKey>> ReadKeys(const std::string& path) {
  auto text = ReadText(path);
  if (!text.ok()) return text.status();
  std::vector<PublicKey> keys;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto key = PublicKey::FromVkey(line);
    if (!key.ok()) return InvalidArgument(key.status().message() + " in " + path, "keys");
    keys.push_back(std::move(key).value());
  }
  if (keys.empty()) return InvalidArgument("no key in " + path, "keys");
  return keys;
}

Object VerifyJson(const VerifyReport& r) {
  Object o{{"ok", r.ok}, {"size", r.size}};
  if (r.ok) {
    o.Set("head", ToHex(r.head_hash));
    o.Set("ledger_id", r.ledger_id);
    o.Set("root", ToHex(r.root));
    o.Set("checkpoints_checked", r.checkpoints_checked);
    o.Set("witnesses_checked", r.witnesses_checked);
  } else if (r.failure) {
    o.Set("error", Object{{"code", std::string(VerifyErrorName(r.failure->error))},
                          {"seq", r.failure->seq},
                          {"detail", r.failure->detail}});
  }
  return o;
}

// A positive decimal option value.
Result<int64_t> PositiveInt(const ParsedArgs& a, const std::string& name) {
  const std::string v = a.Get(name);
  int64_t n = 0;
  const auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || error != std::errc() || end != v.data() + v.size() || n < 1) {
    return InvalidArgument("a positive integer", name);
  }
  return n;
}

// --- init -------------------------------------------------------------------

const CommandSpec kInitSpec{
    "init",
    "Create a new ledger file with its genesis entry.",
    "[--db FILE] [--name NAME] [--currency CODE] [--time-zone TZ]",
    {DbOption(),
     {"name", "NAME", "the team's name, recorded in the genesis entry", "aidledger"},
     {"currency", "CODE", "default ISO 4217 currency", "CNY"},
     {"time-zone", "TZ", "time zone of business dates and periods", "Asia/Shanghai"},
     {"key", "FILE",
      "checkpoint signing key, made if missing (default: <db folder>/keys/checkpoint.key)", ""}}};

int RunInit(const ParsedArgs& a) {
  const std::string path = a.Get("db");
  if (Status s = EnsureParentDir(path); !s.ok()) return Fail(s);
  GenesisParams p{NewLedgerId(), a.Get("name"), a.Get("currency"), a.Get("time-zone")};
  if (Status s = CheckNewLedgerParams(p); !s.ok()) return Fail(s);
  auto store = LedgerStore::Create(path, p);
  if (!store.ok()) return Fail(store.status());
  auto head = (*store)->GetHead();
  if (!head.ok()) return Fail(head.status());
  std::cout << "created ledger " << p.ledger_id << " at " << path << "\nhead: size " << head->size
            << " hash " << ToHex(head->hash) << "\n";
  const std::string key_path = a.Has("key") ? a.Get("key") : DefaultKeyPath(path);
  bool created = false;
  auto key = EnsureKey(key_path, CheckpointOrigin(p.ledger_id), &created);
  if (!key.ok()) return Fail(key.status());
  auto cp = (*store)->MakeCheckpoint(*key);
  if (!cp.ok()) return Fail(cp.status());
  std::cout << (created ? "made signing key " : "signing key ") << key_path << "\npublic key "
            << key->public_key().Vkey() << "\n";
  return kExitOk;
}

// --- append -----------------------------------------------------------------

const CommandSpec kAppendSpec{
    "append",
    "Append one entry (an operator's tool; the service records the books' entries).\n"
    "An entry of a kind of the books must keep their rules (docs/ledger-format.md 6.1).",
    "--kind KIND --actor ID --role ROLE --payload JSON [--db FILE]",
    {DbOption(),
     {"kind", "KIND", "entry kind, e.g. donation.recorded", ""},
     {"actor", "ID", "who records it", ""},
     {"role", "ROLE", "the role they act in", ""},
     {"payload", "JSON", "the payload object (integers only, no fractions)", "{}"},
     {"checkpoint-every", "N", "then sign a checkpoint if N entries came since the last", ""},
     {"checkpoint-minutes", "M", "then sign a checkpoint if M minutes passed since the last", ""},
     {"key", "FILE", "signing key for those (default: <db folder>/keys/checkpoint.key)", ""}}};

int RunAppend(const ParsedArgs& a) {
  for (const char* required : {"kind", "actor", "role"}) {
    if (!a.Has(required)) {
      std::cerr << "aidledger append: --" << required << " is required\n";
      return kExitUsage;
    }
  }
  auto payload = ParseJson(a.Get("payload"));
  if (!payload.ok()) return Fail(InvalidArgument(payload.status().message(), "payload"));
  if (!payload->is_object()) return Fail(InvalidArgument("must be a JSON object", "payload"));
  auto store = LedgerStore::Open(a.Get("db"));
  if (!store.ok()) return Fail(store.status());
  EntryDraft d{a.Get("kind"), Actor{a.Get("actor"), a.Get("role")},
               std::move(payload->as_object())};
  CheckpointPolicy policy;
  for (const auto& [name, field] :
       {std::pair<const char*, int64_t*>{"checkpoint-every", &policy.every_entries},
        {"checkpoint-minutes", &policy.every_micros}}) {
    if (!a.Has(name)) continue;
    auto n = PositiveInt(a, name);
    if (!n.ok()) return Fail(n.status());
    *field = *n;
  }
  policy.every_micros *= 60'000'000;
  auto books = Books::Open(store->get());
  if (!books.ok()) return Fail(books.status());
  auto r = (*books)->Record(d);
  if (!r.ok()) return Fail(r.status());
  std::cout << "appended entry " << r->seq << " hash " << ToHex(r->hash) << "\n";
  if (policy.every_entries > 0 || policy.every_micros > 0) {
    auto key = SigningKey::Load(a.Has("key") ? a.Get("key") : DefaultKeyPath(a.Get("db")));
    if (!key.ok()) return Fail(key.status());
    auto cp = (*store)->MaybeCheckpoint(*key, policy);
    if (!cp.ok()) return Fail(cp.status());
    if (cp->has_value())
      std::cout << "signed checkpoint of size " << (*cp)->checkpoint.size << "\n";
  }
  return kExitOk;
}

// --- verify -----------------------------------------------------------------

const CommandSpec kVerifySpec{
    "verify",
    "Re-check the whole ledger: every hash and link, the genesis, gap-free sequence, every\n"
    "derived column and index, and the stored head. Exits 1 naming the first bad entry.",
    "[--db FILE | --export FILE] [--keys FILE] [--trusted FILE] [--chain-only]\n"
    "       [--vault-key FILE] [--json]",
    {DbOption(),
     {"export", "FILE", "verify an export (aidledger export) instead of a database", ""},
     {"keys", "FILE", "trust only these public keys (vkey lines) for checkpoints", ""},
     {"trusted", "FILE", "checkpoints kept earlier (a witness file); the ledger must extend each",
      ""},
     {"chain-only", "", "skip the replay of every entry through the rules of the books", ""},
     {"vault-key", "FILE",
      "also check every personal record in the vault against its commitment in the chain", ""},
     {"require-anchor", "",
      "fail (exit 1) unless --keys or --trusted anchors the check outside the file", ""},
     {"json", "", "print the result as one JSON object", ""}}};

// What the check was anchored to: without --keys or --trusted, the keys come
// from the very file being checked, so a rewrite re-signed with the ledger's
// own key passes; the output says so.
std::string AnchorText(const ParsedArgs& a) {
  if (a.Has("keys") && a.Has("trusted")) return "trusted keys and checkpoints kept earlier";
  if (a.Has("keys")) return "trusted keys";
  if (a.Has("trusted")) return "checkpoints kept earlier";
  return "";
}
constexpr const char* kUnanchored =
    "internal consistency only: the checkpoints were checked with keys taken from the file "
    "itself (give --keys and --trusted, kept away from the ledger's machine, to anchor it)";

Status CheckVault(const std::string& db, const std::string& key_path) {
  auto key = VaultKey::Load(key_path);
  if (!key.ok()) return key.status();
  auto store = LedgerStore::Open(db);
  if (!store.ok()) return store.status();
  auto books = Books::Open(store->get());
  if (!books.ok()) return books.status();
  auto vault = Vault::Open(books->get(), std::move(key).value());
  if (!vault.ok()) return vault.status();
  return (*vault)->CheckAgainstChain();
}

int RunVerify(const ParsedArgs& a) {
  VerifyOptions options;
  if (!a.Has("chain-only")) options.books_replay = BooksReplay();
  if (a.Has("keys")) {
    auto keys = ReadKeys(a.Get("keys"));
    if (!keys.ok()) return Fail(keys.status());
    options.trusted_keys = std::move(keys).value();
  }
  if (a.Has("trusted")) {
    auto text = ReadText(a.Get("trusted"));
    if (!text.ok()) return Fail(text.status());
    auto notes = ParseCheckpointNotes(*text);
    if (!notes.ok()) return Fail(notes.status());
    if (notes->empty()) {
      std::cerr << "aidledger verify: --trusted " << a.Get("trusted")
                << " holds no checkpoint; an empty witness file anchors nothing\n";
      return kExitUsage;
    }
    options.witnesses = std::move(notes).value();
  }
  const std::string anchor = AnchorText(a);
  const auto start = std::chrono::steady_clock::now();
  VerifyReport r;
  if (a.Has("export")) {
    std::ifstream in(a.Get("export"), std::ios::binary);
    if (!in) return Fail(Status(ErrorCode::kNotFound, "cannot read " + a.Get("export")));
    r = VerifyExport(in, options);
  } else {
    r = VerifyDatabase(a.Get("db"), options);
  }
  if (r.ok && a.Has("vault-key") && !a.Has("export")) {
    // The vault is checked once the chain is known good: its records
    // against the commitments that the chain holds.
    Status vault = CheckVault(a.Get("db"), a.Get("vault-key"));
    if (!vault.ok()) {
      r.ok = false;
      r.failure = VerifyFailure{VerifyError::kVaultMismatch, r.size, vault.message()};
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool unanchored_refused = r.ok && anchor.empty() && a.Has("require-anchor");
  if (a.Has("json")) {
    Object o = VerifyJson(r);
    o.Set("anchored", !anchor.empty());
    o.Set("anchor", anchor.empty() ? std::string(kUnanchored) : anchor);
    if (unanchored_refused) {
      o.Set("ok", false);
      o.Set("error",
            Object{{"code", "not_anchored"}, {"seq", int64_t{0}}, {"detail", kUnanchored}});
    }
    std::cout << EncodeCanonical(Value(std::move(o))) << "\n";
  } else if (r.ok) {
    std::cout << "ok: " << r.size << " entries verified in " << secs << " s\nledger " << r.ledger_id
              << "\nhead " << r.size << " " << ToHex(r.head_hash) << "\nroot " << ToHex(r.root)
              << "\ncheckpoints verified: " << r.checkpoints_checked
              << ", trusted checkpoints matched: " << r.witnesses_checked
              << "\nanchored to: " << (anchor.empty() ? std::string(kUnanchored) : anchor) << "\n";
    if (unanchored_refused) std::cout << "FAILED: not_anchored (--require-anchor)\n";
  } else {
    std::cout << "FAILED at entry " << r.failure->seq << ": " << VerifyErrorName(r.failure->error)
              << ": " << r.failure->detail << "\n";
  }
  return r.ok && !unanchored_refused ? kExitOk : kExitFailed;
}

// --- head / log -------------------------------------------------------------

const CommandSpec kHeadSpec{
    "head", "Print the ledger's size and head hash (not verified).", "[--db FILE]", {DbOption()}};

int RunHead(const ParsedArgs& a) {
  auto reader = OpenLedgerReader(a.Get("db"));
  if (!reader.ok()) return Fail(reader.status());
  auto head = (*reader)->GetHead();
  if (!head.ok()) return Fail(head.status());
  std::cout << head->size << " " << ToHex(head->hash) << " " << FormatTimestamp(head->recorded_at)
            << "\n";
  return kExitOk;
}

const CommandSpec kLogSpec{
    "log",
    "Print entries as JSON Lines: {\"entry\":<canonical bytes>,\"hash\":...,\"seq\":...}.",
    "[--db FILE] [--from SEQ] [--limit N]",
    {DbOption(),
     {"from", "SEQ", "first sequence number", "1"},
     {"limit", "N", "how many entries at most", "100"}}};

int RunLog(const ParsedArgs& a) {
  const Result<int64_t> from = PositiveInt(a, "from");
  const Result<int64_t> limit = PositiveInt(a, "limit");
  if (!from.ok() || !limit.ok()) {
    std::cerr << "aidledger log: --from and --limit take positive integers\n";
    return kExitUsage;
  }
  auto reader = OpenLedgerReader(a.Get("db"));
  if (!reader.ok()) return Fail(reader.status());
  Status s = (*reader)->Scan(*from, *limit, [](const StoredEntry& e) {
    // The canonical bytes are JSON already, so they are embedded verbatim.
    std::cout << "{\"entry\":" << e.canonical << ",\"hash\":\"" << ToHex(e.hash)
              << "\",\"seq\":" << e.seq << "}\n";
    return true;
  });
  return s.ok() ? kExitOk : Fail(s);
}

// --- demo -------------------------------------------------------------------

const CommandSpec kDemoSpec{
    "demo",
    "Create the ledger with the demo data set, a year of a volunteer team's books (funds,\n"
    "donors, cash and goods, recipients in the vault, grants, payments, the winter drive,\n"
    "reversals, monthly closes with signed checkpoints), then verify it. Keys are made on\n"
    "first use beside the ledger. A ledger that has entries already is only verified.",
    "[--db FILE] [--year YYYY]",
    {DbOption(), {"year", "YYYY", "the year the demo books cover", "2025"}}};

int RunDemo(const ParsedArgs& a) {
  const std::string path = a.Get("db");
  if (Status s = EnsureParentDir(path); !s.ok()) return Fail(s);
  auto opened = LedgerStore::Open(path);
  if (!opened.ok() && opened.status().code() == ErrorCode::kNotFound) {
    opened = LedgerStore::Create(path, GenesisParams{NewLedgerId(), "Love 365 volunteer team"});
  }
  if (!opened.ok()) return Fail(opened.status());
  auto& store = *opened;
  auto head = store->GetHead();
  if (!head.ok()) return Fail(head.status());
  if (head->size == 1) {
    bool created = false;
    auto key =
        EnsureKey(DefaultKeyPath(path), CheckpointOrigin(store->genesis().ledger_id), &created);
    if (!key.ok()) return Fail(key.status());
    if (Status s = EnsureParentDir(DefaultVaultKeyPath(path)); !s.ok()) return Fail(s);
    auto vault_key = VaultKey::LoadOrCreate(DefaultVaultKeyPath(path));
    if (!vault_key.ok()) return Fail(vault_key.status());
    auto books = Books::Open(store.get());
    if (!books.ok()) return Fail(books.status());
    auto vault = Vault::Open(books->get(), std::move(vault_key).value());
    if (!vault.ok()) return Fail(vault.status());
    DemoOptions options;
    const Result<int64_t> year = PositiveInt(a, "year");
    options.year = year.ok() && *year >= 2000 && *year <= 2100 ? static_cast<int>(*year) : 0;
    if (options.year == 0) {
      std::cerr << "aidledger demo: --year takes a year such as 2025\n";
      return kExitUsage;
    }
    auto summary = BuildDemoYear(store.get(), books->get(), vault->get(), *key, options);
    if (!summary.ok()) return Fail(summary.status());
    std::cout << "recorded the demo year " << options.year << ": " << summary->entries
              << " entries, " << summary->cash_donations << " cash donations and "
              << summary->goods_donations << " in goods, " << summary->recipients << " recipients ("
              << summary->students_funded << " students), aid given out "
              << FormatMoneyForDisplay(
                     Money{"CNY", summary->aid_cash_minor + summary->aid_goods_minor})
              << ", " << summary->reversals << " reversals\n";
  } else {
    std::cout << "the ledger has " << head->size << " entries already; verifying it\n";
  }
  store.reset();
  const VerifyReport r = VerifyWithBooks(path);
  if (!r.ok) {
    std::cout << "verify FAILED at entry " << r.failure->seq << ": " << r.failure->detail << "\n";
    return kExitFailed;
  }
  std::cout << "verify ok: " << r.size << " entries, " << r.checkpoints_checked
            << " checkpoints, head " << ToHex(r.head_hash) << "\n"
            << "ledger file: " << path << "\n";
  return kExitOk;
}

// --- import ----------------------------------------------------------------

const CommandSpec kImportSpec{
    "import",
    "Record a batch of donations from a CSV file (a spreadsheet or a bank statement, UTF-8 or\n"
    "GB18030/GBK as Chinese Excel saves it), all rows or none. The declared row count and\n"
    "total are checked first; every bad row is reported with its line and field.",
    "FILE.csv --rows N --total AMOUNT --actor ID [--charset utf-8|gb18030] [--db FILE]",
    {DbOption(),
     {"rows", "N", "how many donations the file holds", ""},
     {"total", "AMOUNT", "what they add up to, e.g. 12500.00", ""},
     {"actor", "ID", "the treasurer who records them", ""},
     {"charset", "NAME", "utf-8 or gb18030 (default: told apart from the bytes)", ""}}};

// Local dates in the ledger's time zone (UseTimeZone), or a warning.
void UseLedgerTimeZone(const GenesisParams& genesis, const char* command) {
  const std::string& zone = genesis.time_zone;
  if (Status s = UseTimeZone(zone); !s.ok()) {
    std::cerr << "aidledger " << command << ": local dates follow this machine's zone, not " << zone
              << ": " << s.ToString() << "\n";
  }
}

int RunImport(const ParsedArgs& a) {
  if (a.positional().size() != 1 || !a.Has("rows") || !a.Has("total") || !a.Has("actor")) {
    std::cerr << "aidledger import: give FILE.csv, --rows, --total and --actor\n";
    return kExitUsage;
  }
  auto bytes = ReadText(a.positional()[0]);
  if (!bytes.ok()) return Fail(bytes.status());
  auto store = LedgerStore::Open(a.Get("db"));
  if (!store.ok()) return Fail(store.status());
  UseLedgerTimeZone((*store)->genesis(), "import");  // a row may carry at most tomorrow's date
  std::vector<RowError> errors;
  auto batch =
      ParseDonationCsv(*bytes, a.Get("charset"), &errors, LatestBusinessDate(SystemClock().Now()));
  if (!batch.ok()) {
    for (const auto& e : errors) {
      std::cerr << a.positional()[0] << ":" << e.line << ": " << e.field << ": " << e.message
                << "\n";
    }
    return Fail(batch.status());
  }
  auto rows = PositiveInt(a, "rows");
  if (!rows.ok()) return Fail(rows.status());
  if (Status s = CheckDeclared(*batch, *rows, a.Get("total")); !s.ok()) return Fail(s);
  // The actor is a user of the service, enabled, a treasurer: the chain
  // names who recorded each gift, so the name must be somebody's.
  auto users = UserStore::Open(a.Get("db"));
  if (!users.ok()) return Fail(users.status());
  auto listed = (*users)->ListUsers();
  if (!listed.ok()) return Fail(listed.status());
  const auto user = std::find_if(listed->begin(), listed->end(),
                                 [&](const User& u) { return u.name == a.Get("actor"); });
  if (user == listed->end() || user->disabled || ParseRole(user->role) != Role::kTreasurer) {
    return Fail(InvalidArgument(
        "must name an enabled treasurer among the service's users (aidledger user list)", "actor"));
  }
  auto books = Books::Open(store->get());
  if (!books.ok()) return Fail(books.status());
  size_t failed = 0;
  auto recorded = (*books)->RecordDonations(batch->rows, Actor{user->name, user->role}, &failed);
  if (!recorded.ok()) {
    if (failed < batch->lines.size()) {
      std::cerr << a.positional()[0] << ":" << batch->lines[failed] << ": refused, nothing "
                << "recorded\n";
    }
    return Fail(recorded.status());
  }
  std::cout << "recorded " << recorded->size() << " donations, entries "
            << recorded->front().entry.seq << " to " << recorded->back().entry.seq << ", receipts "
            << recorded->front().receipt << " to " << recorded->back().receipt << "\n";
  return kExitOk;
}

// --- backup ---------------------------------------------------------------

const CommandSpec kBackupSpec{
    "backup",
    "Copy the ledger to a new file while the service keeps writing (SQLite's online backup:\n"
    "the copy is the ledger as of one commit), then verify the copy. The key files are not in\n"
    "it: keep copies of keys/ apart. Restore: stop the service, copy the backup to the ledger's\n"
    "path, remove any -wal and -shm files beside it, start the service.",
    "FILE [--db FILE]",
    {DbOption()}};

int RunBackup(const ParsedArgs& a) {
  if (a.positional().size() != 1) {
    std::cerr << "aidledger backup: give the new file to write\n";
    return kExitUsage;
  }
  const std::string& copy = a.positional()[0];
  if (Status s = BackupLedger(a.Get("db"), copy); !s.ok()) return Fail(s);
  const VerifyReport r = VerifyWithBooks(copy);
  if (!r.ok) {
    std::cerr << "the copy does not verify: " << r.failure->detail << "\n";
    return kExitFailed;
  }
  std::cout << "backed up " << r.size << " entries to " << copy << ", head " << ToHex(r.head_hash)
            << ", verified\n";
  return kExitOk;
}

// --- report ---------------------------------------------------------------

std::string ReportNames() {
  std::string out;
  for (const auto& r : reports::Catalog()) out += (out.empty() ? "" : ", ") + r.name;
  return out;
}

const CommandSpec kReportSpec{
    "report",
    "Print a report of the books (" + ReportNames() +
        "), computed from the ledger as it is now (the public summary: as of the latest\n"
        "signed checkpoint), saying which ledger state it covers. The command line shows no\n"
        "personal data; the public summary names consenting donors with --vault-key.",
    "NAME [--from DATE] [--to DATE] [--year YYYY] [--donor D-000001]\n"
    "       [--format json|csv|html] [--out FILE] [--vault-key FILE] [--db FILE]",
    {DbOption(),
     {"from", "DATE", "first business date, YYYY-MM-DD (default: 1 January)", ""},
     {"to", "DATE", "last business date (default: today)", ""},
     {"year", "YYYY", "the year of the annual summary or a donor's statement", ""},
     {"donor", "ID", "the donor of a donor's statement", ""},
     {"format", "FORMAT", "json, csv (UTF-8 with a BOM, for Excel) or html (to print)", "json"},
     {"out", "FILE", "write to FILE instead of standard output", ""},
     {"vault-key", "FILE", "the vault key, for the names donors agreed to publish", ""}}};

int RunReport(const ParsedArgs& a) {
  if (a.positional().size() != 1 || reports::FindReport(a.positional()[0]) == nullptr) {
    std::cerr << "aidledger report: name one of " << ReportNames() << "\n";
    return kExitUsage;
  }
  const std::string name = a.positional()[0];
  // The journal comes as text whatever --format says (its default is json).
  const Result<reports::ReportFormat> format =
      reports::ParseReportFormat(name, name == "journal" ? "" : a.Get("format"));
  if (!format.ok()) {
    std::cerr << "aidledger report: --format json, csv or html\n";
    return kExitUsage;
  }
  // Read-only: the books are replayed from a reader, so a ledger on
  // read-only media (an auditor's copy) reports too.
  auto reader = OpenLedgerReader(a.Get("db"));
  if (!reader.ok()) return Fail(reader.status());
  auto genesis = ReadGenesis(**reader);
  if (!genesis.ok()) return Fail(genesis.status());
  UseLedgerTimeZone(*genesis, "report");  // the period's default end is the team's today
  auto replayed = ReplayBooks(**reader);
  if (!replayed.ok()) return Fail(replayed.status());
  const BooksState& state = *replayed;
  const MicrosSinceEpoch now = SystemClock().Now();
  reports::ReportRequest q{name,           a.Get("from"),  a.Get("to"), a.Get("year"),
                           a.Get("donor"), LocalDate(now), 0,           {}};
  reports::People people;
  if (name == "public-summary") {
    auto checkpoints = (*reader)->Checkpoints();
    if (!checkpoints.ok()) return Fail(checkpoints.status());
    q.as_of = checkpoints->empty() ? 0 : static_cast<int64_t>(checkpoints->back().checkpoint.size);
    if (a.Has("vault-key")) {
      // Donors' names are in the vault, which opens with the books.
      auto store = LedgerStore::Open(a.Get("db"));
      if (!store.ok()) return Fail(store.status());
      auto books = Books::Open(store->get());
      if (!books.ok()) return Fail(books.status());
      auto key = VaultKey::Load(a.Get("vault-key"));
      if (!key.ok()) return Fail(key.status());
      auto vault = Vault::Open(books->get(), std::move(key).value());
      if (!vault.ok()) return Fail(vault.status());
      auto names = (*vault)->PublicDonorNames();
      if (!names.ok()) return Fail(names.status());
      people.public_donor_names = std::move(names).value();
    }
  }
  const char* user = std::getenv("USER");
  const std::string by =
      std::string("command line (") + (user != nullptr ? user : "operator") + ")";
  std::string out;
  Status failed;
  int64_t size = 0;
  [&] {
    size = state.size();
    if (name == "journal") {
      auto text = reports::BuildJournal(q, state);
      if (!text.ok()) {
        failed = text.status();
      } else {
        out = std::move(text).value();
      }
      return;
    }
    auto report = reports::BuildReport(q, state, people);
    if (!report.ok()) {
      failed = report.status();
      return;
    }
    auto basis = reports::ReadBasis(**reader, name == "public-summary" ? q.as_of : size, by, now);
    if (!basis.ok()) {
      failed = basis.status();
      return;
    }
    report->basis = std::move(basis).value();
    // Rendered straight to text: no tree of every row first (a register of a
    // million gifts is gigabytes as a tree).
    std::ostringstream text;
    reports::WriteReport(*report, *format, text);
    if (*format == reports::ReportFormat::kJson) text << "\n";
    out = std::move(text).str();
  }();
  if (!failed.ok()) return Fail(failed);
  if (a.Has("out")) {
    if (Status w = WriteText(a.Get("out"), out, 0644); !w.ok()) return Fail(w);
  } else {
    std::cout << out;
  }
  return kExitOk;
}

// --- users ----------------------------------------------------------------

const CommandSpec kUserSpec{
    "user",
    "Manage the service's users and their API tokens (tokens are shown once, stored hashed).",
    "add NAME --role ROLE | list | token NAME [--label L] [--days N] | revoke TOKEN_ID |\n"
    "       password NAME (reads the password from standard input) | disable NAME | enable NAME",
    {DbOption(),
     {"role", "ROLE", "admin, treasurer, coordinator or auditor", ""},
     {"label", "TEXT", "what the token is for (a device, a script)", "cli"},
     {"days", "N", "the token expires after N days (default: never)", ""}}};

int RunUser(const ParsedArgs& a) {
  const auto& words = a.positional();
  if (words.empty()) {
    std::cerr << "aidledger user: add, list, token, revoke, password, disable or enable\n";
    return kExitUsage;
  }
  const std::string& verb = words[0];
  const size_t arity = verb == "list" ? 1 : 2;
  if (words.size() != arity) {
    std::cerr << "aidledger user " << verb << ": wrong number of arguments\n";
    return kExitUsage;
  }
  // Open the ledger read-write first so that the service's tables exist.
  auto store = LedgerStore::Open(a.Get("db"));
  if (!store.ok()) return Fail(store.status());
  auto users = UserStore::Open(a.Get("db"));
  if (!users.ok()) return Fail(users.status());
  UserStore& u = **users;
  const auto issue = [&](const std::string& name) -> int {
    std::optional<MicrosSinceEpoch> expires;
    if (a.Has("days")) {
      auto days = PositiveInt(a, "days");
      if (!days.ok()) return Fail(days.status());
      expires = SystemClock().Now() + *days * 86'400LL * 1'000'000;
    }
    auto token = u.IssueToken(name, a.Get("label"), expires);
    if (!token.ok()) return Fail(token.status());
    std::cout << "token " << token->id << " for " << name << " (shown once, keep it):\n"
              << token->token << "\n";
    return kExitOk;
  };
  if (verb == "add") {
    auto user = u.AddUser(words[1], a.Get("role"));
    if (!user.ok()) return Fail(user.status());
    std::cout << "added " << user->name << " (" << user->role << ")\n";
    return issue(user->name);
  }
  if (verb == "token") return issue(words[1]);
  if (verb == "list") {
    auto all = u.ListUsers();
    if (!all.ok()) return Fail(all.status());
    for (const auto& x : *all) {
      std::cout << x.name << "\t" << x.role << "\t" << (x.disabled ? "disabled" : "active")
                << "\tsince " << x.created_at << "\n";
    }
    auto tokens = u.ListTokens();
    if (!tokens.ok()) return Fail(tokens.status());
    for (const auto& t : *tokens) {
      std::cout << "token " << t.id << "\t" << t.user << "\t" << t.label << "\t"
                << (t.revoked_at.empty() ? "valid" : "revoked " + t.revoked_at)
                << (t.expires_at.empty() ? "" : "\texpires " + t.expires_at) << "\n";
    }
    return kExitOk;
  }
  if (verb == "revoke") {
    int64_t id = 0;
    try {
      id = std::stoll(words[1]);
    } catch (const std::exception&) {
      std::cerr << "aidledger user revoke: give the token's number (aidledger user list)\n";
      return kExitUsage;
    }
    if (Status s = u.RevokeToken(id); !s.ok()) return Fail(s);
    std::cout << "revoked token " << id << "\n";
    return kExitOk;
  }
  if (verb == "password") {
    std::string password;
    std::getline(std::cin, password);
    if (Status s = u.SetPassword(words[1], password); !s.ok()) return Fail(s);
    std::cout << "password set for " << words[1] << "\n";
    return kExitOk;
  }
  if (verb == "disable" || verb == "enable") {
    if (Status s = u.SetDisabled(words[1], verb == "disable"); !s.ok()) return Fail(s);
    std::cout << verb << "d " << words[1] << "\n";
    return kExitOk;
  }
  std::cerr << "aidledger user: unknown action '" << verb << "'\n";
  return kExitUsage;
}

// --- keys, checkpoints, proofs, export ---------------------------------------

const CommandSpec kKeygenSpec{
    "keygen",
    "Make an Ed25519 key pair for signing checkpoints: FILE (private, mode 0600),\n"
    "FILE.pub (the public key as a signed-note vkey line) and FILE.pub.pem.",
    "--out FILE --name NAME",
    {{"out", "FILE", "where to write the private key (never overwritten)", ""},
     {"name", "NAME", "the key's name (by convention the ledger's origin, aidledger/<id>)", ""}}};

int RunKeygen(const ParsedArgs& a) {
  if (!a.Has("out") || !a.Has("name")) {
    std::cerr << "aidledger keygen: --out and --name are required\n";
    return kExitUsage;
  }
  if (::access(a.Get("out").c_str(), F_OK) == 0) {
    return Fail(Status(ErrorCode::kAlreadyExists, a.Get("out") + " exists"));
  }
  bool created = false;
  auto key = EnsureKey(a.Get("out"), a.Get("name"), &created);
  if (!key.ok()) return Fail(key.status());
  std::cout << key->public_key().Vkey() << "\n";
  return kExitOk;
}

const CommandSpec kCheckpointSpec{
    "checkpoint",
    "Sign a checkpoint of the current head, store it, and print its text.",
    "[--db FILE] [--key FILE]",
    {DbOption(), {"key", "FILE", "signing key (default: <db folder>/keys/checkpoint.key)", ""}}};

int RunCheckpoint(const ParsedArgs& a) {
  const std::string db = a.Get("db");
  auto key = SigningKey::Load(a.Has("key") ? a.Get("key") : DefaultKeyPath(db));
  if (!key.ok()) return Fail(key.status());
  auto store = LedgerStore::Open(db);
  if (!store.ok()) return Fail(store.status());
  auto cp = (*store)->MakeCheckpoint(*key);
  if (!cp.ok()) return Fail(cp.status());
  std::cout << cp->note;
  return kExitOk;
}

const CommandSpec kCheckpointsSpec{
    "checkpoints",
    "Print every stored checkpoint (oldest first), separated by blank lines: the text an\n"
    "auditor keeps as a witness file for verify --trusted.",
    "[--db FILE] [--latest]",
    {DbOption(), {"latest", "", "only the latest", ""}}};

int RunCheckpoints(const ParsedArgs& a) {
  auto reader = OpenLedgerReader(a.Get("db"));
  if (!reader.ok()) return Fail(reader.status());
  if (a.Has("latest")) {
    auto cp = (*reader)->Checkpoint(0);
    if (!cp.ok()) return Fail(cp.status());
    std::cout << cp->note;
    return kExitOk;
  }
  auto all = (*reader)->Checkpoints();
  if (!all.ok()) return Fail(all.status());
  for (size_t i = 0; i < all->size(); ++i) std::cout << (i ? "\n" : "") << (*all)[i].note;
  return kExitOk;
}

const CommandSpec kProveSpec{
    "prove",
    "Write a self-contained proof bundle (JSON): with --seq, that entry's inclusion in a\n"
    "checkpoint's tree; with --from and --to, that one checkpoint's tree extends another's.",
    "(--seq N [--checkpoint ID] | --from ID --to ID) [--db FILE] [--out FILE]",
    {DbOption(),
     {"seq", "N", "the entry to prove", ""},
     {"checkpoint", "ID", "stored checkpoint to prove against (default: the latest)", ""},
     {"from", "ID", "the older checkpoint (consistency)", ""},
     {"to", "ID", "the newer checkpoint (consistency)", ""},
     {"out", "FILE", "write the bundle here instead of standard output", ""}}};

int RunProve(const ParsedArgs& a) {
  auto reader = OpenLedgerReader(a.Get("db"));
  if (!reader.ok()) return Fail(reader.status());
  std::string bundle;
  if (a.Has("seq")) {
    auto seq = PositiveInt(a, "seq");
    if (!seq.ok()) return Fail(seq.status());
    int64_t id = 0;
    if (a.Has("checkpoint")) {
      auto c = PositiveInt(a, "checkpoint");
      if (!c.ok()) return Fail(c.status());
      id = *c;
    }
    auto cp = (*reader)->Checkpoint(id);
    if (!cp.ok()) return Fail(cp.status());
    if (static_cast<uint64_t>(*seq) > cp->checkpoint.size) {
      return Fail(InvalidArgument("entry " + std::to_string(*seq) + " is not in the checkpoint's " +
                                      std::to_string(cp->checkpoint.size) +
                                      " entries (sign a newer one)",
                                  "seq"));
    }
    auto entry = (*reader)->GetEntry(*seq);
    if (!entry.ok()) return Fail(entry.status());
    auto proof = (*reader)->InclusionProof(static_cast<uint64_t>(*seq - 1), cp->checkpoint.size);
    if (!proof.ok()) return Fail(proof.status());
    bundle = EncodeBundle(InclusionBundle{*seq, entry->canonical, *proof, cp->note});
  } else if (a.Has("from") && a.Has("to")) {
    auto from = PositiveInt(a, "from");
    auto to = PositiveInt(a, "to");
    if (!from.ok()) return Fail(from.status());
    if (!to.ok()) return Fail(to.status());
    auto older = (*reader)->Checkpoint(*from);
    auto newer = (*reader)->Checkpoint(*to);
    if (!older.ok()) return Fail(older.status());
    if (!newer.ok()) return Fail(newer.status());
    auto proof = (*reader)->ConsistencyProof(older->checkpoint.size, newer->checkpoint.size);
    if (!proof.ok()) return Fail(proof.status());
    bundle = EncodeBundle(ConsistencyBundle{older->note, newer->note, *proof});
  } else {
    std::cerr << "aidledger prove: give --seq, or --from and --to\n";
    return kExitUsage;
  }
  if (a.Has("out")) {
    Status s = WriteText(a.Get("out"), bundle + "\n", 0644);
    return s.ok() ? kExitOk : Fail(s);
  }
  std::cout << bundle << "\n";
  return kExitOk;
}

const CommandSpec kVerifyProofSpec{
    "verify-proof",
    "Check a proof bundle offline, without the database: the checkpoint's signature under\n"
    "the given public key(s), the entry's bytes, and every step of the proof.",
    "BUNDLE --pubkey FILE",
    {{"pubkey", "FILE", "trusted public key(s): vkey lines (e.g. checkpoint.key.pub)", ""},
     {"json", "", "print the result as one JSON object", ""}}};

int RunVerifyProof(const ParsedArgs& a) {
  if (a.positional().size() != 1 || !a.Has("pubkey")) {
    std::cerr << "aidledger verify-proof: give one BUNDLE file and --pubkey FILE\n";
    return kExitUsage;
  }
  auto keys = ReadKeys(a.Get("pubkey"));
  if (!keys.ok()) return Fail(keys.status());
  auto text = ReadText(a.positional()[0]);
  if (!text.ok()) return Fail(text.status());
  auto bundle = ParseBundle(*text);
  Status result = bundle.status();
  std::string what;
  if (bundle.ok() && bundle->is_inclusion) {
    auto entry = VerifyInclusionBundle(bundle->inclusion, *keys);
    result = entry.status();
    if (entry.ok()) {
      what = "entry " + std::to_string(entry->seq) + " (" + entry->kind + ", recorded " +
             FormatTimestamp(entry->recorded_at) + ") is in the ledger's tree";
    }
  } else if (bundle.ok()) {
    auto cp = VerifyConsistencyBundle(bundle->consistency, *keys);
    result = cp.status();
    if (cp.ok())
      what = "the tree of " + std::to_string(cp->size) + " entries extends the older one";
  }
  if (a.Has("json")) {
    Object o{{"ok", result.ok()}};
    if (result.ok()) {
      o.Set("statement", what);
    } else {
      o.Set("error", Object{{"code", std::string(ErrorCodeName(result.code()))},
                            {"field", result.field()},
                            {"message", result.message()}});
    }
    std::cout << EncodeCanonical(Value(std::move(o))) << "\n";
  } else if (result.ok()) {
    std::cout << "ok: " << what << "\n";
  } else {
    std::cout << "REFUSED: " << result.ToString() << "\n";
  }
  return result.ok() ? kExitOk : kExitFailed;
}

const CommandSpec kExportSpec{
    "export",
    "Write the whole ledger as JSON Lines (keys, checkpoints, then every entry with its\n"
    "canonical bytes and hash); verify it with: aidledger verify --export FILE.",
    "[--db FILE] [--out FILE]",
    {DbOption(), {"out", "FILE", "write here instead of standard output", ""}}};

int RunExport(const ParsedArgs& a) {
  auto reader = OpenLedgerReader(a.Get("db"));
  if (!reader.ok()) return Fail(reader.status());
  if (a.Has("out")) {
    std::ofstream out(a.Get("out"), std::ios::binary | std::ios::trunc);
    if (!out) return Fail(IoError("cannot write " + a.Get("out")));
    Status s = ExportLedger(**reader, out);
    return s.ok() ? kExitOk : Fail(s);
  }
  Status s = ExportLedger(**reader, std::cout);
  return s.ok() ? kExitOk : Fail(s);
}

// --- dispatch ---------------------------------------------------------------

struct Command {
  const CommandSpec* spec;
  std::function<int(const ParsedArgs&)> run;
  bool takes_words = false;  // words besides the options (a file, a name, a verb)
};

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {&kInitSpec, RunInit},
      {&kAppendSpec, RunAppend},
      {&kVerifySpec, RunVerify},
      {&kHeadSpec, RunHead},
      {&kLogSpec, RunLog},
      {&kDemoSpec, RunDemo},
      {&kKeygenSpec, RunKeygen},
      {&kCheckpointSpec, RunCheckpoint},
      {&kCheckpointsSpec, RunCheckpoints},
      {&kProveSpec, RunProve},
      {&kVerifyProofSpec, RunVerifyProof, true},
      {&kExportSpec, RunExport},
      {&kUserSpec, RunUser, true},
      {&kImportSpec, RunImport, true},
      {&kReportSpec, RunReport, true},
      {&kBackupSpec, RunBackup, true},
  };
  return kCommands;
}

std::string TopHelp() {
  std::string out =
      "aidledger: the append-only, verifiable books of a volunteer service team.\n\n"
      "usage: aidledger COMMAND [options]     (aidledger COMMAND --help for its options)\n\n"
      "commands:\n";
  for (const auto& c : Commands()) {
    std::string name = "  " + c.spec->name;
    name.resize(16, ' ');
    out += name + c.spec->summary.substr(0, c.spec->summary.find('\n')) + "\n";
  }
  out += "  serve           serve the books over HTTP (aidledger serve --help)\n";
  out += "  version         print the version\n";
  return out;
}

}  // namespace

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << TopHelp();
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "serve") return RunServe(argc - 1, argv + 1);
  if (args[0] == "version" || args[0] == "--version") {
    std::cout << "aidledger " << AIDLEDGER_VERSION << " (ledger format " << kFormatVersion << ")\n";
    return kExitOk;
  }
  for (const auto& c : Commands()) {
    if (c.spec->name != args[0]) continue;
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& r : rest) {
      if (r == "--help" || r == "-h") {
        std::cout << HelpText(*c.spec);
        return kExitOk;
      }
    }
    std::string error;
    auto parsed = Parse(*c.spec, rest, &error);
    if (!parsed) {
      std::cerr << "aidledger " << c.spec->name << ": " << error << "\n";
      return kExitUsage;
    }
    if (!parsed->positional().empty() && !c.takes_words) {
      std::cerr << "aidledger " << c.spec->name << ": unexpected argument '"
                << parsed->positional().front() << "'\n";
      return kExitUsage;
    }
    return c.run(*parsed);
  }
  std::cerr << "aidledger: unknown command '" << args[0] << "'\n\n" << TopHelp();
  return kExitUsage;
}

}  // namespace aidledger::cli

int main(int argc, char** argv) { return aidledger::cli::Main(argc, argv); }
