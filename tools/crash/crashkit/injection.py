"""Self-tests of the checks: fabricate, on disk, a state that a non-atomic or non-durable vault could leave
after a kill, and expect verification to fail. Each exits 0 only if the checks caught it.

- lost-write: an acknowledged rotate (exit 0) vanishes (the file from before it is put back).
- version-without-audit: a rotate stopped between "new version sealed" and "audit appended": the new
  `secret_version` row is in the file from before the rotate, whose audit chain and head are intact.
- audit-without-version: the rotate's audit entry is there, its `secret_version` row is not.
"""
import os
import shutil
import sqlite3

from . import operations
from .harness import CrashHarness, HarnessFailure
from .operations import Operation

INJECTIONS = {"lost-write", "version-without-audit", "audit-without-version"}
SUFFIXES = ("", "-wal", "-shm")


class InjectionHarness(CrashHarness):
    def __init__(self, binary: str, workdir: str, seed: int, injection: str) -> None:
        super().__init__(binary, workdir, seed, kills=0, mode="client")
        self.injection = injection
        self.current_mode = "client"

    def run(self) -> None:
        self.expect_clean(self.runner.run(["init", "--kdf-memory", "64", "--kdf-ops", "2"], passphrase=True), "init")
        for _ in range(2):
            self.complete(operations.add(self.model, self.values))
        before = self.model
        name = sorted(before.accounts)[0]
        rotation = self.operation = operations.rotate(before, self.values, name)
        self.register(rotation)
        self.stop_agent()
        snapshot = self.copy_files(os.path.join(self.workdir, "snapshot"))
        outcome = self.runner.run(rotation.arguments, rotation.stdin, passphrase=True)
        self.expect_clean(outcome, "rotate")
        acknowledged = self.fabricate(snapshot, name)
        self.start_agent()
        seen = self.observer.observe()
        if seen.problems:
            raise HarnessFailure("; ".join(seen.problems))
        self.resolve(before, rotation, not acknowledged, seen, outcome)
        self.stop_agent()

    def complete(self, operation: Operation) -> None:
        self.register(operation)
        self.stop_agent()
        self.expect_clean(self.runner.run(operation.arguments, operation.stdin, passphrase=True), operation.describe())
        self.start_agent()
        seen = self.observer.observe()
        if seen.problems:
            raise RuntimeError("; ".join(seen.problems))  # not the injected fault: the self-test itself failed
        self.model = self.resolve(self.model, operation, False, seen, None)
        self.model.events += [operations.event("handle.opened", n, self.model.account(n).newest, channel=c)
                              for n, c in seen.reads]

    def fabricate(self, snapshot: str, name: str) -> bool:
        """Returns whether the rotate counts as acknowledged in the fabricated story."""
        entry = self.entry_id(name)
        if self.injection == "lost-write":
            self.restore(snapshot)
            return True
        if self.injection == "audit-without-version":
            with sqlite3.connect(self.runner.vault) as database:
                database.execute("DELETE FROM secret_version WHERE entry_id = ? AND version = 2", (entry,))
            return False
        with sqlite3.connect(self.runner.vault) as database:
            row = database.execute("SELECT * FROM secret_version WHERE entry_id = ? AND version = 2", (entry,)).fetchone()
            columns = [column[1] for column in database.execute("PRAGMA table_info(secret_version)")]
        self.restore(snapshot)
        with sqlite3.connect(self.runner.vault) as database:
            database.execute(f"INSERT INTO secret_version ({', '.join(columns)}) VALUES ({', '.join('?' * len(row))})", row)
        return False

    def entry_id(self, name: str) -> bytes:
        """The entry of `name`: the only one whose versions include version 2 right after the rotate."""
        with sqlite3.connect(self.runner.vault) as database:
            rows = database.execute("SELECT entry_id FROM secret_version WHERE version = 2").fetchall()
        if len(rows) != 1:
            raise RuntimeError(f"expected one entry with a version 2 after rotating {name}, found {len(rows)}")
        return rows[0][0]

    def copy_files(self, folder: str) -> str:
        os.makedirs(folder, exist_ok=True)
        for suffix in SUFFIXES:
            if os.path.exists(self.runner.vault + suffix):
                shutil.copy2(self.runner.vault + suffix, folder)
        return folder

    def restore(self, folder: str) -> None:
        for suffix in SUFFIXES:
            target = self.runner.vault + suffix
            if os.path.exists(target):
                os.remove(target)
            source = os.path.join(folder, os.path.basename(target))
            if os.path.exists(source):
                shutil.copy2(source, target)
