#include "tests/support/test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "ledger/base/canonical_json.h"

namespace aidledger::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base != nullptr ? base : "/tmp") + "/aidledger-test-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) std::abort();
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

std::vector<uint8_t> FromHex(const std::string& hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string BytesFromHex(const std::string& hex) {
  auto b = FromHex(hex);
  return std::string(b.begin(), b.end());
}

const Value& LedgerVectors() {
  static const Value kVectors = [] {
    auto parsed = ParseJson(ReadFile(SourcePath("tests/vectors/ledger-v1.json")));
    if (!parsed.ok()) {
      ADD_FAILURE() << "cannot read the vectors: " << parsed.status().ToString();
      return Value(Object{});
    }
    return std::move(parsed).value();
  }();
  return kVectors;
}

RawDb::RawDb(const std::string& path) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) ADD_FAILURE() << "open " << path;
}

RawDb::~RawDb() { sqlite3_close(db_); }

void RawDb::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    ADD_FAILURE() << "SQL failed: " << (err ? err : "?") << "\n" << sql;
    sqlite3_free(err);
  }
}

std::string RawDb::TryExec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return {};
  std::string msg = err != nullptr ? err : "error";
  sqlite3_free(err);
  return msg;
}

void RawDb::ExecBound(const std::string& sql, const std::vector<std::string>& blobs) {
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
  for (size_t i = 0; i < blobs.size(); ++i) {
    sqlite3_bind_blob(st, static_cast<int>(i + 1), blobs[i].data(),
                      static_cast<int>(blobs[i].size()), SQLITE_TRANSIENT);
  }
  EXPECT_EQ(sqlite3_step(st), SQLITE_DONE) << sqlite3_errmsg(db_) << "\n" << sql;
  sqlite3_finalize(st);
}

std::string RawDb::QueryBlob(const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql;
    return out;
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    out.assign(static_cast<const char*>(sqlite3_column_blob(st, 0)),
               static_cast<size_t>(sqlite3_column_bytes(st, 0)));
  }
  sqlite3_finalize(st);
  return out;
}

void RawDb::DropAllTriggers() {
  // Every trigger the schema made, whatever its name: what an attacker with
  // the file would do first.
  std::vector<std::string> names;
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db_, "SELECT name FROM sqlite_schema WHERE type = 'trigger'", -1, &q,
                               nullptr),
            SQLITE_OK);
  while (sqlite3_step(q) == SQLITE_ROW) {
    names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
  }
  sqlite3_finalize(q);
  ASSERT_GE(names.size(), 9u);
  for (const std::string& t : names) Exec("DROP TRIGGER " + t);
}

void CopyFile(const std::string& from, const std::string& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

std::string BinaryPath(const std::string& name) {
  return std::string(AIDLEDGER_BINARY_DIR) + "/" + name;
}

std::string DateAtUtcOffset(int hours) {
  const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(hours) * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string SourcePath(const std::string& relative) {
  return std::string(AIDLEDGER_SOURCE_DIR) + "/" + relative;
}

VerifyReport VerifyChain(const std::string& path, VerifyOptions options) {
  options.books_replay = nullptr;  // the chain's rules alone
  return VerifyDatabase(path, options);
}

}  // namespace aidledger::testing
