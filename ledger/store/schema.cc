#include "ledger/store/schema.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <string>

#include "ledger/store/sqlite_util.h"

namespace aidledger {

namespace {

struct Migration {
  const char* sql;
  Status (*after)(SQLite::Database&);  // a step SQL cannot express, or null
};

// Each element takes the schema from version i to i + 1. Append only: a
// shipped migration is never edited.
const Migration kMigrations[] = {
    {// 0 -> 1: the append-only chain (with its facts and Merkle nodes), its
     // head, and the checkpoints. STRICT
     // tables: a column holds exactly its declared type (SQLite 3.37+).
     R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- A fork is impossible: seq is the primary key and the entries_extend_head
-- trigger binds each row to the hash of the row before it. (No index on the
-- random 32-byte hashes: it would cost every commit a cold index page.)
CREATE TABLE entries (
  seq         INTEGER PRIMARY KEY CHECK (seq >= 1),
  hash        BLOB NOT NULL CHECK (length(hash) = 32),
  prev_hash   BLOB NOT NULL CHECK (length(prev_hash) = 32),
  canonical   BLOB NOT NULL,
  kind        TEXT NOT NULL,
  -- The entry's fact (ledger/chain/facts.h): a movement of value, for queries by
  -- fund and date. All but counter_fund are NULL together when the entry has
  -- none; counter_fund is a transfer's other fund.
  fund          TEXT,
  counter_fund  TEXT,
  nature        TEXT CHECK (nature IN ('cash', 'goods')),
  currency      TEXT,
  amount_minor  INTEGER,
  business_date TEXT,
  -- The Merkle nodes this entry's append completed (docs/store.md): its leaf
  -- hash, then each parent it closed, 32 bytes each. Kept in the entry's row
  -- so that a commit writes no page for the tree.
  merkle      BLOB NOT NULL CHECK (length(merkle) >= 32 AND length(merkle) % 32 = 0),
  CHECK ((fund IS NULL) = (currency IS NULL) AND (fund IS NULL) = (amount_minor IS NULL) AND
         (fund IS NULL) = (business_date IS NULL) AND (fund IS NULL) = (nature IS NULL) AND
         (fund IS NOT NULL OR counter_fund IS NULL))
) STRICT;

CREATE TABLE head (
  one         INTEGER PRIMARY KEY CHECK (one = 1),
  size        INTEGER NOT NULL,
  hash        BLOB NOT NULL CHECK (length(hash) = 32),
  recorded_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER entries_extend_head BEFORE INSERT ON entries
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM entries)
  OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM entries WHERE seq = NEW.seq - 1),
                                   zeroblob(32))
BEGIN SELECT RAISE(ABORT, 'an entry must extend the head'); END;
CREATE TRIGGER head_no_delete BEFORE DELETE ON head
BEGIN SELECT RAISE(ABORT, 'the head is never deleted'); END;
CREATE TRIGGER head_moves_forward BEFORE UPDATE ON head
WHEN NEW.size <= OLD.size
BEGIN SELECT RAISE(ABORT, 'the head only moves forward'); END;

-- The public keys that signed checkpoints, and the signed checkpoints.
CREATE TABLE signing_keys (
  key_id     TEXT PRIMARY KEY,
  vkey       TEXT NOT NULL UNIQUE,
  added_at   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE checkpoints (
  id        INTEGER PRIMARY KEY,
  size      INTEGER NOT NULL CHECK (size >= 1),
  root      BLOB NOT NULL CHECK (length(root) = 32),
  head_hash BLOB NOT NULL CHECK (length(head_hash) = 32),
  time      TEXT NOT NULL,
  key_id    TEXT NOT NULL REFERENCES signing_keys (key_id),
  note      TEXT NOT NULL
) STRICT;
CREATE INDEX checkpoints_by_size ON checkpoints (size);

-- The vault: personal records of recipients and donors, outside the chain
-- and mutable (corrected, erased), each sealed with AES-256-GCM under the
-- vault key (ledger/books/vault.h). The chain holds only the subject id and a keyed
-- commitment to the record.
CREATE TABLE vault (
  subject     TEXT PRIMARY KEY,               -- R-000001 or D-000001
  nonce       BLOB NOT NULL CHECK (length(nonce) = 12),
  sealed      BLOB NOT NULL,                  -- ciphertext, then the 16-byte tag
  id_index    BLOB UNIQUE CHECK (id_index IS NULL OR length(id_index) = 32),
  public_name TEXT,                           -- a donor's name for public lists, by consent only
  updated_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TRIGGER keys_no_update BEFORE UPDATE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'signing keys are append-only'); END;
CREATE TRIGGER keys_no_delete BEFORE DELETE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'signing keys are append-only'); END;
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
)sql",
     nullptr},
    {// 1 -> 2: the service's tables (api/): users and their roles, API tokens
     // (only their SHA-256), and the idempotency records of writes, each
     // written in the same transaction as the entry it answers for. None of
     // them is part of the chain: they are mutable operational state.
     R"sql(
CREATE TABLE users (
  name          TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
  role          TEXT NOT NULL CHECK (role IN ('admin', 'treasurer', 'coordinator', 'auditor')),
  password_hash TEXT,                      -- scrypt, NULL until a password is set
  created_at    TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT
) STRICT, WITHOUT ROWID;

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  user       TEXT NOT NULL REFERENCES users (name),
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
) STRICT;

CREATE TABLE idempotency (
  actor        TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash BLOB NOT NULL CHECK (length(request_hash) = 32),
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (actor, key)
) STRICT, WITHOUT ROWID;
)sql",
     nullptr},
    {// 2 -> 3: REPLACE and INSERT OR REPLACE delete the conflicting row
     // without firing DELETE triggers (unless recursive triggers are on,
     // which another connection need not set), and UPSERT updates it: the
     // protected tables refuse any insert that would meet an existing row (in a BEFORE INSERT
     // trigger an id left to SQLite reads as -1, so the test is for a row
     // with that id, not a comparison), so
     // no statement form can replace a checkpoint, a signing key or the head.
     // An entry's insert is bound to MAX(seq) + 1 already.
     R"sql(
CREATE TRIGGER head_insert_once BEFORE INSERT ON head
WHEN EXISTS (SELECT 1 FROM head)
BEGIN SELECT RAISE(ABORT, 'the head is written once, then only moves forward'); END;
CREATE TRIGGER keys_insert_new BEFORE INSERT ON signing_keys
WHEN EXISTS (SELECT 1 FROM signing_keys WHERE key_id = NEW.key_id OR vkey = NEW.vkey)
BEGIN SELECT RAISE(ABORT, 'signing keys are append-only'); END;
CREATE TRIGGER checkpoints_insert_new BEFORE INSERT ON checkpoints
WHEN EXISTS (SELECT 1 FROM checkpoints WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
)sql",
     nullptr},
};

constexpr int kMigrationCount = static_cast<int>(std::size(kMigrations));
static_assert(kMigrationCount == kSchemaVersion);

}  // namespace

Result<int> SchemaVersion(SQLite::Database& db) {
  try {
    return db.execAndGet("PRAGMA user_version").getInt();
  } catch (const std::exception& e) {
    return StatusFromException(e, "read schema version");
  }
}

Status MigrateToLatest(SQLite::Database& db) {
  try {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > kSchemaVersion) {
      return Status(ErrorCode::kFailedPrecondition,
                    "the database has schema version " + std::to_string(version) +
                        ", newer than this build knows (" + std::to_string(kSchemaVersion) +
                        "); upgrade aidledger");
    }
    for (int v = version; v < kSchemaVersion; ++v) {
      db.exec(kMigrations[v].sql);
      if (kMigrations[v].after != nullptr) AIDLEDGER_RETURN_IF_ERROR(kMigrations[v].after(db));
    }
    if (version != kSchemaVersion) {
      db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    }
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "migrate schema");
  }
}

}  // namespace aidledger
