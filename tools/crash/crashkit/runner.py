"""Runs the real `iamvault` binary: one private home per run, the passphrase through a pipe (never argv or the
environment), and SIGKILL at a chosen moment, to the command itself or to the agent serving it."""
import ctypes
import os
import select
import signal
import subprocess
import time
from dataclasses import dataclass

PASSPHRASE = b"crash harness passphrase, not a secret"
PR_SET_CHILD_SUBREAPER = 36
TRAP_MARKERS = ("Fatal error", "Illegal instruction", "Trace/breakpoint", "Stack dump", "Segmentation fault",
                "Current stack trace", "Assertion failed", "Precondition failed")


@dataclass
class Outcome:
    """How one command ended. `killed`: our SIGKILL ended it (client mode) or reached the agent while the
    command was still waiting for it (agent mode)."""
    status: int
    stdout: bytes
    stderr: str
    seconds: float
    killed: bool
    hung: bool = False

    @property
    def trapped(self) -> bool:
        return any(marker in self.stderr for marker in TRAP_MARKERS)


class BinaryRunner:
    """The binary and its environment: IAMVAULT_PATH, XDG_RUNTIME_DIR and HOME inside the work folder. The
    harness becomes a child subreaper, so agents started by `unlock` (and children of a killed `exec`) are
    its own children: a killed agent is reaped and known dead before the next step."""

    def __init__(self, binary: str, workdir: str, timeout: float = 60.0) -> None:
        self.binary = binary
        self.vault = os.path.join(workdir, "vault.db")
        self.runtime = os.path.join(workdir, "run")
        os.makedirs(self.runtime, mode=0o700, exist_ok=True)
        self.timeout = timeout
        self.environment = dict(os.environ, IAMVAULT_PATH=self.vault, XDG_RUNTIME_DIR=self.runtime, HOME=workdir)
        for variable in ("AZURE_CLIENT_SECRET", "AZURE_CLIENT_ID", "AZURE_TENANT_ID"):
            self.environment.pop(variable, None)
        libc = ctypes.CDLL(None, use_errno=True)
        self.subreaper = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0

    def start(self, arguments: list[str], stdin: bytes = b"", passphrase: bool = False) -> subprocess.Popen:
        descriptors: tuple[int, ...] = ()
        extra: list[str] = []
        if passphrase:
            read_end, write_end = os.pipe()
            os.write(write_end, PASSPHRASE + b"\n")
            os.close(write_end)
            descriptors, extra = (read_end,), ["--passphrase-fd", str(read_end)]
        try:
            cut = arguments.index("--") if "--" in arguments else len(arguments)  # before exec's child command
            process = subprocess.Popen([self.binary] + arguments[:cut] + extra + arguments[cut:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, env=self.environment, pass_fds=descriptors)
        finally:
            for descriptor in descriptors:
                os.close(descriptor)
        try:
            process.stdin.write(stdin)  # a few bytes: never blocks on the pipe
            process.stdin.close()
        except BrokenPipeError:
            pass
        process.stdin = None  # closed: communicate() must not touch it
        return process

    def finish(self, process: subprocess.Popen, started: float, killed: bool) -> Outcome:
        try:
            out, err = process.communicate(timeout=self.timeout)
            hung = False
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            hung = True
        return Outcome(process.returncode, out, err.decode("utf-8", "replace"), time.monotonic() - started, killed, hung)

    def run(self, arguments: list[str], stdin: bytes = b"", passphrase: bool = False) -> Outcome:
        started = time.monotonic()
        return self.finish(self.start(arguments, stdin, passphrase), started, killed=False)

    def run_killing_itself(self, arguments: list[str], stdin: bytes, delay: float) -> Outcome:
        """Client mode: the in-process command (`--passphrase-fd`) gets SIGKILL after `delay` seconds unless it
        has exited by then."""
        started = time.monotonic()
        process = self.start(arguments, stdin, passphrase=True)
        with ExitWatch(process.pid) as watch:
            exited_at = watch.wait_until(started + delay)
            if exited_at is None:
                watch.kill()
        outcome = self.finish(process, started, killed=exited_at is None)
        outcome.killed = outcome.killed and outcome.status == -signal.SIGKILL
        if exited_at is not None:
            outcome.seconds = exited_at - started
        return outcome

    def run_killing_agent(self, arguments: list[str], stdin: bytes, delay: float, agent: int) -> tuple[Outcome, bool]:
        """Agent mode: the command is served by the agent `agent`, which gets SIGKILL after `delay` seconds.
        Returns the command's outcome and whether the command was still running when the agent died."""
        started = time.monotonic()
        process = self.start(arguments, stdin)
        with ExitWatch(process.pid) as watch:
            exited_at = watch.wait_until(started + delay)
            self.kill_agent(agent)
        outcome = self.finish(process, started, killed=exited_at is None)
        if exited_at is not None:
            outcome.seconds = exited_at - started
        return outcome, exited_at is None

    def kill_agent(self, pid: int) -> None:
        """SIGKILL, then wait until the process is gone (reaped by us as subreaper, or no longer running)."""
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        if self.subreaper:
            try:
                os.waitpid(pid, 0)
                return
            except ChildProcessError:
                pass
        for _ in range(500):
            if not alive(pid):
                return
            time.sleep(0.01)
        raise RuntimeError(f"agent {pid} survived SIGKILL")

    def reap_orphans(self) -> None:
        """Reaps exited adopted children (agents that locked, children of a killed `exec`). Called only when no
        command of ours is outstanding, so it cannot take a status that subprocess is waiting for."""
        if not self.subreaper:
            return
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return


class ExitWatch:
    """A pidfd on a child that has not been reaped: the exact moment it exits, and a race-free SIGKILL."""

    def __init__(self, pid: int) -> None:
        self.descriptor = os.pidfd_open(pid)

    def __enter__(self) -> "ExitWatch":
        return self

    def __exit__(self, *_: object) -> None:
        os.close(self.descriptor)

    def wait_until(self, deadline: float) -> float | None:
        """The monotonic time the process exited, or None if it still runs at `deadline`."""
        poller = select.poll()
        poller.register(self.descriptor, select.POLLIN)
        while True:
            remaining = deadline - time.monotonic()
            if poller.poll(max(0, int(remaining * 1000))):
                return time.monotonic()
            if remaining <= 0.0005:
                return None

    def kill(self) -> None:
        signal.pidfd_send_signal(self.descriptor, signal.SIGKILL)


def alive(pid: int) -> bool:
    """Running (a zombie does not count)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            text = stat.read()
    except OSError:
        return False
    return text[text.rindex(")") + 2] != "Z"
