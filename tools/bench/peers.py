"""The tools a security team would otherwise use, filled with the same accounts as iamvault.

pass and gopass share one password store (gopass reads pass's layout), encrypted to a passphrase-less GnuPG
key in a throwaway GNUPGHOME. keepassxc-cli gets a KeePass XML import with a fixed, low KDF target, so its
per-command key derivation is known. Everything lives under the run's temporary folder.
"""
import base64
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from xml.sax.saxutils import escape

KEEPASS_PASSWORD = "bench keepass password"
KEEPASS_DECRYPTION_MS = 100


def pass_entry(tenant: str, client: str, secret: str) -> bytes:
    """A pass entry as teams keep them: the secret on the first line, then the identifiers."""
    return f"{secret}\ntenant: {tenant}\nclient_id: {client}\n".encode()


class GnuPG:
    """A throwaway GnuPG home with one passphrase-less key."""

    def __init__(self, home: str, env: dict):
        self.home = home
        os.makedirs(home, mode=0o700, exist_ok=True)
        self.env = dict(env, GNUPGHOME=home)
        subprocess.run(["gpg", "--batch", "--quiet", "--passphrase", "", "--quick-gen-key",
                        "iamvault bench <bench@example.invalid>", "default", "default", "never"],
                       env=self.env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        listing = subprocess.run(["gpg", "--list-keys", "--with-colons"], env=self.env, check=True, capture_output=True, text=True)
        self.fingerprint = next(line.split(":")[9] for line in listing.stdout.splitlines() if line.startswith("fpr"))

    def encrypt(self, plaintext: bytes, path: str) -> None:
        """Encrypts as `pass insert` does (gpg -e -r KEY --no-encrypt-to)."""
        subprocess.run(["gpg", "--batch", "--quiet", "--yes", "--no-random-seed-file", "--no-encrypt-to", "--encrypt", "-r", self.fingerprint, "-o", path],
                       input=plaintext, env=self.env, check=True, stdout=subprocess.DEVNULL)

    def stop_agent(self) -> None:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class PassStore:
    """A pass store with one entry per account under azure/, shared by pass and gopass."""

    def __init__(self, folder: str, gnupg: GnuPG, accounts: list):
        self.folder = folder
        self.env = dict(gnupg.env, PASSWORD_STORE_DIR=folder)
        subprocess.run(["pass", "init", gnupg.fingerprint], env=self.env, check=True, stdout=subprocess.DEVNULL)
        os.makedirs(os.path.join(folder, "azure"), exist_ok=True)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(lambda a: gnupg.encrypt(pass_entry(a[1], a[2], a[3]), os.path.join(folder, "azure", a[0] + ".gpg")),
                          accounts))

    def operations(self, probe: str, new_secret: str) -> dict:
        """Command lines per operation (pass; gopass reads the same store but inserts only from a terminal)."""
        return {
            "pass": {
                "read": f"pass show azure/{probe} > /dev/null",
                "add": f"pass insert -m -f azure/bench-new < {new_secret} > /dev/null",
                "rotate": f"pass insert -m -f azure/{probe} < {new_secret} > /dev/null",
                "list": "pass ls > /dev/null",
            },
            "gopass": {
                "read": f"gopass show azure/{probe} > /dev/null",
                "list": "gopass ls > /dev/null",
            },
        }


class KeePassDatabase:
    """A KDBX made by `keepassxc-cli import` of a KeePass XML with every account (decryption target 100 ms)."""

    def __init__(self, folder: str, env: dict, accounts: list):
        os.makedirs(folder, mode=0o700, exist_ok=True)
        self.env = dict(env, QT_QPA_PLATFORM="offscreen")
        self.path = os.path.join(folder, "bench.kdbx")
        self.password_file = os.path.join(folder, "password")
        descriptor = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(KEEPASS_PASSWORD + "\n")
        xml_path = os.path.join(folder, "import.xml")
        descriptor = os.open(xml_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<KeePassFile><Meta><DatabaseName>bench</DatabaseName></Meta>'
                         "<Root><Group><UUID>AAAAAAAAAAAAAAAAAAAAAA==</UUID><Name>Root</Name>"
                         "<Group><UUID>AAAAAAAAAAAAAAAAAAAAAQ==</UUID><Name>azure</Name>\n")
            for index, (name, tenant, client, secret) in enumerate(accounts):
                uuid = (index + 2).to_bytes(16, "big")
                handle.write(f"<Entry><UUID>{base64.b64encode(uuid).decode()}</UUID>"
                             f"<String><Key>Title</Key><Value>{escape(name)}</Value></String>"
                             f"<String><Key>UserName</Key><Value>{escape(client)}</Value></String>"
                             f"<String><Key>Password</Key><Value ProtectInMemory=\"True\">{escape(secret)}</Value></String>"
                             f"<String><Key>Notes</Key><Value>tenant: {escape(tenant)}</Value></String></Entry>\n")
            handle.write("</Group></Group></Root></KeePassFile>\n")
        subprocess.run(["keepassxc-cli", "import", "-q", "-p", "-t", str(KEEPASS_DECRYPTION_MS), xml_path, self.path],
                       input=f"{KEEPASS_PASSWORD}\n{KEEPASS_PASSWORD}\n", text=True, env=self.env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.unlink(xml_path)

    def operations(self, probe: str, add_input: str) -> dict:
        db, password = self.path, self.password_file
        return {
            "read": f"keepassxc-cli show -q -s -a Password {db} azure/{probe} < {password} > /dev/null",
            "add": f"keepassxc-cli add -q -p {db} azure/bench-new < {add_input} > /dev/null",
            "rotate": f"keepassxc-cli edit -q -p {db} azure/{probe} < {add_input} > /dev/null",
            "list": f"keepassxc-cli ls -q -R -f {db} < {password} > /dev/null",
            "unlock": f"keepassxc-cli db-info -q {db} < {password} > /dev/null",
        }

    def remove_command(self, entry: str) -> str:
        return f"keepassxc-cli rm -q {self.path} azure/{entry} < {self.password_file} > /dev/null 2>&1 || true"
