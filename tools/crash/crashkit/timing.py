"""When to send SIGKILL: delays drawn around each command's measured duration, so that kills land before,
during and after the transaction (the commit is in the last milliseconds of a command)."""
import random
import statistics


class KillTiming:
    """Durations of commands that ran to completion, per (mode, kind); until three are known, a first guess."""
    GUESS = {"client": 0.25, "agent": 0.06}

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.durations: dict[tuple[str, str], list[float]] = {}

    def expected(self, mode: str, kind: str) -> float:
        samples = self.durations.get((mode, kind), [])
        return statistics.median(samples[-25:]) if len(samples) >= 3 else self.GUESS[mode]

    def record(self, mode: str, kind: str, seconds: float) -> None:
        self.durations.setdefault((mode, kind), []).append(seconds)

    def draw(self, mode: str, kind: str) -> tuple[float, float]:
        """A delay and the expected duration: 40 % uniform over the whole command and a bit beyond, 60 % in
        its last 15 %, where the request reaches the agent and the transaction commits."""
        duration = self.expected(mode, kind)
        if self.rng.random() < 0.4:
            return self.rng.uniform(0.0, 1.2 * duration), duration
        return self.rng.uniform(0.85 * duration, 1.02 * duration), duration
