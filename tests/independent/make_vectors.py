#!/usr/bin/env python3
"""Writes tests/vectors/ledger-v1.json from docs/ledger-format.md, independently of the C++ code.

The expectations of the tampered chains are stated here, case by case, from the format's rules;
the C++ tests and tests/independent/verify_ledger.py must both agree with them. Rerun only when the format
changes (a new version), never to make a failing test pass:

    python3 tests/independent/make_vectors.py > tests/vectors/ledger-v1.json
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

from verify_ledger import ENTRY_PREFIX, ZERO_HASH, canonical, entry_hash, leaf_hash, mth

LEDGER_ID = "5f0c7a3e-2b1d-4c8e-9a6f-0d1e2f3a4b5c"


def entry(seq, prev, at, kind, actor, role, payload):
    return {"actor": {"id": actor, "role": role}, "kind": kind, "payload": payload, "prev": prev,
            "recorded_at": at, "seq": seq, "v": 1}


def genesis(at="2026-01-01T00:00:00.000000Z", **overrides):
    payload = {"created_at": at, "format_version": 1, "hash_algorithm": "sha-256",
               "ledger_id": LEDGER_ID,
               "params": {"default_currency": "CNY", "name": "爱心365志愿服务队", "time_zone": "Asia/Shanghai"}}
    payload.update(overrides)
    return entry(1, ZERO_HASH, at, "ledger.genesis", "system", "system", payload)


def money(minor, currency="CNY"):
    return {"currency": currency, "minor": minor}


def build_chain(specs):
    """specs: list of (at, kind, actor, role, payload) after the genesis; returns linked entries."""
    out = [genesis()]
    for at, kind, actor, role, payload in specs:
        prev = entry_hash(canonical(out[-1]))
        out.append(entry(len(out) + 1, prev, at, kind, actor, role, payload))
    return out


BASE_SPECS = [
    ("2026-01-05T02:30:00.000001Z", "donation.recorded", "u-treasurer-1", "treasurer",
     {"amount": money(125000), "channel": "wechat_pay", "date": "2026-01-04", "fund": "STUDENT_AID",
      "memo": "助学金 \"爱心\" 捐款\n第1笔", "receipt": "2026-000001"}),
    ("2026-01-05T02:30:00.000001Z", "donation.recorded", "u-treasurer-1", "treasurer",
     {"amount": money(300520), "channel": "bank_transfer", "date": "2026-01-05",
      "fund": "WINTER_WARMTH", "items": [{"name": "棉衣", "quantity": 40, "unit": "件"}],
      "memo": "tab\there, slash / back\\slash, ctl \u0001\u001f del \u007f, emoji 😀"}),
    ("2026-02-01T08:00:00.500000Z", "grant.approved", "u-coord-2", "coordinator",
     {"amount": money(500000), "fund": "STUDENT_AID", "recipient": "r-0001", "term": "2026-spring",
      "flags": [True, False, None], "extremes": [-9223372036854775808, 9223372036854775807, 0, -1]}),
    ("2026-02-01T08:00:01.000000Z", "donation.reversed", "u-treasurer-1", "treasurer",
     {"reason": "录入错误 entered twice", "reverses": 2, "": "empty key sorts first"}),
]


def rows_of(entries):
    return [{"position": i + 1, "canonical_hex": canonical(e).hex(), "hash": entry_hash(canonical(e))}
            for i, e in enumerate(entries)]


def relink(entries, start):
    """Recomputes prev links from index `start` on (as a forger who rewrites would)."""
    for i in range(max(start, 1), len(entries)):
        entries[i]["prev"] = entry_hash(canonical(entries[i - 1]))
    return entries


def chains():
    base = build_chain(BASE_SPECS)
    head = entry_hash(canonical(base[-1]))
    cases = [{"name": "valid five-entry chain", "rows": rows_of(base),
              "expect": {"ok": True, "size": 5, "head": head}}]

    def case(name, rows, code, seq):
        cases.append({"name": name, "rows": rows, "expect": {"ok": False, "code": code, "seq": seq}})

    rows = rows_of(base)
    data = bytes.fromhex(rows[2]["canonical_hex"]).replace(b"300520", b"300530")
    rows[2]["canonical_hex"] = data.hex()
    case("one payload byte changed, stored hash kept", rows, "hash_mismatch", 3)

    rows = rows_of(base)
    data = bytes.fromhex(rows[1]["canonical_hex"]).replace(b'"kind":', b'"kind": ')
    rows[1]["canonical_hex"] = data.hex()
    rows[1]["hash"] = entry_hash(data)
    case("white space added, hash recomputed", rows, "not_canonical", 2)

    rows = rows_of(base)
    data = bytes.fromhex(rows[1]["canonical_hex"])
    i = data.index(b'"kind"')
    j = data.index(b'"payload"')
    # Swap the order of "kind" and "payload" members: same value, not canonical.
    kind_member = data[i:j]
    payload_member = data[j:data.index(b',"prev"')]
    swapped = data[:i] + payload_member + b"," + kind_member[:-1] + data[data.index(b',"prev"'):]
    rows[1]["canonical_hex"] = swapped.hex()
    rows[1]["hash"] = entry_hash(swapped)
    case("members out of order, hash recomputed", rows, "not_canonical", 2)

    rows = rows_of(base)
    data = bytes.fromhex(rows[1]["canonical_hex"]).replace(b"125000", b"1250.00")
    rows[1]["canonical_hex"] = data.hex()
    rows[1]["hash"] = entry_hash(data)
    case("fractional amount, hash recomputed", rows, "not_canonical", 2)

    rows = rows_of(base)
    data = bytes.fromhex(rows[1]["canonical_hex"]).replace("助学金".encode(), b"\xe5\x8a\xa9\xc0\xaf")
    rows[1]["canonical_hex"] = data.hex()
    rows[1]["hash"] = entry_hash(data)
    case("invalid UTF-8 (overlong), hash recomputed", rows, "not_canonical", 2)

    rows = rows_of(base)
    del rows[2]
    case("entry 3 deleted", rows, "gap", 3)

    rows = rows_of(base)
    rows[2]["canonical_hex"], rows[3]["canonical_hex"] = rows[3]["canonical_hex"], rows[2]["canonical_hex"]
    rows[2]["hash"], rows[3]["hash"] = rows[3]["hash"], rows[2]["hash"]
    case("entries 3 and 4 swapped", rows, "reordered", 3)

    forged = [dict(e) for e in base]
    forged[3] = dict(forged[3], payload={"amount": money(1), "fund": "GENERAL"}, prev="ab" * 32)
    case("forged entry 4 with a correct hash over a wrong link", rows_of(forged), "broken_link", 4)

    edited = [dict(e) for e in base]
    edited[2] = dict(edited[2], payload=dict(edited[2]["payload"], amount=money(1)))
    case("entry 3 rewritten with its own hash, later links kept", rows_of(edited), "broken_link", 4)

    late = [dict(e) for e in base]
    late[4] = dict(late[4], recorded_at="2026-01-31T23:59:59.999999Z")
    case("entry 5 recorded earlier than entry 4", rows_of(late), "time_reversed", 5)

    bad = [dict(e) for e in base]
    bad[0] = genesis(format_version=2)
    case("genesis with format_version 2", rows_of(relink(bad, 1)), "bad_genesis", 1)

    bad = [dict(e) for e in base]
    bad[0] = dict(genesis(), kind="ledger.started")
    case("entry 1 is not a genesis entry", rows_of(relink(bad, 1)), "bad_genesis", 1)

    bad = [dict(e) for e in base]
    bad[2] = dict(genesis(), seq=3, recorded_at=bad[2]["recorded_at"])
    bad[2]["payload"] = dict(bad[2]["payload"], created_at=bad[2]["recorded_at"])
    case("a second genesis entry at 3", rows_of(relink(bad, 2)), "bad_genesis", 3)

    bad = [dict(e) for e in base]
    bad[1] = dict(bad[1], extra="x")
    case("an entry with an extra member", rows_of(relink(bad, 2)), "invalid_entry", 2)

    bad = [dict(e) for e in base]
    bad[1] = dict(bad[1], kind="Donation.Recorded")
    case("an entry with an upper-case kind", rows_of(relink(bad, 2)), "invalid_entry", 2)

    bad = [dict(e) for e in base]
    bad[1] = dict(bad[1], recorded_at="2026-02-30T00:00:00.000000Z")
    case("an entry with an impossible date", rows_of(relink(bad, 2)), "invalid_entry", 2)

    bad = [dict(e) for e in base]
    bad[1] = dict(bad[1], seq=7)
    case("entry 2 says it is entry 7", rows_of(relink(bad, 2)), "reordered", 2)

    case("no entries at all", [], "empty", 1)
    return cases


def canonical_json_cases():
    good = [
        ("empty object", {}), ("nested", {"b": [1, {"d": None, "c": True}], "a": "x"}),
        ("int64 extremes", [-9223372036854775808, 9223372036854775807]),
        ("escapes", "\"\\\b\f\n\r\t\u0000\u001f/\u007f"),
        ("non-ASCII and astral", {"名字": "张三", "é": "😀"}),
        ("key order by bytes", {"a": 1, "B": 2, "aa": 3, "é": 4, "z": 5, "": 6}),
    ]
    out = [{"name": n, "canonical": True, "bytes_hex": canonical(v).hex()} for n, v in good]
    bad = [
        ("white space", b'{"a": 1}'), ("unsorted keys", b'{"b":1,"a":2}'),
        ("duplicate keys", b'{"a":1,"a":1}'), ("escaped slash", b'"\\/"'),
        ("escaped printable", b'"\\u0041"'), ("upper-case hex escape", b'"\\u001F"'),
        ("long form of a short escape", b'"\\u000a"'), ("raw control character", b'"\x01"'),
        ("leading zero", b"01"), ("minus zero", b"-0"), ("fraction", b"1.0"), ("exponent", b"1e3"),
        ("integer above int64", b"9223372036854775808"), ("invalid UTF-8", b'"\xff"'),
        ("surrogate in UTF-8", b'"\xed\xa0\x80"'), ("trailing bytes", b"{}{}"),
        ("byte-order mark", b"\xef\xbb\xbf{}"), ("NaN", b"NaN"), ("single quotes", b"'a'"),
        ("too deep", b"[" * 33 + b"]" * 33),
    ]
    out += [{"name": n, "canonical": False, "bytes_hex": b.hex()} for n, b in bad]
    return out


def entry_cases():
    base = build_chain(BASE_SPECS)
    return [{"name": f"entry {e['seq']} of the base chain ({e['kind']})", "entry": e,
             "canonical_hex": canonical(e).hex(), "hash": entry_hash(canonical(e))} for e in base]


def rfc_path(m, leaves):
    """PATH(m, D[n]) of RFC 6962 section 2.1.1."""
    n = len(leaves)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return rfc_path(m, leaves[:k]) + [mth(leaves[k:])]
    return rfc_path(m - k, leaves[k:]) + [mth(leaves[:k])]


def rfc_subproof(m, leaves, whole):
    """SUBPROOF(m, D[n], b) of RFC 6962 section 2.1.2."""
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return rfc_subproof(m, leaves[:k], whole) + [mth(leaves[k:])]
    return rfc_subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def merkle_cases():
    import hashlib
    # Leaf hashes of entries whose hashes are SHA-256("entry i"): any 32 bytes do.
    leaves = [hashlib.sha256(b"\x00" + hashlib.sha256(f"entry {i}".encode()).digest()).digest()
              for i in range(1, 34)]
    sizes = list(range(1, 34))
    return {
        "description": "RFC 6962 section 2.1 trees over leaf hashes; proofs by PATH and PROOF",
        "leaf_hashes": [h.hex() for h in leaves],
        "roots": [{"size": n, "root": mth(leaves[:n]).hex()} for n in sizes],
        "inclusion": [{"index": m, "size": n, "proof": [h.hex() for h in rfc_path(m, leaves[:n])]}
                      for n in (1, 2, 3, 5, 7, 8, 13, 16, 17, 33) for m in range(n)],
        "consistency": [{"old_size": m, "new_size": n,
                         "proof": [h.hex() for h in rfc_subproof(m, leaves[:n], True)]}
                        for n in (1, 2, 3, 4, 7, 8, 9, 16, 17, 33) for m in range(1, n + 1)],
    }


# --- keys, checkpoints, bundles and exports (sections 9 to 11) ---------------
#
# Ed25519 signatures are deterministic (RFC 8032), so keys made from fixed
# seeds give the same vectors on every run. The `openssl` command signs.

def _openssl(args, stdin=None):
    return subprocess.run(["openssl"] + args, input=stdin, capture_output=True, check=True).stdout


def _private_pem(seed):
    der = bytes.fromhex("302e020100300506032b657004220420") + seed
    return ("-----BEGIN PRIVATE KEY-----\n" + base64.b64encode(der).decode() +
            "\n-----END PRIVATE KEY-----\n").encode()


class Key:
    """A signing key from a 32-byte seed, in the signed-note conventions of section 9."""

    def __init__(self, name, seed):
        self.name, self.seed = name, seed
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "k.pem")
            with open(path, "wb") as f:
                f.write(_private_pem(seed))
            self.public = _openssl(["pkey", "-in", path, "-pubout", "-outform", "DER"])[-32:]
        self.key_hash = hashlib.sha256(name.encode() + b"\n\x01" + self.public).digest()[:4]
        encoded = base64.b64encode(b"\x01" + self.public).decode()
        self.vkey = f"{name}+{self.key_hash.hex()}+{encoded}"

    def sign(self, message):
        with tempfile.TemporaryDirectory() as d:
            key, msg = os.path.join(d, "k.pem"), os.path.join(d, "msg")
            with open(key, "wb") as f:
                f.write(_private_pem(self.seed))
            with open(msg, "wb") as f:
                f.write(message)
            return _openssl(["pkeyutl", "-sign", "-rawin", "-inkey", key, "-in", msg])

    def line(self, body):
        """The note's signature line over `body` (bytes)."""
        blob = base64.b64encode(self.key_hash + self.sign(body)).decode()
        return f"\u2014 {self.name} {blob}\n"


def make_key(name, label, want_plus):
    """The first key from seeds SHA-256(label/i) whose base64 holds a '+' (or none), so that a
    vkey that splits at its first two '+' only is tested."""
    i = 0
    while True:
        key = Key(name, hashlib.sha256(f"{label}/{i}".encode()).digest())
        if ("+" in key.vkey.split("+", 2)[2]) == want_plus:
            return key
        i += 1


ORIGIN = "aidledger/" + LEDGER_ID
LEDGER_KEY = make_key(ORIGIN, "aidledger vector key", True)
COUNCIL_KEY = make_key("council-witness", "council witness key", False)


def key_cases():
    out = []
    for k in (LEDGER_KEY, COUNCIL_KEY):
        out.append({"name": f"the key named {k.name}", "key_name": k.name, "seed_hex": k.seed.hex(),
                    "public_key_hex": k.public.hex(), "key_hash_hex": k.key_hash.hex(),
                    "key_id": f"{k.name}+{k.key_hash.hex()}", "vkey": k.vkey, "valid": True})
    name, khash, b = LEDGER_KEY.vkey.split("+", 2)
    raw = base64.b64decode(b)
    bad = [
        ("key hash of another name", f"other+{khash}+{b}"),
        ("key hash in upper case", f"{name}+{khash.upper()}+{b}"),
        ("algorithm byte 0x02", f"{name}+{khash}+" + base64.b64encode(b"\x02" + raw[1:]).decode()),
        ("public key of 31 bytes", f"{name}+{khash}+{base64.b64encode(raw[:-1]).decode()}"),
        ("base64 in the URL-safe alphabet", f"{name}+{khash}+" + b.replace("+", "-")),
        ("an empty key name", f"+{khash}+{b}"),
        ("a key name with a space", f"a b+{khash}+{b}"),
    ]
    out += [{"name": n, "vkey": v, "valid": False} for n, v in bad]
    return out


def base_tree():
    """The base chain's entry hashes and the Merkle root and head at each size."""
    base = build_chain(BASE_SPECS)
    hashes = [entry_hash(canonical(e)) for e in base]
    leaves = [leaf_hash(bytes.fromhex(h)) for h in hashes]
    return base, hashes, leaves


def body(size, root, head, time):
    return (f"{ORIGIN}\n{size}\n{base64.b64encode(root).decode()}\nhead {head}\ntime {time}\n").encode()


def note(body_bytes, *keys):
    return body_bytes.decode() + "\n" + "".join(k.line(body_bytes) for k in keys)


def corrupt_line(line):
    """A signature line whose signature's last byte is changed (key hash kept)."""
    prefix, blob = line.rstrip("\n").rsplit(" ", 1)
    raw = bytearray(base64.b64decode(blob))
    raw[-1] ^= 0x01
    return f"{prefix} {base64.b64encode(bytes(raw)).decode()}\n"


CHECKPOINT_TIMES = {3: "2026-02-01T08:00:00.600000Z", 5: "2026-02-01T08:00:02.000000Z"}


def checkpoint_note(size, *keys):
    _, hashes, leaves = base_tree()
    return note(body(size, mth(leaves[:size]), hashes[size - 1], CHECKPOINT_TIMES[size]), *keys)


def checkpoint_cases():
    _, hashes, leaves = base_tree()
    b = body(5, mth(leaves), hashes[4], CHECKPOINT_TIMES[5])
    good, council = LEDGER_KEY.line(b), COUNCIL_KEY.line(b)
    both = [LEDGER_KEY.vkey, COUNCIL_KEY.vkey]
    text = b.decode()
    out = []

    def case(name, note_text, trusted, stage):
        """stage: "ok", or where the note is refused: "parse" (not a checkpoint note at all) or
        "signature" (a note, but not signed as section 9 requires under the trusted keys)."""
        c = {"name": name, "note": note_text, "trusted": trusted, "expect": stage}
        if stage == "ok":
            c["checkpoint"] = {"origin": ORIGIN, "size": 5, "root": base64.b64encode(mth(leaves)).decode(),
                               "head": hashes[4], "time": CHECKPOINT_TIMES[5]}
        out.append(c)

    case("signed by the ledger's key", text + "\n" + good, [LEDGER_KEY.vkey], "ok")
    case("signed by two trusted keys", text + "\n" + good + council, both, "ok")
    case("a good first line and a bad second one, both keys trusted",
         text + "\n" + good + corrupt_line(council), both, "signature")
    case("a bad first line and a good second one, both keys trusted",
         text + "\n" + corrupt_line(council) + good, both, "signature")
    case("a bad line by a key not trusted is ignored",
         text + "\n" + corrupt_line(council) + good, [LEDGER_KEY.vkey], "ok")
    case("signed only by a key not trusted", text + "\n" + council, [LEDGER_KEY.vkey], "signature")
    case("the body changed under its signature (size 4 for 5)",
         text.replace("\n5\n", "\n4\n", 1) + "\n" + good, [LEDGER_KEY.vkey], "signature")
    case("a size with a leading zero", text.replace("\n5\n", "\n05\n", 1) + "\n" + good,
         [LEDGER_KEY.vkey], "parse")
    case("no blank line before the signatures", text + good, [LEDGER_KEY.vkey], "parse")
    case("lines ended by CR LF", (text + "\n" + good).replace("\n", "\r\n"), [LEDGER_KEY.vkey], "parse")
    case("a time without microseconds",
         text.replace(CHECKPOINT_TIMES[5], "2026-02-01T08:00:02Z") + "\n" + good, [LEDGER_KEY.vkey],
         "parse")
    case("a root of 31 bytes",
         text.replace(base64.b64encode(mth(leaves)).decode(), base64.b64encode(mth(leaves)[:31]).decode())
         + "\n" + good, [LEDGER_KEY.vkey], "parse")
    case("a head in upper-case hex", text.replace(hashes[4], hashes[4].upper()) + "\n" + good,
         [LEDGER_KEY.vkey], "parse")
    case("a signature line begun by an en dash", text + "\n" + good.replace("\u2014", "\u2013"),
         [LEDGER_KEY.vkey], "parse")
    case("no signature line", text + "\n", [LEDGER_KEY.vkey], "parse")
    case("the last line without its line feed", text + "\n" + good.rstrip("\n"), [LEDGER_KEY.vkey],
         "parse")
    return out


def bundle_cases():
    base, hashes, leaves = base_tree()
    cp3, cp5 = checkpoint_note(3, LEDGER_KEY), checkpoint_note(5, LEDGER_KEY)
    b64 = lambda h: base64.b64encode(h).decode()  # noqa: E731
    inclusion = {"checkpoint": cp5, "entry": b64(canonical(base[2])),
                 "format": "aidledger-inclusion-proof/v1", "leaf_index": 2,
                 "proof": [b64(h) for h in rfc_path(2, leaves)], "seq": 3}
    consistency = {"format": "aidledger-consistency-proof/v1", "new_checkpoint": cp5,
                   "old_checkpoint": cp3, "proof": [b64(h) for h in rfc_subproof(3, leaves, True)]}
    same = {"format": "aidledger-consistency-proof/v1", "new_checkpoint": cp5,
            "old_checkpoint": cp5, "proof": []}
    out = []

    def case(name, data, stage):
        """stage: "ok", "parse" (not a bundle of section 10) or "verify" (a bundle whose
        signature, entry or proof does not check out)."""
        out.append({"name": name, "bytes_hex": data.hex(), "trusted": [LEDGER_KEY.vkey], "expect": stage})

    case("an inclusion proof of entry 3 in the tree of 5", canonical(inclusion), "ok")
    case("the same, followed by one line feed", canonical(inclusion) + b"\n", "ok")
    case("a consistency proof from 3 to 5", canonical(consistency), "ok")
    case("a consistency proof between equal sizes (empty proof, equal roots)", canonical(same), "ok")
    case("followed by two line feeds", canonical(inclusion) + b"\n\n", "parse")
    case("pretty-printed", json.dumps(inclusion, indent=1, sort_keys=True, ensure_ascii=False).encode(),
         "parse")
    case("with another member", canonical(dict(inclusion, note="x")), "parse")
    case("without its seq", canonical({k: v for k, v in inclusion.items() if k != "seq"}), "parse")
    case("an unknown format", canonical(dict(inclusion, format="aidledger-inclusion-proof/v2")), "parse")
    bad_path = [b64(h) for h in rfc_path(2, leaves)]
    bad_path[0] = b64(bytes(32))
    case("a step of the path changed", canonical(dict(inclusion, proof=bad_path)), "verify")
    case("a leaf index that is not seq - 1", canonical(dict(inclusion, leaf_index=3)), "parse")
    case("the entry of another seq", canonical(dict(inclusion, entry=b64(canonical(base[3])))), "verify")
    case("a checkpoint with a bad signature",
         canonical(dict(inclusion, checkpoint=cp5[:-2] + ("A" if cp5[-2] != "A" else "B") + "\n")),
         "verify")
    case("consistency with a proof step dropped",
         canonical(dict(consistency, proof=consistency["proof"][:-1])), "verify")
    case("consistency from the later to the earlier",
         canonical(dict(consistency, old_checkpoint=cp5, new_checkpoint=cp3)), "verify")
    case("equal sizes with a proof that is not empty", canonical(dict(same, proof=consistency["proof"])),
         "verify")
    return out


def export_text(base, notes, keys, header=None):
    lines = [header or {"checkpoints": len(notes), "format": "aidledger-export/v1",
                        "ledger_id": LEDGER_ID, "size": len(base)}]
    lines += [{"vkey": k.vkey} for k in keys]
    lines += [{"checkpoint": n} for n in notes]
    lines += [{"canonical": base64.b64encode(canonical(e)).decode(), "hash": entry_hash(canonical(e)),
               "seq": e["seq"]} for e in base]
    return b"".join(canonical(l) + b"\n" for l in lines)


def export_cases():
    base, hashes, leaves = base_tree()
    cp3, cp5 = checkpoint_note(3, LEDGER_KEY), checkpoint_note(5, LEDGER_KEY)
    good = export_text(base, [cp3, cp5], [LEDGER_KEY])
    lines = good.split(b"\n")[:-1]
    out = []

    def case(name, data, expect, witnesses=()):
        out.append({"name": name, "bytes_hex": data.hex(), "witnesses": list(witnesses),
                    "expect": expect})

    def fails(code, seq):
        return {"ok": False, "code": code, "seq": seq}

    def join(ls):
        return b"".join(l + b"\n" for l in ls)

    ok = {"ok": True, "size": 5, "head": hashes[4]}
    case("an export of five entries with two checkpoints", good, ok)
    case("the same, checked against a checkpoint the auditor kept", good, ok, [cp3])
    case("a header written before it counted checkpoints",
         export_text(base, [cp3, cp5], [LEDGER_KEY],
                     {"format": "aidledger-export/v1", "ledger_id": LEDGER_ID, "size": 5}), ok)
    case("lines ended by CR LF", good.replace(b"\n", b"\r\n"), fails("malformed_line", 1))
    case("the last line without its line feed", good[:-1], fails("malformed_line", 5))
    case("an entry line with white space", join(lines[:6] + [lines[6].replace(b'","', b'", "', 1)] + lines[7:]),
         fails("malformed_line", 3))
    entry3 = json.loads(lines[6])  # header, key, two checkpoints, then entries 1, 2, 3
    case("an entry line with another member", join(lines[:6] + [canonical(dict(entry3, note="x"))] + lines[7:]),
         fails("malformed_line", 3))
    case("a header naming another ledger",
         export_text(base, [cp3, cp5], [LEDGER_KEY], {"checkpoints": 2, "format": "aidledger-export/v1",
                                                       "ledger_id": LEDGER_ID[:-1] + "d", "size": 5}),
         fails("header_mismatch", 1))
    case("a checkpoint line dropped", export_text(base, [cp5], [LEDGER_KEY],
                                                  {"checkpoints": 2, "format": "aidledger-export/v1",
                                                   "ledger_id": LEDGER_ID, "size": 5}),
         fails("header_mismatch", 0))
    case("a checkpoint line dropped and the count edited with it: a kept checkpoint finds it",
         export_text(base, [cp5], [LEDGER_KEY]), fails("witness_mismatch", 3), [cp3])
    case("a header declaring six entries",
         export_text(base, [cp3, cp5], [LEDGER_KEY], {"checkpoints": 2, "format": "aidledger-export/v1",
                                                       "ledger_id": LEDGER_ID, "size": 6}),
         fails("head_mismatch", 6))
    case("a header declaring six entries of another ledger: the count is checked first",
         export_text(base, [cp3, cp5], [LEDGER_KEY], {"checkpoints": 2, "format": "aidledger-export/v1",
                                                       "ledger_id": LEDGER_ID[:-1] + "d", "size": 6}),
         fails("head_mismatch", 6))
    case("the last entry dropped (its checkpoint kept)", export_text(base[:4], [cp3, cp5], [LEDGER_KEY]),
         fails("bad_checkpoint", 5))
    wrong_root = note(body(3, mth(leaves[:2]), hashes[2], CHECKPOINT_TIMES[3]), LEDGER_KEY)
    case("a checkpoint signed over another root", export_text(base, [wrong_root, cp5], [LEDGER_KEY]),
         fails("bad_checkpoint", 3))
    entry_changed = lines[6].replace(b'"hash":"' + hashes[2].encode(), b'"hash":"' + hashes[3].encode())
    case("an entry line whose hash is another's", join(lines[:6] + [entry_changed] + lines[7:]),
         fails("hash_mismatch", 3))
    return out


# --- section 6.1: the books' rules, replayed --------------------------------
#
# Short chains of books entries on a ledger begun under the current rules, each with the first
# entry a replay must refuse (or none), and the member the refusal names (null when the rule is
# about the actor or the entry as a whole).

RULES_GENESIS_AT = "2026-12-07T01:00:00.000000Z"
T1, T2, C1, C2, ADMIN = (("t-zhang", "treasurer"), ("t-li", "treasurer"), ("c-wang", "coordinator"),
                         ("c-zhao", "coordinator"), ("a-chen", "admin"))
FUND = {"code": "STUDENT_AID", "name_en": "Student aid", "name_zh": "助学基金", "purpose": "助学金",
        "restricted": True, "serves": ["student"]}
GENERAL = {"code": "GENERAL", "name_en": "General fund", "name_zh": "非限定基金", "purpose": "",
           "restricted": False, "serves": []}


def gift(receipt, minor, ref="WX-0001", memo="", fund="STUDENT_AID", date="2026-12-07", separate=False):
    return {"amount": money(minor), "channel": "wechat_pay", "date": date, "donor": None,
            "external_ref": ref, "fund": fund, "memo": memo, "receipt": receipt, "separate_gift": separate}


def luhn_ok(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def grouped_card():
    """A 19-digit card number passing Luhn, written in groups of 4, 4, 4, 4 and 3."""
    digits = next(n for n in (f"622200000000000000{d}" for d in range(10)) if luhn_ok(n))
    return " ".join([digits[0:4], digits[4:8], digits[8:12], digits[12:16], digits[16:]])


def books_chain(steps, genesis_at=RULES_GENESIS_AT):
    """steps: list of (actor, kind, payload); entries a second apart after the genesis."""
    out = [genesis(at=genesis_at)]
    start = int(genesis_at[17:19])
    for i, ((actor, role), kind, payload) in enumerate(steps, start=1):
        at = genesis_at[:14] + f"{(i // 60):02d}:{(start + i) % 60:02d}" + genesis_at[19:]
        prev = entry_hash(canonical(out[-1]))
        out.append(entry(len(out) + 1, prev, at, kind, actor, role, payload))
    return out


def books_cases():
    opened = [(T1, "fund.opened", FUND)]
    out = []

    def case(name, steps, fails_at=None, member=None, genesis_at=RULES_GENESIS_AT):
        chain = books_chain(steps, genesis_at)
        expect = {"ok": True} if fails_at is None else {"ok": False, "seq": fails_at, "member": member}
        out.append({"name": name, "rows": rows_of(chain), "expect": expect})

    case("a fund opened and a gift to it", opened + [(T1, "donation.recorded", gift("2026-000001", 125000))])
    case("a gift recorded by a coordinator", opened + [(C1, "donation.recorded", gift("2026-000001", 125000))],
         3, None)
    case("a fund code in small letters", [(T1, "fund.opened", dict(FUND, code="student_aid"))], 2, "code")
    case("a restricted fund that serves nobody", [(T1, "fund.opened", dict(FUND, serves=[]))], 2, "serves")
    case("a payload with another member",
         opened + [(T1, "donation.recorded", dict(gift("2026-000001", 100), note="x"))], 3, "payload")
    case("a gift of the cap, 10^10 minor units",
         opened + [(T1, "donation.recorded", gift("2026-000001", 10**10))])
    case("a gift one minor unit above the cap",
         opened + [(T1, "donation.recorded", gift("2026-000001", 10**10 + 1))], 3, "amount")
    case("the same gift in a ledger begun before the current rules (no cap then)",
         [(T1, "fund.opened", FUND),
          (T1, "donation.recorded", gift("2026-000001", 10**10 + 1, date="2026-01-02"))],
         genesis_at="2026-01-01T00:00:00.000000Z")
    case("an admin raises the cap, then the larger gift is taken",
         opened + [(ADMIN, "policy.set", {"max_entry_minor": 10**11}),
                   (T1, "donation.recorded", gift("2026-000001", 10**10 + 1))])
    case("a policy entry setting two things at once",
         [(ADMIN, "policy.set", {"approvals_required": 2, "max_entry_minor": 10**11})], 2, None)
    case("a memo holding a resident ID number (valid check character)",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, memo="张三 11010519491231002X"))],
         3, "memo")
    case("a memo holding a mobile number in full-width digits",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, memo="电话 １３８００１３８０００"))],
         3, "memo")
    case("a memo holding a bank card number in groups (Luhn)",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, memo="卡号 " + grouped_card()))],
         3, "memo")
    case("a memo holding an e-mail address",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, memo="a.donor@example.com"))],
         3, "memo")
    case("an 18-character number whose check character is wrong is no ID number",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, memo="批次 110105194912310021"))])
    case("a payment reference may hold a long number",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, ref="4200001234567890123456"))])
    case("a memo with a line feed",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, memo="第一行\n第二行"))])
    case("a memo with an escape character",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, memo="a\u001b[31mb"))], 3, "memo")
    case("a memo with a right-to-left override",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, memo="abc\u202edef"))], 3, "memo")
    case("a fund name with a line feed", [(T1, "fund.opened", dict(FUND, name_zh="助学\n基金"))], 2,
         "name_zh")
    case("a receipt number that skips one",
         opened + [(T1, "donation.recorded", gift("2026-000002", 100))], 3, "receipt")
    case("the same payment reference twice on a channel",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100)),
                   (T1, "donation.recorded", gift("2026-000002", 100))], 4, "external_ref")
    case("the same payment reference, recorded as a separate gift",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100)),
                   (T1, "donation.recorded", gift("2026-000002", 100, separate=True))])
    gifted = opened + [(T1, "donation.recorded", gift("2026-000001", 125000))]
    reversal = {"amount": money(-125000), "counter_fund": None, "date": "2026-12-07", "fund": "STUDENT_AID",
                "nature": "cash", "proposal": 4, "reason": "recorded twice", "reverses": 3}
    proposed = gifted + [(T1, "entry.reversal_proposed", {"reason": "recorded twice", "reverses": 3})]
    case("a reversal proposed by one treasurer and confirmed by another",
         proposed + [(T2, "entry.reversed", reversal)])
    case("a reversal confirmed by its proposer", proposed + [(T1, "entry.reversed", reversal)], 5, None)
    case("a reversal confirmed by a coordinator", proposed + [(C1, "entry.reversed", reversal)], 5, None)
    case("a reversal without a proposal (none exempt by default)",
         gifted + [(T1, "entry.reversed", dict(reversal, proposal=None))], 4, "proposal")
    case("a reversal that does not repeat the proposal's reason",
         proposed + [(T2, "entry.reversed", dict(reversal, reason="another reason"))], 5, "reason")
    case("a reversal in the form from before four eyes, in a ledger begun since",
         gifted + [(T1, "entry.reversed", {k: v for k, v in reversal.items() if k != "proposal"})], 4,
         "payload")
    case("a reversal under the exemption the policy sets needs no second person",
         gifted + [(ADMIN, "policy.set", {"reversal_exempt_below": 200000}),
                   (T1, "entry.reversed", dict(reversal, proposal=None))])
    november = [(T1, "fund.opened", FUND),
                (T1, "donation.recorded", gift("2026-000001", 50000, date="2026-11-30"))]
    balances = [{"currency": "CNY", "fund": "STUDENT_AID", "minor": 50000, "nature": "cash"}]
    close = {"balances": balances, "period": "2026-11", "proposal": 4, "through": "2026-11-30"}
    case("November closed by two people",
         november + [(T1, "period.close_proposed", {"period": "2026-11", "through": "2026-11-30"}),
                     (T2, "period.closed", close)])
    case("November closed by the one who proposed it",
         november + [(T1, "period.close_proposed", {"period": "2026-11", "through": "2026-11-30"}),
                     (T1, "period.closed", close)], 5, None)
    case("a close whose balances are not the books'",
         november + [(T1, "period.close_proposed", {"period": "2026-11", "through": "2026-11-30"}),
                     (T2, "period.closed", dict(close, balances=[dict(balances[0], minor=40000)]))], 5,
         "balances")
    case("after November's close, a gift dated in November",
         november + [(T1, "period.close_proposed", {"period": "2026-11", "through": "2026-11-30"}),
                     (T2, "period.closed", close),
                     (T1, "donation.recorded", gift("2026-000002", 100, ref="WX-0002", date="2026-11-29"))],
         6, "date")
    case("December proposed before November's close",
         november + [(T1, "period.close_proposed", {"period": "2026-11", "through": "2026-11-30"}),
                     (T2, "period.closed", close),
                     (T1, "period.close_proposed", {"period": "2027-01", "through": "2027-01-31"})], 6,
         "period")
    # Costs: proposed by one person, recorded by another; a restricted fund
    # pays only programme costs; one voucher of a payee pays once.
    funded = opened + [(T1, "fund.opened", GENERAL),
                       (T1, "donation.recorded", gift("2026-000001", 100000)),
                       (T1, "donation.recorded", gift("2026-000002", 50000, ref="WX-0002", fund="GENERAL"))]
    # Paid through WeChat Pay, from the merchant account the gifts came into.
    cost = {"amount": money(12050), "category": "program", "channel": "wechat_pay", "date": "2026-12-07",
            "fund": "STUDENT_AID", "payee": "顺达运输公司", "purpose": "运送助学物资", "voucher": "INV-0001"}

    def recorded(proposed, proposal, ref="B-778"):
        return dict(proposed, amount=money(-proposed["amount"]["minor"]), external_ref=ref, proposal=proposal)

    costed = funded + [(C1, "cost.proposed", cost)]
    case("a cost proposed by a coordinator and recorded by a treasurer",
         costed + [(T1, "cost.recorded", recorded(cost, 6))])
    case("a cost recorded by its proposer",
         funded + [(T1, "cost.proposed", cost), (T1, "cost.recorded", recorded(cost, 6))], 7, None)
    case("a cost recorded by a coordinator", costed + [(C2, "cost.recorded", recorded(cost, 6))], 7, None)
    case("a cost recorded without a proposal (none exempt by default)",
         funded + [(T1, "cost.recorded", recorded(cost, None))], 6, "proposal")
    case("a cost under the exemption the policy sets needs no second person",
         funded + [(ADMIN, "policy.set", {"cost_exempt_below": 20000}),
                   (T1, "cost.recorded", recorded(cost, None))])
    case("a cost recorded for more than was proposed",
         costed + [(T1, "cost.recorded", dict(recorded(cost, 6), amount=money(-12051)))], 7, "proposal")
    case("an administrative cost proposed against a restricted fund",
         funded + [(C1, "cost.proposed", dict(cost, category="admin"))], 6, "category")
    case("an administrative cost of the unrestricted fund",
         funded + [(C1, "cost.proposed", dict(cost, category="admin", fund="GENERAL")),
                   (T1, "cost.recorded", recorded(dict(cost, category="admin", fund="GENERAL"), 6))])
    case("a cost of a category the accounting system does not have",
         funded + [(C1, "cost.proposed", dict(cost, category="salaries"))], 6, "category")
    case("a cost of more than the fund holds",
         funded + [(C1, "cost.proposed", dict(cost, amount=money(100001))),
                   (T1, "cost.recorded", recorded(dict(cost, amount=money(100001)), 6))], 7, "amount")
    case("the same payee's voucher on a second cost",
         costed + [(T1, "cost.recorded", recorded(cost, 6)),
                   (C1, "cost.proposed", dict(cost, amount=money(100)))], 8, "voucher")
    case("the same voucher number from another payee",
         costed + [(T1, "cost.recorded", recorded(cost, 6)),
                   (C1, "cost.proposed", dict(cost, payee="光明印刷厂"))])
    # Income other than gifts: no receipt; one bank credit is a gift or income.
    income = {"amount": money(500000), "category": "government_grant", "channel": "bank_transfer",
              "date": "2026-12-07", "document": "民发〔2026〕12号", "external_ref": "B-9001",
              "fund": "STUDENT_AID", "memo": "", "payer": "市民政局"}
    case("a government grant recorded as income, then the next gift takes the first receipt",
         opened + [(T1, "income.recorded", income),
                   (T1, "donation.recorded", gift("2026-000001", 100))])
    case("income of a category that is none", opened + [(T1, "income.recorded", dict(income, category="donation"))],
         3, "category")
    case("income recorded by a coordinator", opened + [(C1, "income.recorded", income)], 3, None)
    case("income by bank transfer without its reference",
         opened + [(T1, "income.recorded", dict(income, external_ref=None))], 3, "external_ref")
    case("income whose bank reference a gift recorded before",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, ref="B-9001")),
                   (T1, "income.recorded", dict(income, channel="wechat_pay"))], 4, "external_ref")
    case("income whose bank reference a gift recorded on another channel",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, ref="B-9001")),
                   (T1, "income.recorded", income)])
    # Accounts where money sits: every ledger has the channels' default
    # accounts (CASH, BANK, WECHAT_PAY, ALIPAY, OTHER); a treasurer opens
    # others and moves money between them; no account goes below zero.
    icbc = {"code": "BANK_ICBC", "institution": "中国工商银行", "name": "工商银行基本户",
            "number_tail": "1234", "type": "bank"}
    settle = {"amount": money(100000), "date": "2026-12-07", "external_ref": "WXS-1207", "from": "WECHAT_PAY",
              "memo": "微信支付结算", "to": "BANK_ICBC"}
    banked = funded + [(T1, "account.opened", icbc), (T1, "account.transferred", settle)]
    by_bank = dict(cost, channel="bank_transfer")
    case("a bank account opened, WeChat Pay's settlement moved to it, a cost paid from it",
         banked + [(C1, "cost.proposed", by_bank), (T1, "cost.recorded", dict(recorded(by_bank, 8), account="BANK_ICBC"))])
    case("a cost paid by bank transfer from the default bank account, which holds nothing",
         funded + [(C1, "cost.proposed", by_bank), (T1, "cost.recorded", recorded(by_bank, 6))], 7, "amount")
    case("aid paid from an account that was never opened",
         funded + [(C1, "cost.proposed", by_bank), (T1, "cost.recorded", dict(recorded(by_bank, 6), account="BANK_BOC"))],
         7, "account")
    case("a gift into an opened account, and its reversal proposed while the account still holds it",
         opened + [(T1, "account.opened", icbc),
                   (T1, "donation.recorded", dict(gift("2026-000001", 5000, ref="B-1"), channel="bank_transfer",
                                                  account="BANK_ICBC")),
                   (T1, "entry.reversal_proposed", {"reason": "重复录入", "reverses": 4})])
    case("a gift's reversal proposed after its account paid the money on",
         opened + [(T1, "account.opened", icbc),
                   (T1, "donation.recorded", dict(gift("2026-000001", 5000, ref="B-1"), channel="bank_transfer",
                                                  account="BANK_ICBC")),
                   (T1, "account.transferred", dict(settle, amount=money(5000), **{"from": "BANK_ICBC", "to": "CASH"})),
                   (T1, "entry.reversal_proposed", {"reason": "重复录入", "reverses": 4})], 6, "reverses")
    case("an account opened by a coordinator", opened + [(C1, "account.opened", icbc)], 3, None)
    case("an account opened with its whole number",
         opened + [(T1, "account.opened", dict(icbc, number_tail="6222020200112231234"))], 3, "number_tail")
    case("an account opened under a default account's code",
         opened + [(T1, "account.opened", dict(icbc, code="BANK"))], 3, "code")
    case("a bank account without its bank", opened + [(T1, "account.opened", dict(icbc, institution=""))], 3,
         "institution")
    case("money moved out of an account that holds less",
         funded + [(T1, "account.opened", icbc), (T1, "account.transferred", dict(settle, amount=money(150001)))],
         7, "amount")
    case("an account closed while it holds money",
         funded + [(T1, "account.closed", {"code": "WECHAT_PAY", "reason": "销户"})], 6, "code")
    case("an empty account closed, then a gift into it refused",
         opened + [(T1, "account.opened", icbc), (T1, "account.closed", {"code": "BANK_ICBC", "reason": "销户"}),
                   (T1, "donation.recorded", dict(gift("2026-000001", 5000, ref="B-1"), channel="bank_transfer",
                                                  account="BANK_ICBC"))], 5, "account")
    case("a default account closed, then a gift by its channel without an account refused",
         opened + [(T1, "account.closed", {"code": "ALIPAY", "reason": "不再使用"}),
                   (T1, "donation.recorded", dict(gift("2026-000001", 5000, ref="A-1"), channel="alipay"))],
         4, "account")
    case("money moved from an account to itself",
         funded + [(T1, "account.transferred", dict(settle, to="WECHAT_PAY"))], 6, "to")
    # Opening balances: proposed by one treasurer, recorded line by line, in
    # order, by another; of one day, with nothing dated before it.
    lines = [{"account": "BANK", "amount": money(8000000), "fund": "STUDENT_AID"},
             {"account": "CASH", "amount": money(35000), "fund": "STUDENT_AID"}]
    opening = {"date": "2026-12-01", "lines": lines, "memo": "2026年11月30日银行对账单"}

    def line(i, proposal=3, **changes):
        return dict(lines[i], date="2026-12-01", line=i, proposal=proposal, **changes)

    case("opening balances proposed by one treasurer, recorded line by line by another, then aid paid from them",
         opened + [(T1, "opening.proposed", opening), (T2, "opening.recorded", line(0)),
                   (T2, "opening.recorded", line(1)),
                   (T1, "account.transferred", dict(settle, amount=money(5000), **{"from": "BANK", "to": "CASH"}))])
    case("opening balances recorded by their proposer",
         opened + [(T1, "opening.proposed", opening), (T1, "opening.recorded", line(0))], 4, None)
    case("opening balances proposed by a coordinator", opened + [(C1, "opening.proposed", opening)], 3, None)
    case("an opening's second line recorded before its first",
         opened + [(T1, "opening.proposed", opening), (T2, "opening.recorded", line(1))], 4, "line")
    case("an opening line recorded with another amount than proposed",
         opened + [(T1, "opening.proposed", opening), (T2, "opening.recorded", dict(line(0), amount=money(1)))],
         4, "proposal")
    case("an opening line of a balance of zero",
         opened + [(T1, "opening.proposed", dict(opening, lines=[dict(lines[0], amount=money(0))]))], 3,
         "lines[0].amount")
    case("a gift dated before the books' opening day",
         opened + [(T1, "opening.proposed", opening), (T2, "opening.recorded", line(0)),
                   (T2, "opening.recorded", line(1)),
                   (T1, "donation.recorded", gift("2026-000001", 100, date="2026-11-30"))], 6, "date")
    case("opening balances proposed after a gift dated before their day",
         opened + [(T1, "donation.recorded", gift("2026-000001", 100, date="2026-11-30")),
                   (T1, "opening.proposed", opening)], 4, "date")
    case("an opening balance reversed",
         opened + [(T1, "opening.proposed", opening), (T2, "opening.recorded", line(0)),
                   (T2, "opening.recorded", line(1)),
                   (T1, "entry.reversal_proposed", {"reason": "金额有误", "reverses": 4})], 6, "reverses")
    case("a ledger begun before the current rules pays from a channel that holds nothing, as it was written",
         funded + [(C1, "cost.proposed", by_bank), (T1, "cost.recorded", recorded(by_bank, 6))],
         genesis_at="2026-01-01T00:00:00.000000Z")
    return out


def main():
    vectors = {
        "description": "aidledger ledger format v1 test vectors (docs/ledger-format.md); "
                       "generated by tests/independent/make_vectors.py",
        "entry_hash_prefix_hex": ENTRY_PREFIX.hex(),
        "canonical_json": canonical_json_cases(),
        "entries": entry_cases(),
        "chains": chains(),
        "merkle": merkle_cases(),
        "keys": key_cases(),
        "checkpoints": checkpoint_cases(),
        "bundles": bundle_cases(),
        "exports": export_cases(),
        "books": books_cases(),
    }
    json.dump(vectors, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
