#!/usr/bin/env python3
"""Independent offline verifier of an iamvault audit export, written from docs/audit.md and docs/format.md
§5.4 alone (Python standard library only: hashlib.blake2b, json).

  audit-verify-export.py EXPORT.jsonl (--key-fd N | --key-file PATH) [--head SEQ:MAC] [--partial]

The key is K_audit as 64 hex characters (`iamvault audit key`, AuditLog.exportVerificationKey), read from
file descriptor N or from a file. --head checks that the export reaches a chain head printed and kept
elsewhere (otherwise lines cut off the end of an export cannot be noticed). --partial accepts an export that
starts after seq 1 (a SIEM's window): each line is still checked against its own prev_mac.

Exit codes: 0 intact (prints "intact: N entries"); 5 integrity failure (prints "seq N: KIND: detail" for the
first bad line, KIND one of edited, missing, reordered, truncated, head_mismatch); 2 usage or a malformed key.
"""
from __future__ import annotations

import argparse
import calendar
import hashlib
import hmac
import json
import os
import re
import struct
import sys

EXIT_OK, EXIT_USAGE, EXIT_INTEGRITY = 0, 2, 5
MAC_PREFIX = b"iamvault/v1/audit\x00"
GENESIS = bytes(32)
TIME_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})Z$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_TIME_MS = 253_402_300_799_999


class Broken(Exception):
    def __init__(self, seq: int, kind: str, detail: str) -> None:
        super().__init__(f"seq {seq}: {kind}: {detail}")
        self.seq, self.kind, self.detail = seq, kind, detail


def u32(n: int) -> bytes:
    return struct.pack(">I", n)


def text(s: str) -> bytes:
    """str(s) = u32be(len(utf8(s))) || utf8(s)"""
    raw = s.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError: not something iamvault writes
    return u32(len(raw)) + raw


def parse_time(value: object) -> int:
    """RFC 3339 UTC with exactly three fractional digits -> integer milliseconds since the epoch."""
    if not isinstance(value, str) or not (m := TIME_RE.match(value)):
        raise ValueError("time is not RFC 3339 UTC with milliseconds")
    year, month, day, hour, minute, second, milli = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1] and hour < 24 and minute < 60
            and second < 60 and year >= 1970):
        raise ValueError("time is not a valid instant")
    ms = calendar.timegm((year, month, day, hour, minute, second)) * 1000 + milli
    if ms > MAX_TIME_MS:
        raise ValueError("time is out of range")
    return ms


def is_int(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def canonical(entry: dict) -> bytes:
    """docs/format.md §5.4, rebuilt from the exported fields."""
    seq, event, account, actor, details = (entry.get(k) for k in ("seq", "event", "account", "actor", "details"))
    if not is_int(seq, 1, 2**53) or not isinstance(event, str) or not (account is None or isinstance(account, str)):
        raise ValueError("seq, event or account has the wrong type")
    if not isinstance(actor, dict) or not isinstance(details, dict):
        raise ValueError("actor or details is not an object")
    user, uid, pid, command = (actor.get(k) for k in ("user", "uid", "pid", "command"))
    if not (isinstance(user, str) and is_int(uid, 0, 2**32 - 1) and is_int(pid, -(2**31), 2**31 - 1)
            and isinstance(command, str)):
        raise ValueError("actor fields have the wrong types")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in details.items()):
        raise ValueError("details must map strings to strings")
    out = struct.pack(">QQ", seq, parse_time(entry.get("time"))) + text(event)
    out += b"\x00" if account is None else b"\x01" + text(account)
    out += text(user) + u32(uid) + u32(pid & 0xFFFFFFFF) + text(command)
    items = sorted(details.items(), key=lambda kv: kv[0].encode("utf-8"))
    out += u32(len(items)) + b"".join(text(k) + text(v) for k, v in items)
    return out


def chain_mac(key: bytes, previous: bytes, body: bytes) -> bytes:
    """mac_n = BLAKE2b-256(key = K_audit, "iamvault/v1/audit" || 0x00 || mac_(n-1) || canonical_n)"""
    return hashlib.blake2b(MAC_PREFIX + previous + body, digest_size=32, key=key).digest()


def hex32(value: object) -> bytes:
    if not isinstance(value, str) or not HEX64_RE.match(value):
        raise ValueError("a MAC is not 64 lower-case hex digits")
    return bytes.fromhex(value)


class PendingIDs:
    """Folded unlock failures carry pending ids 1, 2, 3...; a gap means a failure record was deleted."""

    def __init__(self) -> None:
        self.expected = 1

    def check(self, seq: int, entry: dict) -> None:
        if entry.get("event") != "vault.unlock_failed":
            return
        details = entry["details"]
        if "pending_ids_lost" in details:
            raise Broken(seq, "missing", f"unlock-failure records {details['pending_ids_lost']} were deleted before they were folded")
        if "pending_id" not in details:
            return
        if not re.fullmatch(r"[0-9]+", details["pending_id"]):
            raise Broken(seq, "edited", "its pending id is not a number")
        pending = int(details["pending_id"])
        if pending > self.expected:
            raise Broken(seq, "missing", f"unlock-failure records {self.expected}-{pending - 1} were deleted before they were folded")
        if pending < self.expected:
            raise Broken(seq, "missing", f"unlock-failure record {pending} comes again: the failure counter was reset")
        self.expected = pending + 1


def verify(lines: list[str], key: bytes, head: tuple[int, bytes] | None, partial: bool) -> int:
    expected, previous, pending, count = None, GENESIS, PendingIDs(), 0
    for number, line in enumerate(lines, start=1):
        where = expected if expected is not None else 1
        try:
            entry = json.loads(line)
            if not isinstance(entry, dict):
                raise ValueError("not a JSON object")
            body = canonical(entry)
            mac, prev_mac = hex32(entry.get("mac")), hex32(entry.get("prev_mac"))
        except (ValueError, UnicodeEncodeError) as error:
            raise Broken(where, "edited", f"line {number} is malformed ({error})") from None
        seq = entry["seq"]
        if expected is None:
            expected = seq if partial else 1
            previous = prev_mac if partial else GENESIS
        if seq > expected:
            raise Broken(expected, "missing", f"the export goes from entry {expected - 1} to {seq}")
        if seq < expected:
            raise Broken(seq, "reordered", f"entry {seq} appears after entry {expected - 1}")
        if not hmac.compare_digest(prev_mac, previous):
            raise Broken(seq, "edited", "its prev_mac is not the previous entry's MAC")
        if not hmac.compare_digest(chain_mac(key, previous, body), mac):
            raise Broken(seq, "edited", "its MAC does not match its content and the entry before it")
        if not partial:  # a window that starts mid-chain cannot know which pending id comes next
            pending.check(seq, entry)
        previous, expected, count = mac, seq + 1, count + 1
    last = (expected or 1) - 1
    if head is not None:
        head_seq, head_mac = head
        if head_seq > last:
            raise Broken(last + 1, "truncated", f"the export ends at {last} but the head is {head_seq}")
        if head_seq < last:
            raise Broken(head_seq + 1, "head_mismatch", f"entries follow the given head {head_seq}")
        if not hmac.compare_digest(previous, head_mac):
            raise Broken(last, "head_mismatch", "the last entry's MAC differs from the given head")
    return count


def read_key(args: argparse.Namespace) -> bytes:
    if args.key_file is not None:
        with open(args.key_file, "rb") as handle:
            raw = handle.read()
    else:
        with os.fdopen(args.key_fd, "rb", closefd=False) as handle:
            raw = handle.readline()
    digits = raw.strip().decode("ascii", errors="replace")
    if not HEX64_RE.match(digits):
        raise SystemExit("audit-verify-export: error: the key must be 64 lower-case hex digits (K_audit)")
    return bytes.fromhex(digits)


def main() -> int:
    parser = argparse.ArgumentParser(description="Verify an iamvault audit export (JSON Lines) offline.")
    parser.add_argument("export", help="the exported .jsonl file ('-' for stdin)")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--key-fd", type=int, metavar="N", help="read K_audit (hex) from file descriptor N")
    group.add_argument("--key-file", metavar="PATH", help="read K_audit (hex) from a file")
    parser.add_argument("--head", metavar="SEQ:MAC", help="the chain head the export must end at")
    parser.add_argument("--partial", action="store_true", help="the export may start after seq 1")
    args = parser.parse_args()
    head = None
    if args.head is not None:
        match = re.fullmatch(r"([1-9][0-9]*):([0-9a-f]{64})", args.head)
        if not match:
            print("audit-verify-export: error: --head must be SEQ:MAC (64 lower-case hex digits)", file=sys.stderr)
            return EXIT_USAGE
        head = (int(match.group(1)), bytes.fromhex(match.group(2)))
    try:
        key = read_key(args)
    except SystemExit as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    source = sys.stdin if args.export == "-" else open(args.export, encoding="utf-8", newline="\n")
    with source:
        lines = [line.rstrip("\n") for line in source]
    if lines and lines[-1] == "":
        lines.pop()
    try:
        count = verify(lines, key, head, args.partial)
    except Broken as broken:
        print(f"seq {broken.seq}: {broken.kind}: {broken.detail}")
        return EXIT_INTEGRITY
    print(f"intact: {count} entries")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
