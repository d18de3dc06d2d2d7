"""The loop: pick an operation, run it through the real binary, SIGKILL the command (client mode) or the agent
serving it (agent mode) at a random moment, then verify the vault from scratch against the model."""
import json
import os
import random
import shutil
import time

from . import operations
from .checker import Checker
from .model import VaultModel, event
from .observation import Observation, Observer
from .operations import Operation
from .runner import BinaryRunner, Outcome
from .stats import RunStatistics
from .timing import KillTiming
from .values import ValueFactory


# What a client must say when its agent died after receiving the request (docs/cli.md, exit code 7).
UNKNOWN_OUTCOME = "may or may not have been carried out"


class HarnessFailure(Exception):
    """A check failed: the message says what was wrong."""


class CrashHarness:
    def __init__(self, binary: str, workdir: str, seed: int, kills: int, mode: str) -> None:
        self.seed, self.target, self.mode = seed, kills, mode
        self.rng = random.Random(seed)
        self.values = ValueFactory(self.rng)
        self.runner = BinaryRunner(binary, workdir)
        self.workdir = workdir
        self.model = VaultModel()
        self.owners: dict[str, str] = {}
        self.checker = Checker(self.owners)
        self.observer = Observer(self.runner)
        self.timing = KillTiming(self.rng)
        self.stats = RunStatistics()
        self.agent: int | None = None
        self.iteration = 0
        self.operation: Operation | None = None
        self.current_mode = "setup"

    # ---- agent lifecycle --------------------------------------------------------------------------
    def start_agent(self) -> None:
        """A fresh agent: proves the vault opens with the passphrase after whatever the kill left."""
        if self.agent is not None:
            return
        unlock = self.runner.run(["unlock", "--timeout", "30m"], passphrase=True)
        self.expect_clean(unlock, "unlock (the vault must open after the kill)")
        status = self.runner.run(["status", "--json"])
        pid = json.loads(status.stdout or b"{}").get("agentPID")
        if status.status != 0 or not isinstance(pid, int):
            raise HarnessFailure(f"`status --json` after unlock exited {status.status} without an agentPID")
        self.agent = pid

    def stop_agent(self) -> None:
        if self.agent is None:
            return
        self.expect_clean(self.runner.run(["lock"]), "lock")
        self.runner.kill_agent(self.agent)  # already stopping; makes sure it is gone and reaped
        self.agent = None

    @staticmethod
    def expect_clean(outcome: Outcome, what: str) -> None:
        if outcome.status != 0 or outcome.trapped or outcome.hung:
            raise HarnessFailure(f"{what} exited {outcome.status}{' (hung)' if outcome.hung else ''}: {outcome.stderr.strip()}")

    # ---- one iteration ----------------------------------------------------------------------------
    def run(self) -> None:
        self.expect_clean(self.runner.run(["init", "--kdf-memory", "64", "--kdf-ops", "2"], passphrase=True),
                          "init at the floor KDF cost")
        self.model.events = []
        while self.stats.kills < self.target:
            self.iteration += 1
            self.current_mode = self.rng.choice(["client", "agent"]) if self.mode == "both" else self.mode
            self.step()
        self.stop_agent()

    def step(self) -> None:
        before = self.model
        operation = self.operation = operations.choose(before, self.values)
        self.register(operation)
        delay, duration = self.timing.draw(self.current_mode, operation.kind)
        if self.current_mode == "client":
            self.stop_agent()
            outcome = self.runner.run_killing_itself(operation.arguments, operation.stdin, delay)
            in_flight = self.judge_client(outcome)
        else:
            self.start_agent()
            agent, self.agent = self.agent, None
            outcome, waiting = self.runner.run_killing_agent(operation.arguments, operation.stdin, delay, agent)
            in_flight = self.judge_agent(outcome, waiting)
        if os.environ.get("CRASH_HARNESS_DEBUG"):
            print(f"debug {self.current_mode} {operation.kind} delay={delay:.3f} expected={duration:.3f} "
                  f"took={outcome.seconds:.3f} killed={outcome.killed} status={outcome.status} {outcome.stderr.strip()[:150]!r}")
        if outcome.killed or self.current_mode == "agent":
            self.stats.by_kind[operation.kind] += 1
            self.stats.kill_phase(delay, duration)
        if not in_flight:
            self.timing.record(self.current_mode, operation.kind, outcome.seconds)
        self.runner.reap_orphans()
        self.check_output(operation, outcome)
        self.start_agent()
        seen = self.observer.observe()
        if seen.problems:
            raise HarnessFailure("; ".join(seen.problems))
        self.model = self.resolve(before, operation, in_flight, seen, outcome)
        self.model.events += [event("handle.opened", name, self.model.account(name).newest, channel=channel)
                              for name, channel in seen.reads]

    def register(self, operation: Operation) -> None:
        """Remembers whose a new secret is, so that a value read anywhere names its account and version."""
        if operation.new_secret is not None:
            version = operation.after.account(operation.account).newest
            self.owners[operation.new_secret] = f"the secret captured as version {version} of {operation.account}"

    def judge_client(self, outcome: Outcome) -> bool:
        """True when the command was killed before it exited (its effect is unknown until verified)."""
        if outcome.killed:
            self.stats.counts["client-kills"] += 1
            return True
        self.stats.counts["client-completed"] += 1
        self.expect_clean(outcome, "the command (not killed)")
        return False

    def judge_agent(self, outcome: Outcome, waiting: bool) -> bool:
        """The agent died; the command must have succeeded, or failed with a clear documented error."""
        self.stats.counts["agent-kills"] += 1
        if waiting:
            self.stats.counts["agent-mid-request"] += 1
        if outcome.hung:
            raise HarnessFailure("the command hung after its agent was killed")
        if outcome.trapped or outcome.status < 0 or outcome.status > 7:
            raise HarnessFailure(f"the command crashed after its agent was killed (exit {outcome.status}): {outcome.stderr.strip()}")
        if outcome.status == 0:
            self.stats.counts["agent-mid-request-ok"] += waiting
            return False
        if not waiting:
            raise HarnessFailure(f"the command failed before the agent was killed (exit {outcome.status}): {outcome.stderr.strip()}")
        if "iamvault: error:" not in outcome.stderr:
            raise HarnessFailure(f"the command exited {outcome.status} without an `iamvault: error:` message: {outcome.stderr.strip()!r}")
        self.stats.counts[f"agent-error-exit-{outcome.status}"] += 1
        return True

    def check_output(self, operation: Operation, outcome: Outcome) -> None:
        """A retrieval prints exactly the account's newest value (a killed one may print nothing)."""
        if operation.expected_output is None:
            return
        printed = outcome.stdout.decode("utf-8", "replace")
        if printed == operation.expected_output or (printed == "" and outcome.status != 0):
            return
        raise HarnessFailure(f"{operation.kind} {operation.label} printed {self.checker.owner(printed)}")

    def resolve(self, before: VaultModel, operation: Operation, in_flight: bool, seen: Observation,
                outcome: Outcome) -> VaultModel:
        after_differences = self.checker.differences(operation.after, seen)
        if not after_differences:
            if in_flight:
                self.stats.counts[f"{self.current_mode}-applied"] += 1
            if in_flight and outcome is not None and outcome.status > 0 and UNKNOWN_OUTCOME not in outcome.stderr:
                raise HarnessFailure(f"the command failed (exit {outcome.status}) yet its change was made, and its message "
                                     f"does not say the outcome is unknown: {outcome.stderr.strip()}")
            return operation.after
        if not in_flight:
            raise HarnessFailure("an acknowledged operation (exit 0) is not in the vault as a whole: "
                                 + "; ".join(after_differences))
        before_differences = self.checker.differences(before, seen)
        if not before_differences:
            if operation.expected_output is not None and outcome.stdout:
                raise HarnessFailure("the secret left the vault but its retrieval is not in the audit log")
            return before
        raise HarnessFailure("the interrupted operation left a partial state, neither before nor after. Against after: "
                             + "; ".join(after_differences) + ". Against before: " + "; ".join(before_differences))

    # ---- failure ----------------------------------------------------------------------------------
    def keep_evidence(self) -> str:
        """Copies the vault, its WAL and shared memory files to a folder for inspection."""
        folder = os.path.join(self.workdir, f"failure-iteration-{self.iteration}")
        os.makedirs(folder, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.runner.vault + suffix):
                shutil.copy2(self.runner.vault + suffix, folder)
        return folder

    def cleanup(self) -> None:
        if self.agent is not None:
            self.runner.run(["lock"])
            self.runner.kill_agent(self.agent)
            self.agent = None
        time.sleep(0.05)
        self.runner.reap_orphans()
