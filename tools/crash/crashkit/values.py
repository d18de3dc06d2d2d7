"""Seeded, realistic and unique test values: account names, GUIDs, descriptions and Azure-shaped secrets."""
import random
import uuid

SECRET_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
NAME_WORDS = ["Contoso", "Fabrikam", "Northwind", "Tailspin", "Woodgrove", "Litware", "Proseware", "Adatum"]
ROLE_WORDS = ["Sync", "Deploy", "Billing", "Backup", "Reports", "Graph", "HR", "Audit"]
TAGS = ["prod", "dev", "finance", "hr", "ops"]


class ValueFactory:
    """Draws every value from one seeded generator, so a run is repeated exactly by its seed. Secrets are
    40 characters shaped like Azure's current client secrets (3 characters, `8Q~`, 34 more) and never repeat,
    so any value read back names the one account and version it was captured for."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.issued_secrets: set[str] = set()
        self.issued_names: set[str] = set()
        self.serial = 0

    def secret(self) -> str:
        while True:
            body = "".join(self.rng.choice(SECRET_ALPHABET) for _ in range(37))
            value = body[:3] + "8Q~" + body[3:]
            if value not in self.issued_secrets:
                self.issued_secrets.add(value)
                return value

    def guid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def name(self) -> str:
        while True:
            self.serial += 1
            candidate = f"{self.rng.choice(NAME_WORDS)}-{self.rng.choice(ROLE_WORDS)}-{self.serial}"
            if candidate.lower() not in self.issued_names:
                self.issued_names.add(candidate.lower())
                return candidate

    def description(self) -> str:
        return f"{self.rng.choice(ROLE_WORDS)} job owned by team {self.rng.randint(1, 999)}"

    def tag(self) -> str:
        return self.rng.choice(TAGS)
