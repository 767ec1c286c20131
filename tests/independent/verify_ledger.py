#!/usr/bin/env python3
"""An independent verifier of aidledger ledgers, written from docs/ledger-format.md alone.

It uses only Python's standard library, so an auditor can read it in a few minutes and run it
anywhere. It checks the chain rules of the format (section 7) and the stored head of an aidledger
SQLite file; it does not check the store's derived columns (aidledger verify does).

    verify_ledger.py LEDGER.db                                   verify a ledger file
    verify_ledger.py --export FILE [--keys F] [--trusted F]      verify an export
    verify_ledger.py --bundle FILE --pubkey F                    verify a proof bundle
    verify_ledger.py --vectors FILE                              check the test vectors

Exit 0 when everything verifies, 1 when something does not. Ed25519 signatures are checked with
the `openssl` command (OpenSSL 3).
"""
import base64
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
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


# --- Merkle tree (RFC 6962 / RFC 9162), checkpoints, keys (format sections 8-11) ---

def leaf_hash(entry_hash_bytes):
    return hashlib.sha256(b"\x00" + entry_hash_bytes).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves):
    """MTH(D[n]) straight from RFC 6962 section 2.1 (leaves are leaf hashes)."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


class Frontier:
    """The right edge of a growing tree: the root at every size in O(log n) memory."""
    def __init__(self):
        self.stack, self.size = [], 0  # (level, hash), largest first

    def append(self, leaf):
        level, h = 0, leaf
        while self.stack and self.stack[-1][0] == level:
            h = node_hash(self.stack.pop()[1], h)
            level += 1
        self.stack.append((level, h))
        self.size += 1

    def root(self):
        r = self.stack[-1][1]
        for _, h in reversed(self.stack[:-1]):
            r = node_hash(h, r)
        return r


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, proof):
    """RFC 9162 section 2.1.4.2."""
    if first < 1 or first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if not proof:
        return False
    path = ([first_root] if first & (first - 1) == 0 else []) + list(proof)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


def b64(text):
    raw = base64.b64decode(text, validate=True)
    if base64.b64encode(raw).decode() != text:
        raise ValueError("not canonical base64")
    return raw


def parse_vkey(line):
    name, khash, key = line.strip().split("+", 2)
    raw = b64(key)
    if len(raw) != 33 or raw[0] != 1:
        raise ValueError("not an Ed25519 vkey")
    expect = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex()
    if khash != expect:
        raise ValueError("vkey hash mismatch")
    return {"name": name, "hash": bytes.fromhex(khash), "key": raw[1:]}


def ed25519_verify(public_key, message, signature):
    spki = bytes.fromhex("302a300506032b6570032100") + public_key
    pem = "-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(spki).decode() + "\n-----END PUBLIC KEY-----\n"
    with tempfile.TemporaryDirectory() as d:
        paths = {n: os.path.join(d, n) for n in ("k.pem", "msg", "sig")}
        for name, data in (("k.pem", pem.encode()), ("msg", message), ("sig", signature)):
            with open(paths[name], "wb") as f:
                f.write(data)
        r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", paths["k.pem"],
                            "-rawin", "-in", paths["msg"], "-sigfile", paths["sig"]],
                           capture_output=True)
        return r.returncode == 0


def parse_note(text):
    """A checkpoint note (format section 9): returns dict with body fields and signatures.

    The body has exactly one spelling: five lines, a blank line, then one or more signature
    lines, every line ended by a line feed and none holding a carriage return."""
    body, sep, sigs = text.partition("\n\n")
    lines = body.split("\n")
    if (not sep or "\r" in text or len(lines) != 5 or not lines[3].startswith("head ")
            or not lines[4].startswith("time ") or not sigs.endswith("\n")):
        raise ValueError("malformed checkpoint note")
    if not re.fullmatch(r"[1-9][0-9]*", lines[1]):
        raise ValueError("bad tree size")
    cp = {"origin": lines[0], "size": int(lines[1]), "root": b64(lines[2]),
          "head": lines[3][5:], "time": lines[4][5:], "body": (body + "\n").encode(), "sigs": []}
    if not HEX64_RE.match(cp["head"]) or not valid_time(cp["time"]) or len(cp["root"]) != 32:
        raise ValueError("malformed checkpoint fields")
    for line in sigs[:-1].split("\n"):
        if not line.startswith("\u2014 "):
            raise ValueError("bad signature line")
        name, blob = line[2:].split(" ")
        raw = b64(blob)
        if not name or len(raw) != 68:
            raise ValueError("bad signature line")
        cp["sigs"].append({"name": name, "hash": raw[:4], "sig": raw[4:]})
    return cp


def check_signature(cp, keys):
    # Every line by a trusted key must verify, whatever its place.
    signed = False
    for s in cp["sigs"]:
        for k in keys:
            if k["name"] == s["name"] and k["hash"] == s["hash"]:
                if not ed25519_verify(k["key"], cp["body"], s["sig"]):
                    raise Failure("bad_checkpoint", cp["size"], "a signature does not verify")
                signed = True
    if not signed:
        raise Failure("bad_checkpoint", cp["size"], "no signature by a trusted key")


def split_notes(text):
    notes, parts = [], text.split("\n\n")
    for i in range(0, len(parts) - 1, 2):
        notes.append(parts[i] + "\n\n" + parts[i + 1].rstrip("\n") + "\n")
    return notes


EXPORT_LINE_MEMBERS = ({"vkey"}, {"checkpoint"}, {"canonical", "hash", "seq"})


def verify_export(path, keys=None, witnesses=()):
    with open(path, "rb") as f:
        return verify_export_bytes(f.read(), keys, witnesses)


def verify_export_bytes(raw, keys=None, witnesses=()):
    # Section 11: every line the canonical encoding of an object with exactly
    # its members, each ended by a line feed. A malformed line's position is
    # the first entry not yet read.
    parts = raw.split(b"\n")
    lines, entries_read = [], 0
    for number, data in enumerate(parts[:-1], start=1):
        try:
            value = parse_canonical(data)
        except ValueError as e:
            raise Failure("malformed_line", entries_read + 1, f"export line {number} is not canonical: {e}")
        if not isinstance(value, dict):
            raise Failure("malformed_line", entries_read + 1, f"export line {number} is not an object")
        allowed = ({"format", "ledger_id", "size"}, {"checkpoints", "format", "ledger_id", "size"}) \
            if number == 1 else EXPORT_LINE_MEMBERS
        if set(value) not in allowed or (number == 1 and value.get("format") != "aidledger-export/v1"):
            raise Failure("malformed_line", entries_read + 1, f"export line {number} has other members")
        entries_read += "seq" in value
        lines.append(value)
    if parts[-1] != b"" or not lines:
        raise Failure("malformed_line", entries_read + 1, "the export ends without a line feed")
    header = lines[0]
    ledger_keys = [parse_vkey(l["vkey"]) for l in lines if "vkey" in l]
    checkpoints = [parse_note(l["checkpoint"]) for l in lines if "checkpoint" in l]
    entries = [l for l in lines[1:] if "seq" in l]
    wanted = {c["size"] for c in checkpoints} | {w["size"] for w in witnesses}
    frontier, at = Frontier(), {}

    def rows():
        for e in entries:
            data = b64(e["canonical"])
            frontier.append(leaf_hash(bytes.fromhex(entry_hash(data))))
            if frontier.size in wanted:
                at[frontier.size] = (frontier.root(), entry_hash(data))
            yield e["seq"], data, e["hash"]

    size, head = verify_chain(rows())
    if size != header["size"]:
        raise Failure("head_mismatch", min(size, header["size"]) + 1, "declared size differs")
    ledger_id = json.loads(b64(entries[0]["canonical"]))["payload"]["ledger_id"]
    if header["ledger_id"] != ledger_id:
        raise Failure("header_mismatch", 1, "the header names another ledger than the genesis")
    if "checkpoints" in header and header["checkpoints"] != len(checkpoints):
        raise Failure("header_mismatch", 0, "the header counts another number of checkpoints")
    kept = {(c["size"], c["root"], c["head"], c["time"]) for c in checkpoints}
    for w in witnesses:
        if w["size"] <= size and (w["size"], w["root"], w["head"], w["time"]) not in kept:
            raise Failure("witness_mismatch", w["size"], "a kept checkpoint is missing from the export")
    origin = "aidledger/" + ledger_id
    for group, code in ((checkpoints, "bad_checkpoint"), (witnesses, "witness_mismatch")):
        for cp in group:
            if cp["origin"] != origin:
                raise Failure(code, cp["size"], "another ledger's checkpoint")
            try:
                check_signature(cp, keys or ledger_keys)
            except Failure as failure:
                raise Failure(code, cp["size"], failure.detail)
            if cp["size"] > size:
                raise Failure(code, cp["size"], "the ledger is shorter (rolled back)")
            root, head_at = at[cp["size"]]
            if root != cp["root"] or head_at != cp["head"]:
                raise Failure(code, cp["size"], "root or head differs (rewritten)")
    return size, head


BUNDLE_MEMBERS = {
    "aidledger-inclusion-proof/v1": {"checkpoint", "entry", "format", "leaf_index", "proof", "seq"},
    "aidledger-consistency-proof/v1": {"format", "new_checkpoint", "old_checkpoint", "proof"},
}


def verify_bundle(path, keys):
    with open(path, "rb") as f:
        return verify_bundle_bytes(f.read(), keys)


def verify_bundle_bytes(raw, keys):
    # Section 10: the canonical encoding, at most one line feed after it,
    # exactly the members of its format.
    if raw.endswith(b"\n"):
        raw = raw[:-1]
    try:
        bundle = parse_canonical(raw)
    except ValueError as e:
        raise Failure("malformed_bundle", 0, f"not canonical JSON: {e}")
    if not isinstance(bundle, dict) or set(bundle) != BUNDLE_MEMBERS.get(bundle.get("format"), set()):
        raise Failure("malformed_bundle", 0, "not a bundle with exactly the members of its format")
    if "seq" in bundle and bundle["leaf_index"] != bundle["seq"] - 1:
        raise Failure("malformed_bundle", 0, "leaf_index is not seq - 1")
    proof = [b64(p) for p in bundle["proof"]]
    if bundle["format"] == "aidledger-inclusion-proof/v1":
        cp = parse_note(bundle["checkpoint"])
        check_signature(cp, keys)
        data = b64(bundle["entry"])
        entry = parse_canonical(data)
        if check_entry_shape(entry) or entry["seq"] != bundle["seq"] or bundle["leaf_index"] != bundle["seq"] - 1:
            raise Failure("invalid_entry", bundle["seq"], "the entry does not match the bundle")
        leaf = leaf_hash(bytes.fromhex(entry_hash(data)))
        if not verify_inclusion(bundle["leaf_index"], cp["size"], leaf, proof, cp["root"]):
            raise Failure("bad_proof", bundle["seq"], "the inclusion proof does not verify")
        return f"entry {entry['seq']} is in the tree of {cp['size']} entries"
    if bundle["format"] == "aidledger-consistency-proof/v1":
        old, new = parse_note(bundle["old_checkpoint"]), parse_note(bundle["new_checkpoint"])
        check_signature(old, keys)
        check_signature(new, keys)
        if old["origin"] != new["origin"] or not verify_consistency(
                old["size"], new["size"], old["root"], new["root"], proof):
            raise Failure("bad_proof", new["size"], "the consistency proof does not verify")
        return f"the tree of {new['size']} entries extends the tree of {old['size']}"
    raise Failure("bad_proof", 0, "unknown bundle format")


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
    merkle = vectors["merkle"]
    leaves = [bytes.fromhex(h) for h in merkle["leaf_hashes"]]
    for case in merkle["roots"]:
        assert mth(leaves[:case["size"]]).hex() == case["root"]
        checked += 1
    roots = {c["size"]: bytes.fromhex(c["root"]) for c in merkle["roots"]}
    for case in merkle["inclusion"]:
        proof = [bytes.fromhex(p) for p in case["proof"]]
        assert verify_inclusion(case["index"], case["size"], leaves[case["index"]], proof, roots[case["size"]])
        checked += 1
    for case in merkle["consistency"]:
        proof = [bytes.fromhex(p) for p in case["proof"]]
        assert verify_consistency(case["old_size"], case["new_size"], roots[case["old_size"]],
                                  roots[case["new_size"]], proof)
        checked += 1
    for case in vectors["keys"]:
        try:
            key = parse_vkey(case["vkey"])
            valid = True
        except ValueError:
            valid = False
        assert valid == case["valid"], case["name"]
        if valid:
            assert key["key"].hex() == case["public_key_hex"], case["name"]
            assert key["hash"].hex() == case["key_hash_hex"], case["name"]
            assert f"{key['name']}+{key['hash'].hex()}" == case["key_id"], case["name"]
        checked += 1
    for case in vectors["checkpoints"]:
        keys = [parse_vkey(v) for v in case["trusted"]]
        try:
            cp = parse_note(case["note"])
        except ValueError:
            got = "parse"
        else:
            try:
                check_signature(cp, keys)
                got = "ok"
            except Failure:
                got = "signature"
        assert got == case["expect"], f"{case['name']}: got {got}, want {case['expect']}"
        if got == "ok":
            want = case["checkpoint"]
            assert (cp["origin"], cp["size"], base64.b64encode(cp["root"]).decode(), cp["head"],
                    cp["time"]) == (want["origin"], want["size"], want["root"], want["head"],
                                    want["time"]), case["name"]
        checked += 1
    for case in vectors["bundles"]:
        keys = [parse_vkey(v) for v in case["trusted"]]
        try:
            verify_bundle_bytes(bytes.fromhex(case["bytes_hex"]), keys)
            got = "ok"
        except Failure as failure:
            got = "parse" if failure.code == "malformed_bundle" else "verify"
        except (ValueError, KeyError, TypeError):
            got = "verify"
        assert got == case["expect"], f"{case['name']}: got {got}, want {case['expect']}"
        checked += 1
    for case in vectors["exports"]:
        witnesses = [parse_note(n) for n in case["witnesses"]]
        try:
            size, head = verify_export_bytes(bytes.fromhex(case["bytes_hex"]), None, witnesses)
            got = {"ok": True, "size": size, "head": head}
        except Failure as failure:
            got = {"ok": False, "code": failure.code, "seq": failure.seq}
        assert got == case["expect"], f"{case['name']}: got {got}, want {case['expect']}"
        checked += 1
    for case in vectors["books"]:
        # This verifier checks the chain, not the books' rules (section 6.1): every case is a
        # valid chain, whatever its books say.
        rows = [(r["position"], bytes.fromhex(r["canonical_hex"]), r["hash"]) for r in case["rows"]]
        assert verify_chain(rows)[0] == len(rows), case["name"]
        checked += 1
    return checked


def read_keys(path):
    with open(path, encoding="utf-8") as f:
        return [parse_vkey(l) for l in f if l.strip() and not l.startswith("#")]


def main(argv):
    args = dict(zip(argv[1::2], argv[2::2])) if len(argv) % 2 == 1 else None
    try:
        if args and "--vectors" in args:
            print(f"vectors ok: {check_vectors(args['--vectors'])} cases checked")
        elif args and "--export" in args:
            keys = read_keys(args["--keys"]) if "--keys" in args else None
            witnesses = []
            if "--trusted" in args:
                with open(args["--trusted"], encoding="utf-8") as f:
                    witnesses = [parse_note(n) for n in split_notes(f.read())]
            size, head = verify_export(args["--export"], keys, witnesses)
            print(f"ok: {size} entries, head {head}")
        elif args and "--bundle" in args and "--pubkey" in args:
            print("ok: " + verify_bundle(args["--bundle"], read_keys(args["--pubkey"])))
        elif len(argv) == 2 and not argv[1].startswith("-"):
            size, head = verify_sqlite(argv[1])
            print(f"ok: {size} entries, head {head}")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except Failure as failure:
        print(f"FAILED at entry {failure.seq}: {failure.code}: {failure.detail}")
        return 1
    except (ValueError, KeyError, TypeError) as err:
        print(f"FAILED: malformed input: {err}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
