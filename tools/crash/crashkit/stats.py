"""Counts for the summary: kills by mode and outcome, and where the kills landed relative to the duration."""
from collections import Counter


class RunStatistics:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.by_kind: Counter[str] = Counter()
        self.phase: Counter[str] = Counter()

    @property
    def kills(self) -> int:
        return self.counts["client-kills"] + self.counts["agent-kills"]

    def kill_phase(self, delay: float, duration: float) -> None:
        fraction = delay / duration if duration > 0 else 0
        bucket = "<25%" if fraction < 0.25 else "25-85%" if fraction < 0.85 else "85-100%" if fraction < 1.0 else ">100%"
        self.phase[bucket] += 1

    def lines(self) -> list[str]:
        c = self.counts
        return [
            f"client mode: {c['client-kills']} commands killed before they exited "
            f"({c['client-applied']} had applied, {c['client-kills'] - c['client-applied']} had not), "
            f"{c['client-completed']} completed before the kill time",
            f"agent mode: {c['agent-kills']} agents killed, {c['agent-mid-request']} while the command waited "
            f"(it then succeeded {c['agent-mid-request-ok']} times; failed cleanly with exit 3, no agent, "
            f"{c['agent-error-exit-3']} times and with exit 7, agent gone mid-request, {c['agent-error-exit-7']} times, "
            f"other exits {sum(v for k, v in c.items() if k.startswith('agent-error-exit-')) - c['agent-error-exit-3'] - c['agent-error-exit-7']}; "
            f"{c['agent-applied']} failed commands had applied), {c['agent-kills'] - c['agent-mid-request']} after it exited",
            "kills by operation: " + ", ".join(f"{kind} {count}" for kind, count in sorted(self.by_kind.items())),
            "kill time / measured duration: " + ", ".join(f"{bucket} {self.phase[bucket]}"
                                                          for bucket in ("<25%", "25-85%", "85-100%", ">100%")),
        ]
