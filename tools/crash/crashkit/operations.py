"""The operations the harness runs and kills: each knows its command line, its standard input and the model
after it applied. A killed operation may or may not have applied, but only as a whole."""
from dataclasses import dataclass

from .model import AccountModel, VaultModel, event
from .values import ValueFactory

# The child of `exec`: prints the secret it was given (from its environment, never argv) and stays alive a
# little, so that kills also land while the child runs.
EXEC_CHILD = ["/bin/sh", "-c", 'printf %s "$AZURE_CLIENT_SECRET"; sleep 0.05']


@dataclass
class Operation:
    """A command line, its standard input, what it does to the model, and (for retrievals) what it prints."""
    kind: str
    account: str  # the account it acts on (for add: the new one), under its name before the operation
    label: str
    arguments: list[str]
    stdin: bytes
    after: VaultModel
    expected_output: str | None = None  # a retrieval's output: the account's newest value
    new_secret: str | None = None

    def describe(self) -> str:
        return f"{self.kind} {self.label}"


def add(model: VaultModel, values: ValueFactory) -> Operation:
    name, secret = values.name(), values.secret()
    account = AccountModel(name=name, tenant=values.guid(), client_id=values.guid(), description=values.description(),
                           tags=sorted({values.tag()}), values=[secret])
    after = model.copy()
    after.accounts[name] = account
    after.events += [event("account.added", name), event("secret.captured", name, 1)]
    arguments = ["add", name, "--tenant", account.tenant, "--client-id", account.client_id, "--description",
                 account.description, "--secret-stdin"] + [word for tag in account.tags for word in ("--tag", tag)]
    return Operation("add", name, name, arguments, secret.encode(), after, new_secret=secret)


def rotate(model: VaultModel, values: ValueFactory, name: str) -> Operation:
    secret = values.secret()
    after = model.copy()
    account = after.account(name)
    account.values.append(secret)
    after.events.append(event("secret.rotated", name, account.newest))
    if account.retired_versions:  # the history limit shreds the oldest live version in the same transaction
        shredded = account.retired_versions[-1]
        after.events += [event("secret.retired", name, shredded), event("secret.shredded", name, shredded)]
    return Operation("rotate", name, f"{name} to version {account.newest}", ["rotate", name, "--secret-stdin"],
                     secret.encode(), after, new_secret=secret)


def edit(model: VaultModel, values: ValueFactory, name: str) -> Operation:
    after = model.copy()
    account = after.accounts.pop(name)
    arguments = ["edit", name]
    description = values.description()
    while description == account.description:
        description = values.description()
    account.description = description
    arguments += ["--description", description]
    tag = values.tag()
    if tag in account.tags:
        account.tags.remove(tag)
        arguments += ["--untag", tag]
    else:
        account.tags = sorted(account.tags + [tag])
        arguments += ["--tag", tag]
    previous = None
    if values.rng.random() < 0.3:
        previous, account.name = name, values.name()
        arguments += ["--rename", account.name]
    after.accounts[account.name] = account
    after.events.append(event("account.edited", account.name, previous=previous))
    return Operation("edit", name, f"{name}" + (f" renamed {account.name}" if previous else ""), arguments, b"", after)


def remove(model: VaultModel, name: str) -> Operation:
    after = model.copy()
    account = after.accounts.pop(name)
    after.events += [event("secret.shredded", name, version) for version in account.live_versions]
    after.events.append(event("account.removed", name))
    return Operation("remove", name, name, ["remove", name, "--yes"], b"", after)


def retrieval(model: VaultModel, name: str, via_exec: bool) -> Operation:
    after = model.copy()
    account = after.account(name)
    channel = "exec" if via_exec else "pipe"
    after.events.append(event("handle.opened", name, account.newest, channel=channel))
    arguments = ["exec", name, "--"] + EXEC_CHILD if via_exec else ["read", name]
    return Operation("exec" if via_exec else "read", name, name, arguments, b"", after, expected_output=account.values[-1])


def choose(model: VaultModel, values: ValueFactory) -> Operation:
    """A random next operation, keeping between 2 and 6 accounts."""
    rng, names = values.rng, sorted(model.accounts)
    count = len(names)
    if count < 2 or (count < 6 and rng.random() < 0.12):
        return add(model, values)
    name = rng.choice(names)
    roll = rng.random()
    if count > 4 and roll < 0.08:
        return remove(model, name)
    if roll < 0.45:
        return rotate(model, values, name)
    if roll < 0.65:
        return edit(model, values, name)
    if roll < 0.85:
        return retrieval(model, name, via_exec=True)
    return retrieval(model, name, via_exec=False)
