// aidledger: the command-line entry point. Each subcommand is a function of
// its parsed options returning the process exit code:
//   0 success, 1 the operation failed (or verify found a problem), 2 usage.
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli_args.h"
#include "ledger/canonical_json.h"
#include "ledger/ledger_reader.h"
#include "ledger/ledger_store.h"
#include "ledger/verify.h"

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

// Creates the parent folder of `path` (mode 0700) if it is missing.
Status EnsureParentDir(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return Status::Ok();
  const std::string dir = path.substr(0, slash);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return IoError("create folder " + dir + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

std::string FailureJson(const VerifyReport& r) {
  Object o{{"ok", r.ok}, {"size", r.size}};
  if (r.ok) {
    o.Set("head", ToHex(r.head_hash));
    o.Set("ledger_id", r.ledger_id);
  } else if (r.failure) {
    o.Set("error", Object{{"code", std::string(VerifyErrorName(r.failure->error))},
                          {"seq", r.failure->seq},
                          {"detail", r.failure->detail}});
  }
  return EncodeCanonical(Value(std::move(o)));
}

// --- init -------------------------------------------------------------------

const CommandSpec kInitSpec{
    "init",
    "Create a new ledger file with its genesis entry.",
    "[--db FILE] [--name NAME] [--currency CODE] [--time-zone TZ]",
    {DbOption(),
     {"name", "NAME", "the team's name, recorded in the genesis entry", "aidledger"},
     {"currency", "CODE", "default ISO 4217 currency", "CNY"},
     {"time-zone", "TZ", "time zone of business dates and periods", "Asia/Shanghai"}}};

int RunInit(const ParsedArgs& a) {
  const std::string path = a.Get("db");
  if (Status s = EnsureParentDir(path); !s.ok()) return Fail(s);
  GenesisParams p{NewLedgerId(), a.Get("name"), a.Get("currency"), a.Get("time-zone")};
  auto store = LedgerStore::Create(path, p);
  if (!store.ok()) return Fail(store.status());
  auto head = (*store)->GetHead();
  if (!head.ok()) return Fail(head.status());
  std::cout << "created ledger " << p.ledger_id << " at " << path << "\nhead: size "
            << head->size << " hash " << ToHex(head->hash) << "\n";
  return kExitOk;
}

// --- append -----------------------------------------------------------------

const CommandSpec kAppendSpec{
    "append",
    "Append one entry (an operator's tool; the service records the books' entries).",
    "--kind KIND --actor ID --role ROLE --payload JSON [--db FILE]",
    {DbOption(),
     {"kind", "KIND", "entry kind, e.g. donation.recorded", ""},
     {"actor", "ID", "who records it", ""},
     {"role", "ROLE", "the role they act in", ""},
     {"payload", "JSON", "the payload object (integers only, no fractions)", "{}"}}};

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
  auto r = (*store)->Append(d);
  if (!r.ok()) return Fail(r.status());
  std::cout << "appended entry " << r->seq << " hash " << ToHex(r->hash) << "\n";
  return kExitOk;
}

// --- verify -----------------------------------------------------------------

const CommandSpec kVerifySpec{
    "verify",
    "Re-check the whole ledger: every hash and link, the genesis, gap-free sequence, every\n"
    "derived column and index, and the stored head. Exits 1 naming the first bad entry.",
    "[--db FILE] [--json]",
    {DbOption(), {"json", "", "print the result as one JSON object", ""}}};

int RunVerify(const ParsedArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  const VerifyReport r = VerifyDatabase(a.Get("db"));
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (a.Has("json")) {
    std::cout << FailureJson(r) << "\n";
  } else if (r.ok) {
    std::cout << "ok: " << r.size << " entries verified in " << secs << " s\nledger " << r.ledger_id
              << "\nhead " << r.size << " " << ToHex(r.head_hash) << "\n";
  } else {
    std::cout << "FAILED at entry " << r.failure->seq << ": "
              << VerifyErrorName(r.failure->error) << ": " << r.failure->detail << "\n";
  }
  return r.ok ? kExitOk : kExitFailed;
}

// --- head / log -------------------------------------------------------------

const CommandSpec kHeadSpec{"head", "Print the ledger's size and head hash (not verified).",
                            "[--db FILE]", {DbOption()}};

int RunHead(const ParsedArgs& a) {
  auto reader = SqliteLedgerReader::Open(a.Get("db"));
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
  char* end = nullptr;
  const long long from = std::strtoll(a.Get("from").c_str(), &end, 10);
  const long long limit = std::strtoll(a.Get("limit").c_str(), &end, 10);
  if (from < 1 || limit < 1) {
    std::cerr << "aidledger log: --from and --limit take positive integers\n";
    return kExitUsage;
  }
  auto reader = SqliteLedgerReader::Open(a.Get("db"));
  if (!reader.ok()) return Fail(reader.status());
  Status s = (*reader)->Scan(from, limit, [](const StoredEntry& e) {
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
    "Create the ledger if it is missing, append a few sample donations, and verify.",
    "[--db FILE]",
    {DbOption()}};

int RunDemo(const ParsedArgs& a) {
  const std::string path = a.Get("db");
  if (Status s = EnsureParentDir(path); !s.ok()) return Fail(s);
  auto opened = LedgerStore::Open(path);
  if (!opened.ok() && opened.status().code() == ErrorCode::kNotFound) {
    opened = LedgerStore::Create(path, GenesisParams{NewLedgerId(), "Love 365 volunteer team"});
  }
  if (!opened.ok()) return Fail(opened.status());
  auto& store = *opened;
  auto money = [](int64_t fen) { return Object{{"currency", "CNY"}, {"minor", fen}}; };
  const std::vector<EntryDraft> drafts = {
      {"donation.recorded", Actor{"treasurer-demo", "treasurer"},
       Object{{"amount", money(125000)}, {"channel", "wechat_pay"}, {"date", "2026-11-20"},
              {"fund", "STUDENT_AID"}, {"memo", "助学金捐款"}}},
      {"donation.recorded", Actor{"treasurer-demo", "treasurer"},
       Object{{"amount", money(300520)}, {"channel", "bank_transfer"}, {"date", "2026-11-21"},
              {"fund", "WINTER_WARMTH"}, {"memo", "冬季送温暖"}}},
      {"donation.recorded", Actor{"treasurer-demo", "treasurer"},
       Object{{"amount", money(50000)}, {"channel", "cash"}, {"date", "2026-11-22"},
              {"fund", "GENERAL"}, {"memo", "anonymous gift"}}},
  };
  for (const auto& d : drafts) {
    auto r = store->Append(d);
    if (!r.ok()) return Fail(r.status());
    std::cout << "appended entry " << r->seq << " (" << d.kind << ") " << ToHex(r->hash) << "\n";
  }
  store.reset();
  const VerifyReport r = VerifyDatabase(path);
  if (!r.ok) {
    std::cout << "verify FAILED at entry " << r.failure->seq << ": " << r.failure->detail << "\n";
    return kExitFailed;
  }
  std::cout << "verify ok: " << r.size << " entries, head " << ToHex(r.head_hash) << "\n"
            << "ledger file: " << path << "\n";
  return kExitOk;
}

// --- dispatch ---------------------------------------------------------------

struct Command {
  const CommandSpec* spec;
  std::function<int(const ParsedArgs&)> run;
};

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {&kInitSpec, RunInit},     {&kAppendSpec, RunAppend}, {&kVerifySpec, RunVerify},
      {&kHeadSpec, RunHead},     {&kLogSpec, RunLog},       {&kDemoSpec, RunDemo},
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
    name.resize(12, ' ');
    out += name + c.spec->summary.substr(0, c.spec->summary.find('\n')) + "\n";
  }
  out += "  version   print the version\n";
  return out;
}

}  // namespace

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << TopHelp();
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "version" || args[0] == "--version") {
    std::cout << "aidledger " << AIDLEDGER_VERSION << " (ledger format " << kFormatVersion
              << ")\n";
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
    if (!parsed->positional().empty()) {
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
