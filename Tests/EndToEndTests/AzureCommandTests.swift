import Foundation
import IAMVaultTestSupport
import Testing

/// verify, rotate --via-graph, reconcile, expiring --from-azure and permissions, driven through the real
/// binary against the local Entra ID + Graph emulator (endpoints from the child's environment).
@Suite("Azure commands against the emulator", .serialized)
struct AzureCommandTests {
    static let oldKey = "0b0b0b0b-1111-4222-8333-444455556666"
    static let selection = ["--permission", "Application.ReadWrite.All", "--permission", "Directory.Read.All"]

    func setUp(roles: [String] = ["Application.ReadWrite.All", "Directory.Read.All"], secret: String = azureSecret(1))
        throws -> (AzureEmulator, CLIHarness) {
        let emulator = try AzureEmulator(roles: roles, passwords: [["secret": azureSecret(1), "keyId": Self.oldKey]])
        let cli = try CLIHarness(environment: emulator.environment, companion: emulator)
        try cli.initialize()
        let added = try cli.addAccount("Prod", secret: secret, extra: Self.selection + ["--key-id", Self.oldKey])
        #expect(added.status == 0, "\(added.stderr)")
        return (emulator, cli)
    }

    @Test func verifyAnExactMatchExitsZeroAndSetsLastVerified() throws {
        let (_, cli) = try setUp()
        let result = try cli.run(["verify", "Prod"], passphrase: true)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("permissions match"))
        let shown = try cli.run(["show", "Prod"], passphrase: true).output
        #expect(!shown.contains("Last verified: never"))
        #expect(!result.output.contains(azureSecret(1)) && !result.stderr.contains(azureSecret(1)))
    }

    @Test func verifyThroughTheAgentReportsMissingAndExcessAsJSON() throws {
        let (_, cli) = try setUp(roles: ["Application.ReadWrite.All", "RoleManagement.ReadWrite.Directory"])
        #expect(try cli.run(["unlock", "--timeout", "10m"], passphrase: true).status == 0)
        let result = try cli.run(["verify", "Prod", "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        let permissions = report?["permissions"] as? [String: Any]
        #expect(permissions?["missing"] as? [String] == ["Directory.Read.All"])
        #expect(permissions?["excess"] as? [String] == ["RoleManagement.ReadWrite.Directory"])
        #expect(report?["outcome"] as? String == "mismatch")
        #expect(!result.output.contains("eyJ"), "no token in the output")
    }

    @Test func verifyWithAWrongSecretExitsThreeInPlainWords() throws {
        let (_, cli) = try setUp(secret: azureSecret(9))
        let result = try cli.run(["verify", "Prod"], passphrase: true)
        #expect(result.status == 3)
        #expect(result.stderr.contains("AADSTS7000215"))
        #expect(result.stderr.contains("iamvault: hint:"))
        #expect(!result.stderr.contains(azureSecret(9)))
        // The same through the agent.
        #expect(try cli.run(["unlock", "--timeout", "10m"], passphrase: true).status == 0)
        #expect(try cli.run(["verify", "Prod"]).status == 3)
    }

    @Test func anUnknownCloudIsAUsageError() throws {
        let (_, cli) = try setUp()
        let result = try cli.run(["verify", "Prod", "--cloud", "mars"], passphrase: true)
        #expect(result.status == 2, "\(result.stderr)")
    }

    @Test func rotateViaGraphThenReadGivesTheNewSecretAndReconcileIsConsistent() throws {
        let (emulator, cli) = try setUp()
        let rotated = try cli.run(["rotate", "Prod", "--via-graph", "--expires", "180d", "--retire-old", "now", "--json"], passphrase: true)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let passwords = try emulator.passwords()
        #expect(passwords.count == 1)
        let newSecret = try #require(passwords.first?["secret"] as? String)
        #expect(!rotated.output.contains(newSecret) && !rotated.stderr.contains(newSecret), "the secret is never printed")
        let report = try JSONSerialization.jsonObject(with: rotated.stdout) as? [String: Any]
        #expect(report?["oldPassword"] as? String == "removed")
        #expect(report?["newKeyID"] as? String == passwords.first?["keyId"] as? String)
        #expect(try cli.run(["read", "Prod"], passphrase: true).output == newSecret)
        let reconciled = try cli.run(["reconcile", "Prod"], passphrase: true)
        #expect(reconciled.status == 0, "\(reconciled.stdout) \(reconciled.stderr)")
        #expect(reconciled.output.contains("consistent"))
        #expect(try cli.run(["verify", "Prod"], passphrase: true).status == 0)
        // Neither secret ever travelled in a URL (only in the token request's body).
        let log = try emulator.requestLog()
        #expect(log.contains("/oauth2/v2.0/token") && log.contains("addPassword"), "the log is not empty: \(log.prefix(200))")
        #expect(!log.contains(azureSecret(1)) && !log.contains(newSecret))
    }

    @Test func reconcileNamesAPasswordTheVaultDidNotCapture() throws {
        let emulator = try AzureEmulator(roles: ["Application.ReadWrite.All", "Directory.Read.All"], passwords: [
            ["secret": azureSecret(1), "keyId": Self.oldKey], ["secret": azureSecret(2), "keyId": "0c0c0c0c-1111-4222-8333-444455556666"]])
        let cli = try CLIHarness(environment: emulator.environment, companion: emulator)
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(1), extra: Self.selection + ["--key-id", Self.oldKey]).status == 0)
        #expect(try cli.run(["unlock", "--timeout", "10m"], passphrase: true).status == 0)
        let result = try cli.run(["reconcile", "Prod", "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        let statuses = (report?["passwords"] as? [[String: Any]])?.compactMap { $0["status"] as? String }.sorted()
        #expect(statuses == ["in-vault", "not-in-vault"])
    }

    @Test func expiringFromAzureReadsPasswordCredentials() throws {
        let (_, cli) = try setUp()
        let none = try cli.run(["expiring", "--from-azure", "--within", "30d"], passphrase: true)
        #expect(none.status == 0, "\(none.stdout) \(none.stderr)")
        let all = try cli.run(["expiring", "--from-azure", "--within", "200d", "--json"], passphrase: true)
        #expect(all.status == 1, "\(all.stderr)")
        let report = try JSONSerialization.jsonObject(with: all.stdout) as? [String: Any]
        #expect((report?["entries"] as? [[String: Any]])?.count == 1)
    }

    @Test func permissionsPrintsTheCatalogueAndTheAzArguments() throws {
        let (_, cli) = try setUp()
        let catalogue = try cli.run(["permissions", "--json"])
        #expect(catalogue.status == 0)
        let entries = try JSONSerialization.jsonObject(with: catalogue.stdout) as? [[String: Any]]
        #expect(entries?.contains { $0["name"] as? String == "Directory.AccessAsUser.All" && $0["kind"] as? String == "delegated" } == true)
        let arguments = try cli.run(["permissions", "Prod", "--az-args"], passphrase: true)
        #expect(arguments.status == 0, "\(arguments.stderr)")
        #expect(arguments.output == "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9=Role 7ab1d382-f21e-4acd-a863-ba3e13f7da61=Role\n")
    }

    /// The child asks the broker for a Graph token with the header (200) and without it (401); it has no secret.
    static let brokerClient = """
        import json, os, sys, urllib.error, urllib.request
        assert "AZURE_CLIENT_SECRET" not in os.environ and "AZURE_CLIENT_ID" not in os.environ
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        url = os.environ["IDENTITY_ENDPOINT"] + "?api-version=2019-08-01&resource=https://graph.microsoft.com"
        request = urllib.request.Request(url, headers={"X-IDENTITY-HEADER": os.environ["IDENTITY_HEADER"]})
        body = json.load(opener.open(request))
        assert body["token_type"] == "Bearer" and body["access_token"]
        try:
            opener.open(url)
            sys.exit(9)
        except urllib.error.HTTPError as error:
            assert error.code == 401, error.code
        print("token-ok")
        sys.exit(4)
        """

    @Test(arguments: [false, true])
    func execTokenOnlyGivesTheChildABrokerNotTheSecret(agent: Bool) throws {
        let (_, cli) = try setUp()
        if agent { #expect(try cli.run(["unlock", "--timeout", "10m"], passphrase: true).status == 0) }
        // The passphrase descriptor must be named before `--` (everything after it is the child's command).
        let result = try cli.run(["exec", "Prod", "--token-only"] + (agent ? [] : ["--passphrase-fd", "3"])
                                 + ["--", "python3", "-c", Self.brokerClient], viaDescriptor3: !agent)
        #expect(result.status == 4, "the child's status passes through: \(result.stdout) \(result.stderr)")
        #expect(result.output == "token-ok\n")
        let log = try cli.run(["audit", "list", "--json"], passphrase: !agent).output
        #expect(log.contains("token-broker"))
        #expect(!log.contains(azureSecret(1)) && !log.contains("eyJ"))
    }
}
