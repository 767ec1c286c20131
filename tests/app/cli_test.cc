// The aidledger command line, run as a real process.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "ledger/base/canonical_json.h"
#include "ledger/chain/entry.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::BinaryPath;
using testing::RawDb;
using testing::SourcePath;
using testing::TempDir;

struct ProcessResult {
  int exit_code;
  std::string out;  // stdout and stderr
};

ProcessResult Sh(const std::string& command) {
  ProcessResult r{-1, {}};
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

ProcessResult Cli(const std::string& args) { return Sh(BinaryPath("app/aidledger") + " " + args); }

ProcessResult PythonVerify(const std::string& db) {
  return Sh(std::string(AIDLEDGER_PYTHON) + " " + SourcePath("tests/independent/verify_ledger.py") +
            " " + db);
}

TEST(CliTest, HelpDescribesEveryCommandAndOption) {
  const ProcessResult top = Cli("--help");
  EXPECT_EQ(top.exit_code, 0);
  for (const char* cmd : {"init", "append", "verify", "head", "log", "demo"}) {
    EXPECT_NE(top.out.find(std::string("  ") + cmd), std::string::npos) << cmd;
    const ProcessResult help = Cli(std::string(cmd) + " --help");
    EXPECT_EQ(help.exit_code, 0) << cmd;
    EXPECT_NE(help.out.find("usage: aidledger " + std::string(cmd)), std::string::npos);
    EXPECT_NE(help.out.find("--db FILE"), std::string::npos) << cmd;
  }
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Cli("").exit_code, 2);
  EXPECT_EQ(Cli("frobnicate").exit_code, 2);
  EXPECT_EQ(Cli("verify --no-such-option").exit_code, 2);
  EXPECT_EQ(Cli("verify --db").exit_code, 2);
  EXPECT_EQ(Cli("verify stray").exit_code, 2);
  // A number with trailing text, or beyond 64 bits, is not read as a prefix.
  EXPECT_EQ(Cli("log --from 1x").exit_code, 2);
  EXPECT_EQ(Cli("log --limit 99999999999999999999").exit_code, 2);
  EXPECT_EQ(Cli("demo --year 2026x").exit_code, 2);
}

TEST(CliTest, DemoBuildsALedgerThatBothVerifiersAccept) {
  TempDir dir;
  const std::string db = dir.File("data/demo.db");
  const ProcessResult demo = Cli("demo --db " + db);
  ASSERT_EQ(demo.exit_code, 0) << demo.out;
  EXPECT_NE(demo.out.find("aid given out ¥876,000.00"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("(70 students)"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("verify ok: "), std::string::npos) << demo.out;
  // Keys were made on first use, readable by their owner only.
  for (const char* key : {"data/keys/checkpoint.key", "data/keys/vault.key"}) {
    struct stat st {};
    ASSERT_EQ(::stat(dir.File(key).c_str(), &st), 0) << key;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << key;
  }
  // The vault's records match their commitments in the chain.
  const ProcessResult vault =
      Cli("verify --db " + db + " --vault-key " + dir.File("data/keys/vault.key"));
  EXPECT_EQ(vault.exit_code, 0) << vault.out;

  const ProcessResult verify = Cli("verify --json --db " + db);
  ASSERT_EQ(verify.exit_code, 0) << verify.out;
  auto report = ParseJson(verify.out);
  ASSERT_TRUE(report.ok()) << verify.out;
  EXPECT_TRUE(report->as_object().Find("ok")->as_bool());
  EXPECT_GT(report->as_object().Find("size")->as_int(), 1000);
  const std::string head = report->as_object().Find("head")->as_string();

  const ProcessResult py = PythonVerify(db);
  EXPECT_EQ(py.exit_code, 0) << py.out;
  EXPECT_NE(py.out.find(head), std::string::npos) << "the Python verifier computed another head";
}

TEST(CliTest, ReportsPrintTheDemoYearInEveryFormatSayingWhichLedgerStateTheyCover) {
  TempDir dir;
  const std::string db = dir.File("data/demo.db");
  ASSERT_EQ(Cli("demo --db " + db).exit_code, 0);
  const ProcessResult annual = Cli("report annual-summary --year 2025 --db " + db);
  ASSERT_EQ(annual.exit_code, 0) << annual.out;
  auto json = ParseJson(annual.out);
  ASSERT_TRUE(json.ok()) << annual.out;
  const Object& basis = json->as_object().Find("basis")->as_object();
  const ProcessResult head = Cli("verify --json --db " + db);
  EXPECT_NE(head.out.find(basis.Find("head_hash")->as_string()), std::string::npos);
  EXPECT_NE(annual.out.find(R"("amount":"876000.00")"), std::string::npos) << annual.out;
  const std::string csv_path = dir.File("fund.csv");
  const ProcessResult csv =
      Cli("report fund-statement --from 2025-01-01 --to 2025-12-31 --format "
          "csv --out " +
          csv_path + " --db " + db);
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  const ProcessResult bom = Sh("head -c 3 " + csv_path + " | od -An -tx1");
  EXPECT_NE(bom.out.find("ef bb bf"), std::string::npos) << bom.out;
  const ProcessResult html =
      Cli("report corrections --from 2025-01-01 --to 2025-12-31 --format "
          "html --db " +
          db);
  ASSERT_EQ(html.exit_code, 0);
  EXPECT_NE(html.out.find("更正说明"), std::string::npos);
  EXPECT_EQ(Cli("report no-such --db " + db).exit_code, 2);
  EXPECT_EQ(Cli("report fund-statement --from 2025-02-30 --db " + db).exit_code, 1);
}

TEST(CliTest, AReportsDefaultEndIsTodayInTheLedgersTimeZone) {
  // 26 hours apart: the two calendars never show the same date.
  TempDir dir;
  const std::string db = dir.File("l.db");
  ASSERT_EQ(Cli("init --time-zone Etc/GMT-14 --db " + db).exit_code, 0);  // UTC+14
  const std::string before = testing::DateAtUtcOffset(14);
  const ProcessResult r =
      Sh("TZ=Etc/GMT+12 " + BinaryPath("app/aidledger") + " report fund-statement --db " + db);
  const std::string after = testing::DateAtUtcOffset(14);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto json = ParseJson(r.out);
  ASSERT_TRUE(json.ok()) << r.out;
  const std::string to = json->as_object().Find("params")->as_object().Find("to")->as_string();
  EXPECT_TRUE(to == before || to == after) << to << "; at UTC+14 it is " << before;
}

TEST(CliTest, BackupWritesAVerifiedCopyAndNeverOverwrites) {
  TempDir dir;
  const std::string db = dir.File("data/demo.db");
  ASSERT_EQ(Cli("demo --db " + db).exit_code, 0);
  const std::string copy = dir.File("backup.db");
  const ProcessResult backup = Cli("backup " + copy + " --db " + db);
  ASSERT_EQ(backup.exit_code, 0) << backup.out;
  EXPECT_NE(backup.out.find("verified"), std::string::npos) << backup.out;
  EXPECT_EQ(Cli("verify --db " + copy).exit_code, 0);
  const ProcessResult again = Cli("backup " + copy + " --db " + db);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("exists"), std::string::npos) << again.out;
  EXPECT_EQ(Cli("backup --db " + db).exit_code, 2);
}

TEST(CliTest, LogPrintsCanonicalEntriesWithTheirHashes) {
  TempDir dir;
  const std::string db = dir.File("l.db");
  ASSERT_EQ(Cli("demo --db " + db).exit_code, 0);
  const ProcessResult log = Cli("log --from 2 --limit 2 --db " + db);
  ASSERT_EQ(log.exit_code, 0);
  size_t lines = 0, start = 0;
  while (start < log.out.size()) {
    const size_t end = log.out.find('\n', start);
    const std::string line = log.out.substr(start, end - start);
    start = end + 1;
    auto v = ParseJson(line);
    ASSERT_TRUE(v.ok()) << line;
    const Value& entry = *v->as_object().Find("entry");
    const std::string bytes = EncodeCanonical(entry);
    EXPECT_EQ(ToHex(HashEntryBytes(bytes)), v->as_object().Find("hash")->as_string());
    EXPECT_EQ(entry.as_object().Find("seq")->as_int(), static_cast<int64_t>(lines + 2));
    ++lines;
  }
  EXPECT_EQ(lines, 2u);
}

TEST(CliTest, VerifyExitsOneAndNamesTheTamperedEntry) {
  TempDir dir;
  const std::string db = dir.File("t.db");
  ASSERT_EQ(Cli("demo --db " + db).exit_code, 0);
  {
    RawDb raw(db);
    raw.DropAllTriggers();
    raw.Exec("DELETE FROM entries WHERE seq = 3");
  }
  const ProcessResult human = Cli("verify --db " + db);
  EXPECT_EQ(human.exit_code, 1);
  EXPECT_NE(human.out.find("FAILED at entry 3: gap"), std::string::npos) << human.out;
  const ProcessResult json = Cli("verify --json --db " + db);
  EXPECT_EQ(json.exit_code, 1);
  auto v = ParseJson(json.out);
  ASSERT_TRUE(v.ok()) << json.out;
  const Object& err = v->as_object().Find("error")->as_object();
  EXPECT_EQ(err.Find("code")->as_string(), "gap");
  EXPECT_EQ(err.Find("seq")->as_int(), 3);
  const ProcessResult py = PythonVerify(db);
  EXPECT_EQ(py.exit_code, 1);
  EXPECT_NE(py.out.find("FAILED at entry 3: gap"), std::string::npos) << py.out;
}

TEST(CliTest, AppendRefusesFractionalMoneyAndWritesNothing) {
  TempDir dir;
  const std::string db = dir.File("a.db");
  ASSERT_EQ(Cli("init --db " + db).exit_code, 0);
  const ProcessResult bad = Cli("append --db " + db +
                                " --kind donation.recorded --actor u1 --role treasurer --payload "
                                "'{\"amount\":{\"currency\":\"CNY\",\"minor\":12.5}}'");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("fraction"), std::string::npos) << bad.out;
  // A kind of the books keeps their rules: this gift names no fund, date or receipt.
  const ProcessResult unruly =
      Cli("append --db " + db +
          " --kind donation.recorded --actor u1 --role treasurer "
          "--payload '{\"amount\":{\"currency\":\"CNY\",\"minor\":1250}}'");
  EXPECT_EQ(unruly.exit_code, 1);
  EXPECT_NE(unruly.out.find("expects exactly the members"), std::string::npos) << unruly.out;
  const ProcessResult good =
      Cli("append --db " + db +
          " --kind fund.opened --actor u1 --role treasurer --payload "
          "'{\"code\":\"GENERAL\",\"name_en\":\"General\",\"name_zh\":"
          "\"非限定性\",\"purpose\":\"\",\"restricted\":false,\"serves\":[]}'");
  EXPECT_EQ(good.exit_code, 0) << good.out;
  EXPECT_NE(good.out.find("appended entry 2"), std::string::npos);
  const ProcessResult head = Cli("head --db " + db);
  EXPECT_EQ(head.out.substr(0, 2), "2 ");
  // The configurable policy: a checkpoint once 2 entries arrived since the last.
  const std::string append =
      "append --db " + db + " --kind note.added --actor u1 --role admin --checkpoint-every 2";
  // init signed size 1; entries 2 and 3 make two since then.
  EXPECT_NE(Cli(append).out.find("signed checkpoint of size 3"), std::string::npos);
  EXPECT_EQ(Cli(append).out.find("signed checkpoint"), std::string::npos);
  EXPECT_NE(Cli(append).out.find("signed checkpoint of size 5"), std::string::npos);
}

ProcessResult PythonTool(const std::string& args) {
  return Sh(std::string(AIDLEDGER_PYTHON) + " " + SourcePath("tests/independent/verify_ledger.py") +
            " " + args);
}

// The C++ code and the independent Python verifier (written from the format
// document) must agree on exports, checkpoints and proof bundles.
TEST(CliTest, ExportsCheckpointsAndBundlesVerifyInBothImplementations) {
  TempDir dir;
  const std::string db = dir.File("data/l.db");
  const std::string pub = dir.File("data/keys/checkpoint.key.pub");
  ASSERT_EQ(Cli("demo --db " + db).exit_code, 0);
  ASSERT_EQ(Cli("demo --db " + db).exit_code, 0);  // verified only: 12 checkpoints
  const ProcessResult witness = Cli("checkpoints --db " + db);
  ASSERT_EQ(witness.exit_code, 0);
  testing::WriteFile(dir.File("witness.txt"), witness.out);
  ASSERT_EQ(Cli("export --db " + db + " --out " + dir.File("e.jsonl")).exit_code, 0);
  ASSERT_EQ(Cli("prove --db " + db + " --seq 3 --out " + dir.File("incl.json")).exit_code, 0);
  ASSERT_EQ(Cli("prove --db " + db + " --from 1 --to 2 --out " + dir.File("cons.json")).exit_code,
            0);

  const std::string anchors = " --keys " + pub + " --trusted " + dir.File("witness.txt");
  const ProcessResult cpp = Cli("verify --export " + dir.File("e.jsonl") + anchors);
  EXPECT_EQ(cpp.exit_code, 0) << cpp.out;
  EXPECT_NE(cpp.out.find("checkpoints verified: 12, trusted checkpoints matched: 12"),
            std::string::npos)
      << cpp.out;
  const ProcessResult py = PythonTool("--export " + dir.File("e.jsonl") + anchors);
  EXPECT_EQ(py.exit_code, 0) << py.out;
  EXPECT_EQ(Cli("verify --db " + db + anchors).exit_code, 0);
  for (const char* bundle : {"incl.json", "cons.json"}) {
    const ProcessResult c =
        Cli(std::string("verify-proof ") + dir.File(bundle) + " --pubkey " + pub);
    EXPECT_EQ(c.exit_code, 0) << c.out;
    const ProcessResult p = PythonTool("--bundle " + dir.File(bundle) + " --pubkey " + pub);
    EXPECT_EQ(p.exit_code, 0) << p.out;
  }

  // A tampered bundle: both refuse it.
  std::string text = testing::ReadFile(dir.File("incl.json"));
  const size_t at = text.find("\"proof\":[\"") + 10;
  text[at] = text[at] == 'A' ? 'B' : 'A';
  testing::WriteFile(dir.File("bad.json"), text);
  const ProcessResult bad_cpp = Cli("verify-proof " + dir.File("bad.json") + " --pubkey " + pub);
  EXPECT_EQ(bad_cpp.exit_code, 1) << bad_cpp.out;
  EXPECT_NE(bad_cpp.out.find("REFUSED"), std::string::npos);
  EXPECT_EQ(PythonTool("--bundle " + dir.File("bad.json") + " --pubkey " + pub).exit_code, 1);

  // A rolled-back database against the witness: both refuse it.
  {
    RawDb raw(db);
    raw.DropAllTriggers();
    raw.Exec(
        "DELETE FROM checkpoints; DELETE FROM entries WHERE seq > 5;"
        "UPDATE head SET size = 5, hash = (SELECT hash FROM entries WHERE seq = 5), "
        "recorded_at = (SELECT json_extract(CAST(canonical AS TEXT), '$.recorded_at') "
        "FROM entries WHERE seq = 5)");
  }
  const ProcessResult rolled = Cli("verify --json --db " + db + anchors);
  EXPECT_EQ(rolled.exit_code, 1) << rolled.out;
  EXPECT_NE(rolled.out.find("witness_mismatch"), std::string::npos) << rolled.out;
  ASSERT_EQ(Cli("export --db " + db + " --out " + dir.File("rolled.jsonl")).exit_code, 0);
  const ProcessResult py_rolled = PythonTool("--export " + dir.File("rolled.jsonl") + anchors);
  EXPECT_EQ(py_rolled.exit_code, 1) << py_rolled.out;
  EXPECT_NE(py_rolled.out.find("witness_mismatch"), std::string::npos) << py_rolled.out;
}

// An export and a bundle are exactly as strict as the format document:
// canonical lines with exactly their members, one line feed each, a header
// that agrees with what follows. Both verifiers refuse each deviation.
TEST(CliTest, ExportsAndBundlesAreReadStrictlyByBothVerifiers) {
  TempDir dir;
  const std::string db = dir.File("l.db");
  const std::string pub = dir.File("keys/checkpoint.key.pub");
  ASSERT_EQ(Cli("init --db " + db).exit_code, 0);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(Cli("append --db " + db + " --kind note.added --actor u1 --role admin").exit_code, 0);
  }
  ASSERT_EQ(Cli("checkpoint --db " + db).exit_code, 0);
  ASSERT_EQ(Cli("export --db " + db + " --out " + dir.File("e.jsonl")).exit_code, 0);
  ASSERT_EQ(Cli("prove --db " + db + " --seq 2 --out " + dir.File("b.json")).exit_code, 0);
  const std::string good = testing::ReadFile(dir.File("e.jsonl"));
  ASSERT_EQ(Cli("verify --export " + dir.File("e.jsonl")).exit_code, 0);
  ASSERT_EQ(PythonTool("--export " + dir.File("e.jsonl")).exit_code, 0);

  std::vector<std::string> lines;
  for (size_t at = 0; at < good.size();) {
    const size_t end = good.find('\n', at);
    lines.push_back(good.substr(at, end - at));
    at = end + 1;
  }
  const auto join = [](const std::vector<std::string>& ls, const std::string& eol) {
    std::string out;
    for (const auto& l : ls) out += l + eol;
    return out;
  };
  const auto replaced = [&](size_t i, const std::string& line) {
    std::vector<std::string> ls = lines;
    ls[i] = line;
    return join(ls, "\n");
  };
  std::string other_id = lines[0];
  const size_t id_at = other_id.find("\"ledger_id\":\"") + 13;
  other_id[id_at] = other_id[id_at] == 'a' ? 'b' : 'a';
  size_t checkpoint_line = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("{\"checkpoint\"", 0) == 0) checkpoint_line = i;
  }
  ASSERT_GT(checkpoint_line, 0u);
  std::vector<std::string> dropped = lines;
  dropped.erase(dropped.begin() + static_cast<std::ptrdiff_t>(checkpoint_line));
  const std::string last = lines.back();
  struct Case {
    std::string name, text, code;
  };
  for (const Case& c : std::vector<Case>{
           {"crlf", join(lines, "\r\n"), "malformed_line"},
           {"spaces", replaced(1, " " + lines[1]), "malformed_line"},
           {"extra member",
            replaced(lines.size() - 1, last.substr(0, last.size() - 1) + ",\"z\":1}"),
            "malformed_line"},
           {"no final line feed", good.substr(0, good.size() - 1), "malformed_line"},
           {"another ledger's header", replaced(0, other_id), "header_mismatch"},
           {"a dropped checkpoint", join(dropped, "\n"), "header_mismatch"},
       }) {
    SCOPED_TRACE(c.name);
    testing::WriteFile(dir.File("bad.jsonl"), c.text);
    const ProcessResult cpp = Cli("verify --json --export " + dir.File("bad.jsonl"));
    EXPECT_EQ(cpp.exit_code, 1) << cpp.out;
    EXPECT_NE(cpp.out.find("\"code\":\"" + c.code + "\""), std::string::npos) << cpp.out;
    const ProcessResult py = PythonTool("--export " + dir.File("bad.jsonl"));
    EXPECT_EQ(py.exit_code, 1) << py.out;
    EXPECT_NE(py.out.find(c.code), std::string::npos) << py.out;
  }

  const std::string bundle = testing::ReadFile(dir.File("b.json"));
  ASSERT_EQ(Cli("verify-proof " + dir.File("b.json") + " --pubkey " + pub).exit_code, 0);
  for (const std::string& bad :
       {"{\n  " + bundle.substr(1), bundle.substr(0, bundle.rfind('}')) + ",\"z\":1}\n",
        bundle + "\n"}) {
    testing::WriteFile(dir.File("bad.json"), bad);
    EXPECT_EQ(Cli("verify-proof " + dir.File("bad.json") + " --pubkey " + pub).exit_code, 1) << bad;
    EXPECT_EQ(PythonTool("--bundle " + dir.File("bad.json") + " --pubkey " + pub).exit_code, 1)
        << bad;
  }
}

// Rotation: checkpoints name their key; verify takes the set of trusted keys.
TEST(CliTest, RotatedKeysVerifyWhenBothAreTrustedAndNotOtherwise) {
  TempDir dir;
  const std::string db = dir.File("l.db");
  ASSERT_EQ(Cli("demo --db " + db).exit_code, 0);
  const std::string old_pub = dir.File("keys/checkpoint.key.pub");
  const ProcessResult gen = Cli("keygen --out " + dir.File("new.key") + " --name rotated-key");
  ASSERT_EQ(gen.exit_code, 0) << gen.out;
  EXPECT_EQ(Cli("keygen --out " + dir.File("new.key") + " --name x").exit_code, 1);
  ASSERT_EQ(Cli("checkpoint --db " + db + " --key " + dir.File("new.key")).exit_code, 0);
  testing::WriteFile(dir.File("both.pub"),
                     testing::ReadFile(old_pub) + testing::ReadFile(dir.File("new.key.pub")));
  EXPECT_EQ(Cli("verify --db " + db + " --keys " + dir.File("both.pub")).exit_code, 0);
  const ProcessResult only_old = Cli("verify --db " + db + " --keys " + old_pub);
  EXPECT_EQ(only_old.exit_code, 1);
  EXPECT_NE(only_old.out.find("bad_checkpoint"), std::string::npos) << only_old.out;
}

// Without --keys or --trusted the keys come from the file being checked: the
// output says so, --require-anchor makes it a failure, and an empty witness
// file is a usage error rather than a silent pass.
TEST(CliTest, VerifySaysWhatItWasAnchoredTo) {
  TempDir dir;
  const std::string db = dir.File("l.db");
  ASSERT_EQ(Cli("init --db " + db).exit_code, 0);
  const std::string pub = dir.File("keys/checkpoint.key.pub");

  const ProcessResult plain = Cli("verify --db " + db);
  EXPECT_EQ(plain.exit_code, 0) << plain.out;
  EXPECT_NE(plain.out.find("internal consistency only"), std::string::npos) << plain.out;
  const ProcessResult json = Cli("verify --json --db " + db);
  auto v = ParseJson(json.out);
  ASSERT_TRUE(v.ok()) << json.out;
  EXPECT_FALSE(v->as_object().Find("anchored")->as_bool());
  EXPECT_TRUE(v->as_object().Find("ok")->as_bool());

  const ProcessResult required = Cli("verify --require-anchor --json --db " + db);
  EXPECT_EQ(required.exit_code, 1) << required.out;
  EXPECT_NE(required.out.find("not_anchored"), std::string::npos) << required.out;

  const ProcessResult keyed = Cli("verify --require-anchor --db " + db + " --keys " + pub);
  EXPECT_EQ(keyed.exit_code, 0) << keyed.out;
  EXPECT_NE(keyed.out.find("anchored to: trusted keys"), std::string::npos) << keyed.out;

  testing::WriteFile(dir.File("empty.txt"), "");
  const ProcessResult empty = Cli("verify --db " + db + " --trusted " + dir.File("empty.txt"));
  EXPECT_EQ(empty.exit_code, 2) << empty.out;
  EXPECT_NE(empty.out.find("no checkpoint"), std::string::npos) << empty.out;
}

// An auditor's copy on read-only media (here a tmpfs remounted read-only):
// every read-only command opens it as it is.
TEST(CliTest, ReadOnlyCommandsOpenALedgerOnReadOnlyMedia) {
  TempDir dir;
  const std::string mnt = dir.File("media");
  std::filesystem::create_directories(mnt);
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=16m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
  }
  struct Unmount {
    std::string at;
    ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
  } unmount{mnt};
  const std::string db = mnt + "/copy.db";
  ASSERT_EQ(Cli("init --db " + db).exit_code, 0);
  ASSERT_EQ(Cli("append --db " + db +
                " --kind fund.opened --actor u1 --role treasurer --payload "
                "'{\"code\":\"GENERAL\",\"name_en\":\"General\",\"name_zh\":"
                "\"非限定性\",\"purpose\":\"\",\"restricted\":false,\"serves\":[]}'")
                .exit_code,
            0);
  ASSERT_EQ(Cli("checkpoint --db " + db).exit_code, 0);
  ASSERT_EQ(::mount("tmpfs", mnt.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=16m"), 0)
      << std::strerror(errno);
  EXPECT_NE(::access(mnt.c_str(), W_OK), 0);
  for (const std::string& command :
       {"verify --db " + db, "head --db " + db, "export --db " + db,
        "report fund-statement --from 2026-01-01 --to 2026-12-31 --db " + db,
        "checkpoints --db " + db, "log --db " + db}) {
    const ProcessResult r = Cli(command);
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.out;
  }
  EXPECT_NE(Cli("verify --db " + db).out.find("ok: 2 entries"), std::string::npos);
}

// A new ledger's currency is one this build can parse amounts in, and its
// time zone is in the machine's IANA database: a typo there would set every
// business date and period of the ledger for ever.
TEST(CliTest, InitRefusesAnUnknownCurrencyOrTimeZone) {
  TempDir dir;
  const ProcessResult currency = Cli("init --db " + dir.File("a.db") + " --currency XYZ");
  EXPECT_EQ(currency.exit_code, 1) << currency.out;
  EXPECT_NE(currency.out.find("ISO 4217"), std::string::npos) << currency.out;
  const ProcessResult zone = Cli("init --db " + dir.File("b.db") + " --time-zone Asia/Shanghi");
  EXPECT_EQ(zone.exit_code, 1) << zone.out;
  EXPECT_NE(zone.out.find("time_zone"), std::string::npos) << zone.out;
  EXPECT_FALSE(std::filesystem::exists(dir.File("a.db")));
  EXPECT_FALSE(std::filesystem::exists(dir.File("b.db")));
  EXPECT_EQ(
      Cli("init --db " + dir.File("c.db") + " --currency USD --time-zone Europe/Berlin").exit_code,
      0);
}

TEST(CliTest, InitRefusesToOverwriteALedger) {
  TempDir dir;
  const std::string db = dir.File("i.db");
  ASSERT_EQ(Cli("init --db " + db).exit_code, 0);
  const ProcessResult again = Cli("init --db " + db);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("already_exists"), std::string::npos);
}

}  // namespace
}  // namespace aidledger
