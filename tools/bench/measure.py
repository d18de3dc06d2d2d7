"""Running commands under hyperfine and reading memory figures, for tools/bench/run."""
import json
import os
import statistics
import subprocess
import tempfile
import time


SHELL_SYNTAX = set("<>|&;$`'\"(){}*?[]~#=\\")


def without_shell(command: str) -> str | None:
    """`command` as hyperfine can run it without a shell (`-N`): a plain word list, its output discarded (hyperfine
    sends it to /dev/null itself); None when it needs a shell (a redirection other than `> /dev/null`, a pipe, a
    variable, quoting)."""
    plain = command.removesuffix(" > /dev/null")
    return None if any(character in SHELL_SYNTAX for character in plain) else plain


class Measurer:
    """Times commands with hyperfine (warm-up, fixed run count) in one environment.

    A command without shell syntax runs without a shell (`hyperfine -N`) and at least `direct_runs` times:
    through `sh -c`, hyperfine subtracts a shell start it measured once, which for commands of 2 to 5 ms is an
    error of the same size as the figure (hyperfine warns so itself). Every tool's commands follow the same rule;
    commands that need a shell (redirected input, `3<` descriptors) keep it and take `runs` runs."""

    def __init__(self, runs: int, warmup: int, log, direct_runs: int = 30):
        self.runs = runs
        self.warmup = warmup
        self.log = log
        self.direct_runs = direct_runs

    def time(self, command: str, env: dict, prepare: str | None = None, runs: int | None = None) -> dict:
        """Median, min, max and mean in milliseconds of `command`: without a shell when it can be, else through sh
        (hyperfine subtracts the shell)."""
        direct = without_shell(command)
        count = runs or (max(self.runs, self.direct_runs) if direct else self.runs)
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            arguments = ["hyperfine", "--style", "none", "--warmup", str(self.warmup), "--runs", str(count),
                         "--export-json", export.name]
            if direct:
                arguments += ["-N", "--output", "null"]
            if prepare:
                arguments += ["--prepare", prepare]
            arguments.append(direct or command)
            completed = subprocess.run(arguments, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if completed.returncode != 0:
                raise RuntimeError(f"hyperfine failed for `{command}`: {completed.stderr.strip()[-600:]}")
            times = json.load(open(export.name))["results"][0]["times"]
        milliseconds = [t * 1000 for t in times]
        result = {"median_ms": statistics.median(milliseconds), "min_ms": min(milliseconds), "max_ms": max(milliseconds),
                  "mean_ms": statistics.fmean(milliseconds), "runs": len(milliseconds), "command": command,
                  "shell": direct is None}
        self.log(f"  {result['median_ms']:9.2f} ms  ({result['min_ms']:.2f}-{result['max_ms']:.2f})  {command}")
        return result


def peak_rss_kib(command: str, env: dict, repeats: int = 3) -> int:
    """The largest peak RSS (KiB) of `command` over a few runs, as GNU time reports it (%M)."""
    peaks = []
    for _ in range(repeats):
        completed = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", f"exec {command}"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if completed.returncode != 0:
            raise RuntimeError(f"`{command}` failed: {completed.stderr.strip()[-400:]}")
        peaks.append(int(completed.stderr.strip().splitlines()[-1]))
    return max(peaks)


def process_memory_kib(pid: int) -> dict:
    """VmRSS and VmHWM (peak since start or since `reset_peak`) of a running process, in KiB."""
    figures = {}
    for line in open(f"/proc/{pid}/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            figures[key] = int(value.split()[0])
    return figures


def reset_peak(pid: int) -> bool:
    """Resets VmHWM (`clear_refs` 5), so the peak that follows excludes what came before (the KDF at unlock)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def files_size(path: str) -> int:
    """Bytes on disk of a SQLite file with its -wal and -shm, or of every file under a folder."""
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(path) for name in names)
    return sum(os.path.getsize(path + suffix) for suffix in ("", "-wal", "-shm") if os.path.exists(path + suffix))


def fsync_latency_ms(folder: str, count: int = 50) -> float:
    """Median time of a 4 KiB write followed by fdatasync in `folder`: what each durable commit pays."""
    path = os.path.join(folder, "fsync-probe")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    samples = []
    try:
        for index in range(count):
            start = time.perf_counter()
            os.pwrite(descriptor, os.urandom(4096), (index % 16) * 4096)
            os.fdatasync(descriptor)
            samples.append((time.perf_counter() - start) * 1000)
    finally:
        os.close(descriptor)
        os.unlink(path)
    return statistics.median(samples)
