#!/usr/bin/env python3
"""Writes tests/vectors/ledger-v1.json from docs/ledger-format.md, independently of the C++ code.

The expectations of the tampered chains are stated here, case by case, from the format's rules;
the C++ tests and tests/independent/verify_ledger.py must both agree with them. Rerun only when the format
changes (a new version), never to make a failing test pass:

    python3 tests/independent/make_vectors.py > tests/vectors/ledger-v1.json
"""
import json
import sys

from verify_ledger import ENTRY_PREFIX, ZERO_HASH, canonical, entry_hash, mth

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


def main():
    vectors = {
        "description": "aidledger ledger format v1 test vectors (docs/ledger-format.md); "
                       "generated by tests/independent/make_vectors.py",
        "entry_hash_prefix_hex": ENTRY_PREFIX.hex(),
        "canonical_json": canonical_json_cases(),
        "entries": entry_cases(),
        "chains": chains(),
        "merkle": merkle_cases(),
    }
    json.dump(vectors, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
