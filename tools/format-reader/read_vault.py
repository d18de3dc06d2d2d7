#!/usr/bin/env python3
"""Independent reader of the iamvault on-disk format, version 1, written from docs/format.md alone.
Each function names the section of docs/format.md it implements.

WARNING: a verification tool for tests. It prints every secret value and its metadata (as hex) to stdout
BY DESIGN; never run it where that output could be seen or logged.

  read_vault.py VAULT_PATH (--passphrase-fd N | --recovery-key-fd N)   # one line is read from fd N
  read_vault.py --check-vector VECTOR_JSON                              # recompute the §7 test vector
Exit codes: 0 ok; 2 usage, passphrase not 1-1024 bytes, mistyped recovery key; 3 wrong passphrase or
recovery key; 4 not a vault, newer format, missing file; 5 integrity failure, damaged key slot, vector
mismatch, Argon2id out of memory (with its own message).
"""
import argparse
import base64
import ctypes
import ctypes.util
import hashlib
import json
import os
import sqlite3
import struct
import sys
import unicodedata
import urllib.parse

EXIT_USAGE, EXIT_WRONG_KEY, EXIT_NOT_VAULT, EXIT_INTEGRITY = 2, 3, 4, 5
APPLICATION_ID, FORMAT_VERSION = 0x69617674, 1
NONCE_LEN, MAC_LEN, KEY_LEN, ARGON2ID13 = 24, 16, 32, 2
SLOT_KDF = {"passphrase": "argon2id13", "recovery": "kdf-blake2b"}
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class ReaderError(Exception):
    """A failure with its exit code; the message never contains a secret."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


SODIUM = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
if SODIUM.sodium_init() < 0:
    raise RuntimeError("sodium_init failed")
_P, _ULL, _SIZE = ctypes.c_char_p, ctypes.c_ulonglong, ctypes.c_size_t
SODIUM.crypto_pwhash.argtypes = [_P, _ULL, _P, _ULL, _P, _ULL, _SIZE, ctypes.c_int]
SODIUM.crypto_secretbox_easy.argtypes = SODIUM.crypto_secretbox_open_easy.argtypes = [_P, _P, _ULL, _P, _P]
SODIUM.crypto_kdf_derive_from_key.argtypes = [_P, _SIZE, ctypes.c_uint64, _P, _P]


# ---- primitives -----------------------------------------------------------------------------------
def blake2b256(message: bytes, key: bytes = b"") -> bytes:  # crypto_generichash, 32 bytes, (un)keyed
    return hashlib.blake2b(message, digest_size=32, key=key).digest()


def kdf_derive(key: bytes, subkey_id: int, ctx: bytes, sodium: bool = False) -> bytes:
    """crypto_kdf_derive_from_key(32, id, ctx, key): with hashlib, or (sodium=True, to cross-check) libsodium."""
    if not sodium:
        return hashlib.blake2b(digest_size=32, key=key, salt=struct.pack("<Q", subkey_id) + bytes(8),
                               person=ctx + bytes(8)).digest()
    out = ctypes.create_string_buffer(32)
    if SODIUM.crypto_kdf_derive_from_key(out, 32, subkey_id, ctx, key) != 0:
        raise RuntimeError("crypto_kdf_derive_from_key failed")
    return out.raw


def pwhash(passphrase: bytes, salt: bytes, ops: int, mem: int) -> bytes:
    """§3.2 KEK_pass: crypto_pwhash, Argon2id13, 32 bytes. Failure (bounds already checked) is out of memory."""
    out = ctypes.create_string_buffer(KEY_LEN)
    if SODIUM.crypto_pwhash(out, KEY_LEN, passphrase, len(passphrase), salt, ops, mem, ARGON2ID13) != 0:
        raise ReaderError(EXIT_INTEGRITY, f"Argon2id could not allocate its memory ({mem} bytes)")
    return out.raw


def seal(key: bytes, nonce: bytes, message: bytes) -> bytes:
    """§3.4: nonce (24) || tag (16) || ciphertext."""
    out = ctypes.create_string_buffer(MAC_LEN + len(message))
    if SODIUM.crypto_secretbox_easy(out, message, len(message), nonce, key) != 0:
        raise RuntimeError("crypto_secretbox_easy failed")
    return nonce + out.raw


def open_sealed(key: bytes, sealed: object) -> bytes | None:
    """§3.4: the plaintext, or None if the blob is not bytes, too short, or its MAC fails."""
    if not isinstance(sealed, bytes) or len(sealed) < NONCE_LEN + MAC_LEN:
        return None
    c = sealed[NONCE_LEN:]
    out = ctypes.create_string_buffer(max(1, len(c) - MAC_LEN))
    if SODIUM.crypto_secretbox_open_easy(out, c, len(c), sealed[:NONCE_LEN], key) != 0:
        return None
    return out.raw[:len(c) - MAC_LEN]


# ---- §3 keys --------------------------------------------------------------------------------------
def slot_checksum(kind: str, kdf: str, ops: int, mem: int, salt: bytes, wrapped: bytes) -> bytes:  # §3.3
    return blake2b256(b"iamvault/v1/slot\x00" + kind.encode() + b"\x00" + kdf.encode() + b"\x00"
                      + struct.pack(">QQQ", ops, mem, len(salt)) + salt
                      + struct.pack(">Q", len(wrapped)) + wrapped)


def recovery_display(key: bytes) -> str:
    """§3.7: base32(key || first 3 bytes of the checksum hash), 14 groups of 4 joined by '-'."""
    text = base64.b32encode(key + blake2b256(b"iamvault/v1/recovery\x00" + key)[:3]).decode()
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery(line: bytes) -> bytes:
    """§3.7: ignore '-', spaces, tabs; accept lower case; read 0, 1, 8 as O, I, B. Errors are input errors."""
    text = line.decode("ascii", "replace").upper().translate(str.maketrans("018", "OIB", "- \t"))
    if len(text) != 56 or any(ch not in BASE32 for ch in text):  # 56 x 5 bits = 35 bytes: no leftover bits
        raise ReaderError(EXIT_USAGE, "mistyped recovery key (expected 56 base32 characters)")
    key = base64.b32decode(text)[:32]
    if recovery_display(key).replace("-", "") != text:
        raise ReaderError(EXIT_USAGE, "mistyped recovery key (checksum mismatch)")
    return key


def load_slot(db: sqlite3.Connection, kind: str) -> tuple[bytes, int, int, bytes]:
    """§3.3 checksum first, then the slot kind and the §3.2 bounds; nothing is derived here. A missing
    row, a checksum mismatch or a value out of bounds is a damaged slot."""
    row = db.execute("SELECT kind, kdf, salt, ops_limit, mem_limit, wrapped_key, checksum FROM key_slot"
                     " WHERE kind = ?", (kind,)).fetchone()
    if row is None:
        raise ReaderError(EXIT_INTEGRITY, f"damaged key slot: no {kind} slot")
    skind, kdf, salt, ops, mem, wrapped, checksum = row
    well_typed = (isinstance(skind, str) and isinstance(kdf, str) and isinstance(ops, int)
                  and isinstance(mem, int) and 0 <= ops < 2**64 and 0 <= mem < 2**64
                  and all(isinstance(b, bytes) for b in (salt, wrapped, checksum)))
    if not well_typed or slot_checksum(skind, kdf, ops, mem, salt, wrapped) != checksum:
        raise ReaderError(EXIT_INTEGRITY, f"damaged key slot: {kind} checksum mismatch")
    if kind == "passphrase":
        ok = len(salt) == 16 and 2 <= ops <= 32 and 67108864 <= mem <= 4294967296 and mem % 1024 == 0
    else:
        ok = salt == b"" and ops == 0 and mem == 0
    if skind != kind or kdf != SLOT_KDF[kind] or not ok or len(wrapped) != NONCE_LEN + MAC_LEN + KEY_LEN:
        raise ReaderError(EXIT_INTEGRITY, f"damaged key slot: {kind} slot kind or parameters out of bounds")
    return salt, ops, mem, wrapped


def unwrap_vault_key(db: sqlite3.Connection, kind: str, secret: bytes) -> bytes:
    """§3.2: KEK from the passphrase (Argon2id) or the recovery key (crypto_kdf), then secretbox_open."""
    if kind == "passphrase" and not 1 <= len(secret) <= 1024:  # refused before anything is derived
        raise ReaderError(EXIT_USAGE, "passphrase must be 1 to 1024 bytes")
    salt, ops, mem, wrapped = load_slot(db, kind)
    kek = pwhash(secret, salt, ops, mem) if kind == "passphrase" else kdf_derive(secret, 1, b"ivrecovr")
    vault_key = open_sealed(kek, wrapped)
    if vault_key is None:
        raise ReaderError(EXIT_WRONG_KEY, f"wrong {'passphrase' if kind == 'passphrase' else 'recovery key'}")
    return vault_key


def subkeys(vault_key: bytes) -> dict[str, bytes]:
    """§3.5: K_records (1), K_name (2), K_fingerprint (3), K_audit (4)."""
    ids = {"records": 1, "name": 2, "fingerprint": 3, "audit": 4}
    return {name: kdf_derive(vault_key, i, b"iamvault") for name, i in ids.items()}


# ---- §4 derived values, §5.2 entry plaintext ------------------------------------------------------
def k_rec(k_records: bytes, purpose: str, owner: bytes, version: int) -> bytes:  # §4.1
    return blake2b256(b"iamvault/v1/record\x00" + purpose.encode() + b"\x00" + owner
                      + struct.pack(">Q", version), key=k_records)


def normalize(name: str) -> str:
    """§4.2 lowercase(NFC(name)): each scalar's full lowercase mapping on its own, so no Final_Sigma rule
    (str.lower() on the whole string would turn a final Σ into ς)."""
    return "".join(ch.lower() for ch in unicodedata.normalize("NFC", name))


def name_index(k_name: bytes, name: str) -> bytes:  # §4.2
    return blake2b256(b"iamvault/v1/name\x00" + normalize(name).encode(), key=k_name)


def fingerprint(k_fingerprint: bytes, value: bytes) -> bytes:  # §4.3
    return blake2b256(b"iamvault/v1/fingerprint\x00" + value, key=k_fingerprint)


def parse_entry(plain: bytes | None) -> tuple[str, bytes] | None:
    """§5.2 u32be(n) || name || payload: (name, payload), or None if it does not open, the prefix is longer
    than the plaintext, or the name is not valid UTF-8."""
    if plain is None or len(plain) < 4 or struct.unpack(">I", plain[:4])[0] > len(plain) - 4:
        return None
    n = struct.unpack(">I", plain[:4])[0]
    try:
        return plain[4:4 + n].decode("utf-8"), plain[4 + n:]
    except UnicodeDecodeError:
        return None


# ---- §1, §2, §3.6, §5: reading a vault ------------------------------------------------------------
def open_container(path: str) -> sqlite3.Connection:
    """§1: open read-only through SQLite (which applies the WAL); check application_id, user_version."""
    if not os.path.isfile(path):
        raise ReaderError(EXIT_NOT_VAULT, "vault file not found")
    try:
        db = sqlite3.connect(f"file:{urllib.parse.quote(os.path.abspath(path))}?mode=ro", uri=True)
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        raise ReaderError(EXIT_NOT_VAULT, "not a vault (not an SQLite database)") from None
    if app_id != APPLICATION_ID or version < 1:
        db.close()
        raise ReaderError(EXIT_NOT_VAULT, f"not a vault (application_id {app_id}, user_version {version})")
    if version > FORMAT_VERSION:
        db.close()
        raise ReaderError(EXIT_NOT_VAULT, f"newer format (version {version}); this reader knows 1")
    return db


def blob(value: object, length: int) -> bytes:
    if not isinstance(value, bytes) or len(value) != length:
        raise ReaderError(EXIT_INTEGRITY, "integrity failure: malformed column")
    return value


def read_vault(db: sqlite3.Connection, kind: str, secret: bytes) -> dict:
    """§2 `vault` row, the vault key (§3.2), the key check (§3.6), then every entry and version."""
    rows = db.execute("SELECT singleton, format_version, vault_id, sealed_metadata FROM vault").fetchall()
    if len(rows) != 1 or rows[0][0] != 1 or rows[0][1] != db.execute("PRAGMA user_version").fetchone()[0]:
        raise ReaderError(EXIT_INTEGRITY, "integrity failure: vault row missing or inconsistent")
    vault_id = blob(rows[0][2], 16)
    keys = subkeys(unwrap_vault_key(db, kind, secret))
    plain = open_sealed(k_rec(keys["records"], "vault-metadata", vault_id, 0), rows[0][3])
    try:  # a MAC failure, JSON that does not decode, or another vaultID all fail the key check
        metadata = json.loads(plain.decode("utf-8")) if plain is not None else None
    except ValueError:
        metadata = None
    if not isinstance(metadata, dict) or metadata.get("vaultID") != vault_id.hex():
        raise ReaderError(EXIT_INTEGRITY, "integrity failure: key check against vault metadata failed")
    entries = read_records(db, keys)
    ordered = sorted(entries.values(), key=lambda e: (normalize(e["name"]), e["name"], e["entryID"]))
    return {"vaultID": vault_id.hex(), "metadata": metadata, "entries": ordered}


def read_records(db: sqlite3.Connection, keys: dict[str, bytes]) -> dict[bytes, dict]:
    """`entry` rows: §5.2 entry metadata, then the §4.2 name-index check (swapped indexes are tampering);
    then `secret_version` rows, ascending: §5.3 value and metadata, then the §4.3 fingerprint check."""
    entries = {}
    for entry_id, index, sealed in db.execute("SELECT entry_id, name_index, sealed_metadata FROM entry"):
        entry_id = blob(entry_id, 16)
        parsed = parse_entry(open_sealed(k_rec(keys["records"], "entry-metadata", entry_id, 0), sealed))
        if parsed is None:
            raise ReaderError(EXIT_INTEGRITY, f"integrity failure: entry {entry_id.hex()} metadata")
        if name_index(keys["name"], parsed[0]) != index:
            raise ReaderError(EXIT_INTEGRITY, f"integrity failure: entry {entry_id.hex()} name_index")
        entries[entry_id] = {"entryID": entry_id.hex(), "name": parsed[0], "payloadHex": parsed[1].hex(),
                             "versions": []}
    query = ("SELECT entry_id, version, fingerprint, sealed_value, sealed_metadata FROM secret_version"
             " ORDER BY entry_id, version")
    for entry_id, version, fp, sealed_value, sealed_meta in db.execute(query):
        entry = entries.get(blob(entry_id, 16))
        if entry is None or not isinstance(version, int) or version < 1:
            raise ReaderError(EXIT_INTEGRITY, "integrity failure: orphan or invalid secret_version row")
        where = f"entry {entry_id.hex()} version {version}"
        value = open_sealed(k_rec(keys["records"], "secret-value", entry_id, version), sealed_value)
        meta = open_sealed(k_rec(keys["records"], "secret-metadata", entry_id, version), sealed_meta)
        if value is None or meta is None:
            raise ReaderError(EXIT_INTEGRITY, f"integrity failure: {where} does not open")
        if fingerprint(keys["fingerprint"], value) != fp:
            raise ReaderError(EXIT_INTEGRITY, f"integrity failure: {where} fingerprint mismatch")
        entry["versions"].append({"version": version, "metadataHex": meta.hex(), "valueHex": value.hex()})
    return entries


# ---- §7 test vector -------------------------------------------------------------------------------
def check_vector(path: str) -> int:
    """Recompute every §7 value from its fixed inputs and compare with the JSON file, key by key."""
    try:
        with open(path, encoding="utf-8") as f:
            expected = json.load(f)
    except (OSError, ValueError):
        raise ReaderError(EXIT_USAGE, "cannot read the vector file as JSON") from None
    if not isinstance(expected, dict):
        raise ReaderError(EXIT_USAGE, "the vector file is not a JSON object")
    # §7 fixed inputs (byte runs such as 000102...0f written as ranges)
    passphrase, salt, ops, mem = b"correct horse battery staple", bytes(range(0x00, 0x10)), 2, 67108864
    vault_key, recovery_key = bytes(range(0x20, 0x40)), bytes(range(0x60, 0x80))
    pass_nonce, rec_nonce = bytes(range(0x40, 0x58)), bytes(range(0x50, 0x68))
    entry_id, entry_nonce = bytes(range(0xA0, 0xB0)), bytes(range(0xD0, 0xE8))
    entry_plain = bytes.fromhex("0000000c") + b"Contoso-Prod" + b"{}"
    unicode_name = "\u039f\u0394\u039f\u03a3-Cafe\u0301"  # Greek ΟΔΟΣ, then e + COMBINING ACUTE ACCENT
    value, value_nonce = b"example-secret-value", bytes(range(0xB0, 0xC8))

    kek_pass, kek_rec = pwhash(passphrase, salt, ops, mem), kdf_derive(recovery_key, 1, b"ivrecovr")
    wrapped, rec_wrapped = seal(kek_pass, pass_nonce, vault_key), seal(kek_rec, rec_nonce, vault_key)
    keys = subkeys(vault_key)
    k_entry = k_rec(keys["records"], "entry-metadata", entry_id, 0)
    k_value = k_rec(keys["records"], "secret-value", entry_id, 1)
    sealed_entry, sealed_value = seal(k_entry, entry_nonce, entry_plain), seal(k_value, value_nonce, value)
    display = recovery_display(recovery_key)
    computed = {
        "kek_pass": kek_pass.hex(), "wrapped_key": wrapped.hex(),
        "slot_checksum": slot_checksum("passphrase", "argon2id13", ops, mem, salt, wrapped).hex(),
        "recovery_display": display, "kek_rec": kek_rec.hex(), "recovery_wrapped_key": rec_wrapped.hex(),
        "recovery_slot_checksum": slot_checksum("recovery", "kdf-blake2b", 0, 0, b"", rec_wrapped).hex(),
        **{f"k_{name}": key.hex() for name, key in keys.items()},
        "name_index": name_index(keys["name"], "Contoso-Prod").hex(),
        "name_index_unicode": name_index(keys["name"], unicode_name).hex(),
        "k_rec_entry": k_entry.hex(), "sealed_entry_metadata": sealed_entry.hex(),
        "k_rec_value": k_value.hex(), "sealed_value": sealed_value.hex(),
        "fingerprint": fingerprint(keys["fingerprint"], value).hex(),
    }
    names = sorted(set(computed) | set(expected))  # a key missing on either side (or unknown) is a mismatch
    results = [(name, name in computed and expected.get(name) == computed[name]) for name in names]

    # The same values reached another way, through the reader's own vault-reading paths.
    slots = sqlite3.connect(":memory:")
    slots.execute("CREATE TABLE key_slot (kind, kdf, salt, ops_limit, mem_limit, wrapped_key, checksum)")
    for kind, kdf, s, o, m, w in (("passphrase", "argon2id13", salt, ops, mem, wrapped),
                                  ("recovery", "kdf-blake2b", b"", 0, 0, rec_wrapped)):
        slots.execute("INSERT INTO key_slot VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (kind, kdf, s, o, m, w, slot_checksum(kind, kdf, o, m, s, w)))
    typed = display.lower().replace("o", "0").replace("-", " ").encode()
    kdf_inputs = [(recovery_key, 1, b"ivrecovr")] + [(vault_key, i, b"iamvault") for i in range(1, 5)]
    results += [
        ("crosscheck:kdf_hashlib_vs_libsodium",
         all(kdf_derive(*args) == kdf_derive(*args, sodium=True) for args in kdf_inputs)),
        ("crosscheck:unwrap_passphrase_slot", unwrap_vault_key(slots, "passphrase", passphrase) == vault_key),
        ("crosscheck:unwrap_recovery_slot",  # display form retyped: lower case, 0 for O, spaces for '-'
         unwrap_vault_key(slots, "recovery", parse_recovery(typed)) == vault_key),
        ("crosscheck:normalize_unicode_name", normalize(unicode_name) == "\u03bf\u03b4\u03bf\u03c3-caf\u00e9"),
        ("crosscheck:open_sealed_entry",
         parse_entry(open_sealed(k_entry, sealed_entry)) == ("Contoso-Prod", b"{}")),
        ("crosscheck:open_sealed_value", open_sealed(k_value, sealed_value) == value),
    ]
    slots.close()
    for name, ok in results:
        print(f"{'ok' if ok else 'MISMATCH'} {name}")
    return 0 if all(ok for _, ok in results) else EXIT_INTEGRITY


# ---- command line ---------------------------------------------------------------------------------
def read_line(fd: int) -> bytes:
    """One line from fd, without its trailing newline (only the newline is stripped)."""
    try:
        with os.fdopen(fd, "rb", closefd=False) as f:
            line = f.readline()
    except OSError:
        raise ReaderError(EXIT_USAGE, f"cannot read from file descriptor {fd}") from None
    return line[:-1] if line.endswith(b"\n") else line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Independent iamvault format v1 reader (prints secrets!).")
    parser.add_argument("vault", nargs="?", help="path to vault.db")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--passphrase-fd", type=int, metavar="N")
    group.add_argument("--recovery-key-fd", type=int, metavar="N")
    group.add_argument("--check-vector", metavar="VECTOR_JSON")
    args = parser.parse_args(argv)
    if (args.vault is None) != (args.check_vector is not None):
        parser.error("give a vault path with --passphrase-fd/--recovery-key-fd, or --check-vector alone")
    try:
        if args.check_vector is not None:
            return check_vector(args.check_vector)
        if args.passphrase_fd is not None:
            kind, secret = "passphrase", read_line(args.passphrase_fd)
        else:
            kind, secret = "recovery", parse_recovery(read_line(args.recovery_key_fd))
        db = open_container(args.vault)
        try:
            result = read_vault(db, kind, secret)
        except sqlite3.DatabaseError as error:
            raise ReaderError(EXIT_INTEGRITY, f"integrity failure: database error ({error})") from None
        finally:
            db.close()
    except ReaderError as error:
        print(f"read_vault: {error}", file=sys.stderr)
        return error.code
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
