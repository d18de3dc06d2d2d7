"""What the vault holds after a kill, seen two independent ways: through the binary (a freshly started agent:
`list`, `read` of every account, `audit verify`, `audit list`) and through tools/format-reader, which decrypts
every stored version from docs/format.md alone and checks its fingerprint."""
import functools
import importlib.util
import json
import os
import sqlite3
from dataclasses import dataclass, field

from .model import Event, event_of
from .runner import PASSPHRASE, BinaryRunner

READER_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "format-reader", "read_vault.py")


def load_reader():
    spec = importlib.util.spec_from_file_location("iamvault_format_reader", READER_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Argon2id of the same passphrase, salt and cost always gives the same key: computed once per run.
    module.pwhash = functools.lru_cache(maxsize=4)(module.pwhash)
    return module


@dataclass
class StoredVersion:
    value: str
    metadata: dict


@dataclass
class Observation:
    """`problems` are failures whatever the model says (a command failed, the chain or a record is broken)."""
    listed: dict[str, dict] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)
    payloads: dict[str, dict] = field(default_factory=dict)
    stored: dict[str, dict[int, StoredVersion]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    reads: list[tuple[str, str]] = field(default_factory=list)  # (account, channel) of our own audited reads
    problems: list[str] = field(default_factory=list)


class Observer:
    def __init__(self, runner: BinaryRunner) -> None:
        self.runner = runner
        self.reader = load_reader()

    def observe(self) -> Observation:
        """Needs a running agent (started after the kill, so it opened the vault afresh)."""
        seen = Observation()
        listing = self.runner.run(["list", "--json"])
        if listing.status != 0:
            seen.problems.append(f"`list --json` exited {listing.status}: {listing.stderr.strip()}")
            return seen
        seen.listed = {account["name"]: account for account in json.loads(listing.stdout)}
        verify = self.runner.run(["audit", "verify"])
        if verify.status != 0:
            seen.problems.append(f"`audit verify` exited {verify.status}: {verify.stderr.strip()}")
        log = self.runner.run(["audit", "list", "--json"])
        if log.status != 0:
            seen.problems.append(f"`audit list --json` exited {log.status}: {log.stderr.strip()}")
        entries = [json.loads(line) for line in log.stdout.decode().splitlines() if line.strip()]
        seen.events = [e for e in map(event_of, entries) if e is not None]
        self.read_independently(seen)
        for name in sorted(seen.listed):
            read = self.runner.run(["read", name])
            if read.status != 0 or read.trapped:
                seen.problems.append(f"`read {name}` exited {read.status}: {read.stderr.strip()}")
                continue
            seen.current[name] = read.stdout.decode("utf-8", "replace")
            seen.reads.append((name, "pipe"))
        return seen

    def read_independently(self, seen: Observation) -> None:
        reader = self.reader
        try:
            database = reader.open_container(self.runner.vault)
            try:
                vault = reader.read_vault(database, "passphrase", PASSPHRASE)
            finally:
                database.close()
        except (reader.ReaderError, sqlite3.DatabaseError) as error:
            seen.problems.append(f"the independent format reader failed: {error}")
            return
        for entry in vault["entries"]:
            name = entry["name"]
            seen.payloads[name] = json.loads(bytes.fromhex(entry["payloadHex"]))
            seen.stored[name] = {
                version["version"]: StoredVersion(bytes.fromhex(version["valueHex"]).decode("utf-8", "replace"),
                                                  json.loads(bytes.fromhex(version["metadataHex"])))
                for version in entry["versions"]}
