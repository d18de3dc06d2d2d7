"""Compares an observation with a model: accounts, their fields, every stored version and its value, the value
each account reads as, and the account-related audit events in order. A value is never printed; it is named by
the account and version it was captured for."""
from .model import VaultModel
from .observation import Observation


class Checker:
    def __init__(self, owners: dict[str, str]) -> None:
        self.owners = owners  # secret value -> "the secret captured as version V of NAME"

    def owner(self, value: str) -> str:
        return self.owners.get(value, f"a value never captured (hint {value[:3]!r}, {len(value)} characters)")

    def differences(self, model: VaultModel, seen: Observation) -> list[str]:
        found: list[str] = []
        expected = set(model.accounts)
        for source, names in (("list", set(seen.listed)), ("the stored records", set(seen.stored))):
            if names != expected:
                found.append(f"accounts in {source}: missing {sorted(expected - names)}, unexpected {sorted(names - expected)}")
        for name in sorted(expected & set(seen.listed) & set(seen.stored)):
            found += self.account_differences(model, name, seen)
        if seen.events != model.events:
            found.append(self.event_difference(model, seen))
        return found

    def account_differences(self, model: VaultModel, name: str, seen: Observation) -> list[str]:
        account, found = model.account(name), []
        for source, fields in (("list", seen.listed[name]), ("the stored record", seen.payloads.get(name, {}))):
            actual = (fields.get("tenantID"), fields.get("clientID"), fields.get("description"), sorted(fields.get("tags", [])),
                      sorted(r["version"] for r in fields.get("retiredVersions", [])))
            wanted = (account.tenant, account.client_id, account.description, account.tags, account.retired_versions)
            if actual != wanted:
                found.append(f"{name}: fields in {source} are {actual}, expected {wanted}")
        stored = seen.stored[name]
        if sorted(stored) != account.live_versions:
            found.append(f"{name}: stored versions {sorted(stored)}, expected {account.live_versions}")
        for version, record in sorted(stored.items()):
            wanted = account.values[version - 1] if 1 <= version <= account.newest else None
            if record.value != wanted:
                found.append(f"{name} version {version} holds {self.owner(record.value)}")
            if record.metadata.get("version") != version or record.metadata.get("hint") != record.value[:3]:
                found.append(f"{name} version {version}: its sealed metadata says version {record.metadata.get('version')}"
                             f" with another hint (half-written version)")
        current = seen.current.get(name)
        if current is not None and current != account.values[-1]:
            found.append(f"`read {name}` returned {self.owner(current)}, expected its version {account.newest}")
        return found

    @staticmethod
    def event_difference(model: VaultModel, seen: Observation) -> str:
        index = next((i for i, (a, b) in enumerate(zip(model.events, seen.events)) if a != b),
                     min(len(model.events), len(seen.events)))
        wanted = model.events[index] if index < len(model.events) else "no more entries"
        actual = seen.events[index] if index < len(seen.events) else "no more entries"
        return (f"audit: account event #{index + 1} is {actual}, expected {wanted} "
                f"({len(seen.events)} account events recorded, {len(model.events)} expected)")
