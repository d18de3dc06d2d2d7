import Foundation
import IAMVaultTestSupport
import Testing

@Suite("From scripts: every command's happy path and its exit codes", .serialized)
struct ScriptTests {
    @Test func dailyWorkWithoutAnAgent() throws {
        let cli = try CLIHarness()
        let recovery = try cli.initialize()
        #expect(recovery.split(separator: "-").count == 14)
        #expect(try cli.addAccount("Contoso-Prod", secret: azureSecret(1), extra: ["--tag", "prod", "--description", "sync",
                                                                                  "--permission", "Directory.Read.All"]).status == 0)
        #expect(try cli.addAccount("Dev", secret: azureSecret(2), extra: ["--tag", "dev", "--expires", "365d"]).status == 0)

        let list = try cli.json(["list", "--tag", "prod"]) as? [[String: Any]]
        #expect(list?.map { $0["name"] as? String } == ["Contoso-Prod"])
        let shown = try cli.json(["show", "contoso-prod"]) as? [String: Any]
        let account = shown?["account"] as? [String: Any]
        #expect(account?["permissions"] as? [String] == ["Directory.Read.All"])
        #expect(!(String(decoding: try JSONSerialization.data(withJSONObject: shown ?? [:]), as: UTF8.self)).contains(azureSecret(1)))

        let read = try cli.run(["read", "Contoso-Prod"], passphrase: true)
        #expect(read.status == 0 && read.output == azureSecret(1))
        #expect(try cli.run(["read", "Contoso-Prod", "--field", "client-id"], passphrase: true).output == "11112222-3333-4444-8555-666677778888")
        #expect(try cli.run(["read", "Contoso-Prod", "--field", "tenant"], passphrase: true).output == "contoso.onmicrosoft.com")

        let rotated = try cli.run(["rotate", "Contoso-Prod", "--secret-stdin"], stdin: Data(azureSecret(3).utf8), passphrase: true)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(try cli.run(["read", "Contoso-Prod"], passphrase: true).output == azureSecret(3))
        #expect(try cli.run(["read", "Contoso-Prod", "--version", "1"], passphrase: true).output == azureSecret(1))

        #expect(try cli.run(["edit", "Dev", "--disabled", "--untag", "dev", "--rename", "Dev-Old"], passphrase: true).status == 0)
        #expect(try cli.run(["read", "Dev-Old"], passphrase: true).status == 6, "a disabled account is refused by policy")

        #expect(try cli.run(["expiring", "--within", "30d"], passphrase: true).status == 0)
        #expect(try cli.run(["expiring", "--within", "200d"], passphrase: true).status == 1)

        #expect(try cli.run(["remove", "Dev-Old"], passphrase: true).status == 2, "remove needs --yes in a script")
        #expect(try cli.run(["remove", "Dev-Old", "--yes"], passphrase: true).status == 0)
        #expect(try cli.run(["show", "Dev-Old"], passphrase: true).status == 4)

        let verify = try cli.run(["audit", "verify"], passphrase: true)
        #expect(verify.status == 0, "\(verify.stderr)")
        let export = try cli.run(["audit", "export"], passphrase: true)
        #expect(export.status == 0)
        let events = export.output.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }.compactMap { $0["event"] as? String }
        for expected in ["vault.created", "account.added", "secret.captured", "handle.opened", "secret.rotated", "account.edited",
                         "account.disabled", "handle.refused", "account.removed", "secret.shredded", "audit.verified"] {
            #expect(events.contains(expected), "missing \(expected)")
        }
        for secret in [azureSecret(1), azureSecret(2), azureSecret(3), CLIHarness.passphrase] {
            #expect(!export.output.contains(secret))
        }
    }

    /// Threat model, stolen disk: without KDF options a new vault costs an attacker Argon2id MODERATE per guess.
    @Test func aVaultCreatedWithoutKDFOptionsUsesModerate() throws {
        let cli = try CLIHarness()
        let created = try cli.run(["init"], passphrase: true)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("(Argon2id, 3 passes, 256 MiB)"), "\(created.stderr)")
    }

    @Test func exitCodesForBadInput() throws {
        let cli = try CLIHarness()
        #expect(try cli.run(["list"], passphrase: true).status == 4, "no vault yet")
        try cli.initialize()
        #expect(try cli.run(["init", "--kdf-memory", "64", "--kdf-ops", "2"], passphrase: true).status == 6, "never overwrite a vault")
        #expect(try cli.run(["init", "--kdf-memory", "16"], passphrase: true).status == 2)
        let badGUID = try cli.run(["add", "X", "--tenant", "contoso.onmicrosoft.com", "--client-id", "not-a-guid", "--secret-stdin"],
                                  stdin: Data(azureSecret(1).utf8), passphrase: true)
        #expect(badGUID.status == 2)
        #expect(badGUID.stderr.contains("Application (client) ID"))
        #expect(badGUID.stderr.contains("iamvault: hint:"))
        #expect(try cli.addAccount("A", secret: azureSecret(1)).status == 0)
        #expect(try cli.addAccount("a", secret: azureSecret(2)).status == 6, "duplicate name without case")
        #expect(try cli.addAccount("B", secret: azureSecret(1)).status == 6, "the same value twice")
        let guidSecret = try cli.addAccount("C", secret: "3f9a6c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b")
        #expect(guidSecret.status == 6 && guidSecret.stderr.contains("Secret ID"))
        #expect(try cli.addAccount("C", secret: "3f9a6c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b", extra: ["--force"]).status == 0)
        #expect(try cli.addAccount("D", secret: "").status == 2)
        #expect(try cli.run(["read", "Nope"], passphrase: true).status == 4)
        #expect(try cli.run(["list"]).status == 3, "locked, no agent, no terminal, no --passphrase-fd")
        let wrong = try cli.run(["list", "--passphrase-fd", "0"], stdin: Data("wrong passphrase\n".utf8))
        #expect(wrong.status == 3)
        #expect(try cli.run(["bogus-command"]).status == 2)
        #expect(try cli.run(["expiring", "--within", "soon"], passphrase: true).status == 2)
        // The failed unlock was recorded without the key and folded into the chain at the next unlock.
        let log = try cli.run(["audit", "list", "--json"], passphrase: true).output
        #expect(log.contains("vault.unlock_failed"))
    }

    @Test func execPassesEnvironmentAndExitStatus() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(5)).status == 0)
        let script = """
            test "$AZURE_TENANT_ID" = contoso.onmicrosoft.com || exit 10
            test "$AZURE_CLIENT_ID" = 11112222-3333-4444-8555-666677778888 || exit 11
            test "$AZURE_CLIENT_SECRET" = '\(azureSecret(5))' || exit 12
            exit 42
            """
        let result = try cli.run(["exec", "Prod", "--purpose", "deploy", "--", "sh", "-c", script], passphrase: false)
        #expect(result.status == 3, "locked without a passphrase source")
        let ran = try cli.run(["exec", "Prod", "--purpose", "deploy", "--passphrase-fd", "3", "--", "sh", "-c", script],
                              passphrase: false, viaDescriptor3: true)
        #expect(ran.status == 42, "\(ran.stderr)")
        let killed = try cli.run(["exec", "Prod", "--passphrase-fd", "3", "--", "sh", "-c", "kill -KILL $$"], viaDescriptor3: true)
        #expect(killed.status == 128 + 9)
        #expect(try cli.run(["exec", "Prod", "--passphrase-fd", "3", "--", "/nonexistent/tool"], viaDescriptor3: true).status == 2)
        let log = try cli.run(["audit", "list", "--json"], passphrase: true).output
        #expect(log.contains("\"purpose\":\"deploy\""))
    }

    @Test func addFromAzJSON() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        // The shape `az ad sp create-for-rbac` prints.
        let created = """
            {
              "appId": "4c2a1e6f-8b1d-4e7a-9f3c-2d5b6a7c8e9f",
              "displayName": "azure-cli-2026-11-26-20-00-00",
              "password": "\(azureSecret(7))",
              "tenant": "72f988bf-86f1-41af-91ab-2d7cd011db47"
            }
            """
        let added = try cli.run(["add", "--from-az-json", "-"], stdin: Data(created.utf8), passphrase: true)
        #expect(added.status == 0, "\(added.stderr)")
        let shown = try cli.json(["show", "azure-cli-2026-11-26-20-00-00"]) as? [String: Any]
        #expect((shown?["account"] as? [String: Any])?["clientID"] as? String == "4c2a1e6f-8b1d-4e7a-9f3c-2d5b6a7c8e9f")
        // The shape `az ad app credential reset` prints (no displayName): the name comes from the argument.
        let reset = "{\"appId\": \"4c2a1e6f-8b1d-4e7a-9f3c-2d5b6a7c8e9f\", \"password\": \"\(azureSecret(8))\", \"tenant\": \"contoso.onmicrosoft.com\"}"
        let file = cli.root + "/reset.json"
        try Data(reset.utf8).write(to: URL(fileURLWithPath: file))
        #expect(try cli.run(["add", "Reset", "--from-az-json", file], passphrase: true).status == 0)
        #expect(try cli.run(["read", "Reset"], passphrase: true).output == azureSecret(8))
        for hostile in ["[]", "{\"appId\": 1}", "{\"password\": \"x\", \"password\": \"y\"}", "{\"appId\":\"a\",\"tenant\":\"t\"}", "{", "not json"] {
            let result = try cli.run(["add", "H", "--from-az-json", "-"], stdin: Data(hostile.utf8), passphrase: true)
            #expect(result.status == 2, "\(hostile) gave \(result.status)")
            #expect(result.stderr.contains("az JSON"))
        }
    }

    @Test func completionsForEveryShell() throws {
        let cli = try CLIHarness()
        for shell in ["bash", "zsh", "fish"] {
            let result = try cli.run(["completions", shell])
            #expect(result.status == 0)
            #expect(result.output.contains("iamvault"))
            #expect(result.output.contains("rotate"))
        }
        #expect(try cli.run(["completions", "tcsh"]).status == 2)
        #expect(try cli.run(["help", "add"]).output.contains("--from-az-json"))
    }

    @Test func passwdRekeyAndRecover() throws {
        let cli = try CLIHarness()
        let recovery = try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(9)).status == 0)
        let newPassphrase = "a different passphrase"
        try Data("\(CLIHarness.passphrase)\n\(newPassphrase)\n".utf8).write(to: URL(fileURLWithPath: cli.passphraseFile))
        #expect(try cli.run(["passwd", "--kdf-memory", "64", "--kdf-ops", "2"], passphrase: true).status == 0)
        try Data("\(newPassphrase)\n".utf8).write(to: URL(fileURLWithPath: cli.passphraseFile))
        #expect(try cli.run(["read", "Prod"], passphrase: true).output == azureSecret(9))
        let rekey = try cli.run(["rekey", "--kdf-memory", "64", "--kdf-ops", "2"], passphrase: true)
        #expect(rekey.status == 0, "\(rekey.stderr)")
        let newRecovery = rekey.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(newRecovery.split(separator: "-").count == 14 && newRecovery != recovery)
        let keyFile = cli.root + "/recovery"
        try Data((recovery + "\n").utf8).write(to: URL(fileURLWithPath: keyFile))
        try Data("third passphrase here\n".utf8).write(to: URL(fileURLWithPath: cli.passphraseFile))
        let old = try cli.run(["recover", "--recovery-key-fd", "4", "--kdf-memory", "64", "--kdf-ops", "2"], passphrase: true, descriptor4: keyFile)
        #expect(old.status == 3, "the old recovery key no longer works")
        try Data((newRecovery + "\n").utf8).write(to: URL(fileURLWithPath: keyFile))
        let recovered = try cli.run(["recover", "--recovery-key-fd", "4", "--kdf-memory", "64", "--kdf-ops", "2"], passphrase: true, descriptor4: keyFile)
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(try cli.run(["read", "Prod"], passphrase: true).output == azureSecret(9))
        let log = try cli.run(["audit", "list", "--json"], passphrase: true).output
        for event in ["vault.passphrase_changed", "vault.rekeyed", "vault.recovery_used", "vault.unlock_failed"] {
            #expect(log.contains(event), "missing \(event)")
        }
        #expect(try cli.run(["audit", "verify"], passphrase: true).status == 0)
    }
}
