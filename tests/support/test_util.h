// Helpers shared by the tests: temporary folders, files, the test vectors,
// a controllable clock, and raw SQLite access for tamper tests.
#ifndef AIDLEDGER_TESTS_SUPPORT_TEST_UTIL_H_
#define AIDLEDGER_TESTS_SUPPORT_TEST_UTIL_H_

#include <sqlite3.h>

#include <atomic>
#include <string>
#include <vector>

#include "ledger/base/json_value.h"
#include "ledger/base/timestamp.h"
#include "ledger/store/verify.h"

namespace aidledger::testing {

// A fresh folder under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);
std::vector<uint8_t> FromHex(const std::string& hex);
std::string BytesFromHex(const std::string& hex);

// tests/vectors/ledger-v1.json, parsed.
const Value& LedgerVectors();

// Returns the time it is set to; Advance moves it. Thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(MicrosSinceEpoch start) : now_(start) {}
  MicrosSinceEpoch Now() override { return now_.load(); }
  void Set(MicrosSinceEpoch t) { now_.store(t); }
  void Advance(int64_t micros) { now_.fetch_add(micros); }

 private:
  std::atomic<MicrosSinceEpoch> now_;
};

// A raw connection for tampering with a ledger file as an attacker would.
class RawDb {
 public:
  explicit RawDb(const std::string& path);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  // Runs SQL; fails the current test on error.
  void Exec(const std::string& sql);
  // Runs SQL; returns SQLite's error message, or "" on success.
  std::string TryExec(const std::string& sql);
  // Runs one statement with blob/text/int parameters bound in order.
  void ExecBound(const std::string& sql, const std::vector<std::string>& blobs);
  std::string QueryBlob(const std::string& sql);
  void DropAllTriggers();

 private:
  sqlite3* db_ = nullptr;
};

// Copies a closed ledger file (no -wal) to a new path.
void CopyFile(const std::string& from, const std::string& to);

// Today's date ("YYYY-MM-DD") `hours` east of UTC, by the system clock.
std::string DateAtUtcOffset(int hours);

// Path of a binary built beside the tests (set by CMake).
std::string BinaryPath(const std::string& name);
std::string SourcePath(const std::string& relative);

// Verify without the replay of the books' rules: for ledgers of synthetic
// entries that test the chain, not the books.
VerifyReport VerifyChain(const std::string& path, VerifyOptions options = {});

}  // namespace aidledger::testing

#endif  // AIDLEDGER_TESTS_SUPPORT_TEST_UTIL_H_
