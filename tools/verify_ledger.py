#!/usr/bin/env python3
"""An independent verifier of aidledger ledgers, written from docs/ledger-format.md alone.

It uses only Python's standard library, so an auditor can read it in a few minutes and run it
anywhere. It checks the chain rules of the format (section 7) and the stored head of an aidledger
SQLite file; it does not check the store's derived columns (aidledger verify does).

    verify_ledger.py LEDGER.db           verify a ledger file (exit 0 ok, 1 failed)
    verify_ledger.py --vectors FILE      check the test vectors' expectations
"""
import hashlib
import json
import re
import sqlite3
import sys
from datetime import datetime

ENTRY_PREFIX = b"aidledger:entry:v1\n"
ZERO_HASH = "0" * 64
ENTRY_KEYS = ["actor", "kind", "payload", "prev", "recorded_at", "seq", "v"]
KIND_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
ROLE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
INT64 = (-(2**63), 2**63 - 1)


class Failure(Exception):
    def __init__(self, code, seq, detail):
        super().__init__(f"{code} at {seq}: {detail}")
        self.code, self.seq, self.detail = code, seq, detail


def canonical(value):
    """The canonical encoding (format section 2) of a value without floats."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _no_float(text):
    raise ValueError("number with a fraction or exponent: " + text)


def _depth(value, level=1):
    if isinstance(value, dict):
        return max([level] + [_depth(v, level + 1) for v in value.values()])
    if isinstance(value, list):
        return max([level] + [_depth(v, level + 1) for v in value])
    return 0


def _ints_in_range(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return INT64[0] <= value <= INT64[1]
    if isinstance(value, dict):
        return all(_ints_in_range(v) for v in value.values())
    return all(_ints_in_range(v) for v in value)


def parse_canonical(data):
    """Returns the value if `data` is canonical JSON, else raises ValueError."""
    text = data.decode("utf-8")  # strict: rejects overlong forms and surrogates
    value = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_no_float,
                       parse_constant=_no_float)
    if _depth(value) > 32 or not _ints_in_range(value):
        raise ValueError("too deep or integer out of range")
    if canonical(value) != data:
        raise ValueError("bytes differ from the canonical encoding")
    return value


def entry_hash(data):
    return hashlib.sha256(ENTRY_PREFIX + data).hexdigest()


def valid_time(text):
    if not isinstance(text, str) or not TIME_RE.match(text):
        return False
    try:
        datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return False
    return text[:4] != "0000"


def check_entry_shape(e):
    if not isinstance(e, dict) or sorted(e) != ENTRY_KEYS:
        return "an entry has exactly the keys " + ", ".join(ENTRY_KEYS)
    if e["v"] != 1 or isinstance(e["v"], bool):
        return "v must be 1"
    if not isinstance(e["seq"], int) or isinstance(e["seq"], bool) or e["seq"] < 1:
        return "seq must be an integer >= 1"
    kind = e["kind"]
    if not isinstance(kind, str) or len(kind.encode()) > 64 or not KIND_RE.match(kind):
        return "bad kind"
    actor = e["actor"]
    if not isinstance(actor, dict) or sorted(actor) != ["id", "role"]:
        return "actor must be {id, role}"
    aid, role = actor["id"], actor["role"]
    if (not isinstance(aid, str) or not 1 <= len(aid.encode()) <= 128
            or any(ord(c) < 0x20 or ord(c) == 0x7F for c in aid)):
        return "bad actor.id"
    if not isinstance(role, str) or len(role) > 32 or not ROLE_RE.match(role):
        return "bad actor.role"
    if not valid_time(e["recorded_at"]):
        return "bad recorded_at"
    if not isinstance(e["prev"], str) or not HEX64_RE.match(e["prev"]):
        return "bad prev"
    if not isinstance(e["payload"], dict):
        return "payload must be an object"
    return None


def check_genesis(e):
    p = e["payload"]
    if e["kind"] != "ledger.genesis" or e["actor"] != {"id": "system", "role": "system"}:
        return "entry 1 must be ledger.genesis by system/system"
    if e["prev"] != ZERO_HASH:
        return "genesis prev must be zeros"
    if not isinstance(p, dict) or sorted(p) != ["created_at", "format_version", "hash_algorithm",
                                                "ledger_id", "params"]:
        return "genesis payload keys"
    if p["format_version"] != 1 or isinstance(p["format_version"], bool):
        return "format_version must be 1"
    if p["created_at"] != e["recorded_at"] or p["hash_algorithm"] != "sha-256":
        return "created_at or hash_algorithm"
    if not isinstance(p["ledger_id"], str) or not UUID_RE.match(p["ledger_id"]):
        return "ledger_id must be a lower-case UUID"
    params = p["params"]
    if (not isinstance(params, dict) or sorted(params) != ["default_currency", "name", "time_zone"]
            or not isinstance(params["default_currency"], str)
            or not re.fullmatch(r"[A-Z]{3}", params["default_currency"])
            or not isinstance(params["name"], str)
            or not isinstance(params["time_zone"], str) or not params["time_zone"]):
        return "genesis params"
    return None


def verify_chain(rows):
    """rows: iterable of (position, canonical bytes, stored hash hex). Returns (size, head)."""
    size, head, last_time = 0, ZERO_HASH, ""
    for position, data, stored in rows:
        expected = size + 1
        if position != expected:
            raise Failure("gap", expected, f"entry {expected} is missing")
        if len(data) > 262144:
            raise Failure("invalid_entry", position, "too large")
        try:
            e = parse_canonical(data)
        except (ValueError, UnicodeDecodeError, RecursionError) as err:
            raise Failure("not_canonical", position, str(err))
        problem = check_entry_shape(e)
        if problem:
            raise Failure("invalid_entry", position, problem)
        if e["seq"] != position:
            raise Failure("reordered", position, f"says it is entry {e['seq']}")
        if position == 1:
            problem = check_genesis(e)
            if problem:
                raise Failure("bad_genesis", 1, problem)
        elif e["kind"] == "ledger.genesis":
            raise Failure("bad_genesis", position, "a second genesis entry")
        if e["prev"] != head:
            raise Failure("broken_link", position, "prev is not the hash of the entry before")
        computed = entry_hash(data)
        if computed != stored:
            raise Failure("hash_mismatch", position, "stored hash differs from the bytes' hash")
        if e["recorded_at"] < last_time:
            raise Failure("time_reversed", position, "recorded_at went backwards")
        size, head, last_time = position, computed, e["recorded_at"]
    if size == 0:
        raise Failure("empty", 1, "no entries")
    return size, head


def verify_sqlite(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.execute("BEGIN")
    recorded = db.execute("SELECT size, hex(hash) FROM head").fetchone()
    rows = ((seq, bytes(data), bytes(h).hex())
            for seq, data, h in db.execute("SELECT seq, canonical, hash FROM entries ORDER BY seq"))
    size, head = verify_chain(rows)
    if recorded is None or recorded[0] != size or recorded[1].lower() != head:
        raise Failure("head_mismatch", min(recorded[0] if recorded else 0, size) + 1,
                      "the stored head disagrees with the chain")
    return size, head


def check_vectors(path):
    with open(path, encoding="utf-8") as f:
        vectors = json.load(f)
    assert hashlib.sha256(b"").hexdigest().startswith("e3b0")
    assert ENTRY_PREFIX.hex() == vectors["entry_hash_prefix_hex"]
    checked = 0
    for case in vectors["canonical_json"]:
        data = bytes.fromhex(case["bytes_hex"])
        try:
            parse_canonical(data)
            accepted = True
        except (ValueError, UnicodeDecodeError):
            accepted = False
        assert accepted == case["canonical"], case["name"]
        checked += 1
    for case in vectors["entries"]:
        data = canonical(case["entry"])
        assert data.hex() == case["canonical_hex"], case["name"]
        assert entry_hash(data) == case["hash"], case["name"]
        checked += 1
    for case in vectors["chains"]:
        rows = [(r["position"], bytes.fromhex(r["canonical_hex"]), r["hash"]) for r in case["rows"]]
        want = case["expect"]
        try:
            size, head = verify_chain(rows)
            got = {"ok": True, "size": size, "head": head}
        except Failure as failure:
            got = {"ok": False, "code": failure.code, "seq": failure.seq}
        assert got == want, f"{case['name']}: got {got}, want {want}"
        checked += 1
    return checked


def main(argv):
    if len(argv) == 3 and argv[1] == "--vectors":
        n = check_vectors(argv[2])
        print(f"vectors ok: {n} cases checked")
        return 0
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        size, head = verify_sqlite(argv[1])
    except Failure as failure:
        print(f"FAILED at entry {failure.seq}: {failure.code}: {failure.detail}")
        return 1
    print(f"ok: {size} entries, head {head}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
