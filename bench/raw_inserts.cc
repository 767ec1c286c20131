// raw_inserts: the baseline of the service's POST benchmark: durable
// single-row inserts into SQLite (WAL, synchronous=FULL, one row of about
// 500 bytes per transaction), as fast as one connection can make them.
//
//   raw_inserts --db=FILE [--seconds=S]
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  std::string path;
  double seconds = 10;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--db=", 5) == 0) path = argv[i] + 5;
    if (std::strncmp(argv[i], "--seconds=", 10) == 0) seconds = std::stod(argv[i] + 10);
  }
  sqlite3* db = nullptr;
  if (path.empty() || sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::fprintf(stderr, "usage: raw_inserts --db=FILE [--seconds=S]\n");
    return 2;
  }
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS t "
               "(id INTEGER PRIMARY KEY, body BLOB NOT NULL);",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t (body) VALUES (?)", -1, &ins, nullptr);
  const std::string body(500, 'x');
  const auto start = std::chrono::steady_clock::now();
  long n = 0;
  double elapsed = 0;
  while (elapsed < seconds) {
    sqlite3_bind_blob(ins, 1, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) return 1;
    sqlite3_reset(ins);
    ++n;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  sqlite3_finalize(ins);
  sqlite3_close(db);
  std::printf("%.0f\n", static_cast<double>(n) / elapsed);
  return 0;
}
