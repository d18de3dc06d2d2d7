"""What the vault must contain: the accounts, their secret versions and the account-related audit events."""
import copy
from dataclasses import dataclass, field

LIVE_VERSIONS = 3  # docs/cli.md, rotate: at most 3 versions stay sealed; older ones are shredded


@dataclass
class AccountModel:
    """One account as the harness created it. `values[i]` is the secret of version i + 1."""
    name: str
    tenant: str
    client_id: str
    description: str | None
    tags: list[str]
    values: list[str]

    @property
    def newest(self) -> int:
        return len(self.values)

    @property
    def live_versions(self) -> list[int]:
        return list(range(max(1, self.newest - LIVE_VERSIONS + 1), self.newest + 1))

    @property
    def retired_versions(self) -> list[int]:
        return list(range(1, self.newest - LIVE_VERSIONS + 1))


# One audit entry reduced to what an operation determines: (event, account, version, previousName, channel).
Event = tuple[str, str | None, str | None, str | None, str | None]
ACCOUNT_EVENTS = {"account.added", "account.edited", "account.removed", "account.enabled", "account.disabled",
                  "secret.captured", "secret.rotated", "secret.retired", "secret.shredded", "handle.opened",
                  "handle.refused", "secret.released"}


def event(kind: str, account: str | None, version: int | None = None, previous: str | None = None,
          channel: str | None = None) -> Event:
    return (kind, account, None if version is None else str(version), previous, channel)


def event_of(entry: dict) -> Event | None:
    """The comparable part of an audit entry from `audit list --json`, or None for vault-level events."""
    if entry.get("event") not in ACCOUNT_EVENTS:
        return None
    details = entry.get("details") or {}
    return (entry["event"], entry.get("account"), details.get("version"), details.get("previousName"),
            details.get("channel"))


@dataclass
class VaultModel:
    """The accounts by name, every secret value ever captured (value -> (account serial, version)), and the
    ordered account-related audit events the vault must hold."""
    accounts: dict[str, AccountModel] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)

    def copy(self) -> "VaultModel":
        return copy.deepcopy(self)

    def account(self, name: str) -> AccountModel:
        return self.accounts[name]
