import Foundation
import IAMVaultTestSupport
import Synchronization
import Testing

/// One test per row of the bad-input table in docs/threat-model.md: each case gets a clear message (what was
/// wrong and what to do), its documented exit code, no trap, and leaves the vault as it was.
@Suite("Bad input: a clear message, a documented exit code, nothing written", .serialized)
struct BadInputTests {
    /// What a refused command must leave as it was: the accounts and every audit entry except the unlock
    /// records that each one-shot command (and a failed passphrase) adds by design.
    struct VaultState: Equatable {
        let accounts: String
        let entries: [String]
    }

    /// Entries that reading the state (or verifying it) adds by design.
    static let observations = ["vault.unlocked", "vault.unlock_failed", "audit.verified", "audit.exported"]

    static func state(_ cli: CLIHarness) throws -> VaultState {
        let accounts = try cli.run(["list", "--json"], passphrase: true)
        let audit = try cli.run(["audit", "list", "--json"], passphrase: true)
        #expect(accounts.status == 0 && audit.status == 0, "\(accounts.stderr)\(audit.stderr)")
        let entries = audit.output.split(separator: "\n").map(String.init)
            .filter { line in !observations.contains { line.contains("\"event\":\"\($0)\"") } }
        return VaultState(accounts: accounts.output, entries: entries)
    }

    /// A vault with one account, and its state.
    static func vault() throws -> (CLIHarness, VaultState) {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(40)).status == 0)
        return (cli, try state(cli))
    }

    /// The refusal is the documented code with an `error:` line naming each of `mentions`, no trap, and no
    /// change to the vault; the chain still verifies.
    static func expectRefused(_ result: CLIHarness.Result, exit: Int32, mentions: [String], cli: CLIHarness, before: VaultState,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == exit, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("iamvault: error: "), "\(result.stderr)", sourceLocation: sourceLocation)
        for mention in mentions {
            #expect(result.stderr.contains(mention), "\(result.stderr) lacks \(mention)", sourceLocation: sourceLocation)
        }
        for trap in ["Fatal error", "Stack dump", "Backtrace", "Swift runtime failure"] {
            #expect(!result.stderr.contains(trap), sourceLocation: sourceLocation)
        }
        #expect(try state(cli) == before, "the refused command changed the vault", sourceLocation: sourceLocation)
        #expect(try cli.run(["audit", "verify"], passphrase: true).status == 0, sourceLocation: sourceLocation)
    }

    static func add(_ cli: CLIHarness, name: String, tenant: String = "contoso.onmicrosoft.com",
                    clientID: String = "11112222-3333-4444-8555-666677778888", secret: String = azureSecret(41),
                    extra: [String] = []) throws -> CLIHarness.Result {
        try cli.run(["add", name, "--tenant", tenant, "--client-id", clientID, "--secret-stdin"] + extra,
                    stdin: Data(secret.utf8), passphrase: true)
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    // MARK: passphrases

    @Test func aWrongPassphraseIsExitThreeAndOnlyTheFailureIsRecorded() throws {
        let (cli, before) = try Self.vault()
        try Self.write("not the passphrase\n", to: cli.root + "/wrong")
        let wrong = try cli.run(["read", "Prod", "--passphrase-fd", "4"], descriptor4: cli.root + "/wrong")
        try Self.expectRefused(wrong, exit: 3, mentions: ["wrong passphrase", "recover"], cli: cli, before: before)
        #expect(wrong.output.isEmpty)
        let log = try cli.run(["audit", "list", "--json"], passphrase: true).output
        #expect(log.contains("vault.unlock_failed"), "the failure is recorded (without the key) and folded in")
    }

    @Test func anEmptyPassphraseIsRefusedForANewVaultAndForUnlock() throws {
        let (cli, before) = try Self.vault()
        try Self.write("\n\n", to: cli.root + "/empty")
        let fresh = cli.root + "/other.db"
        let created = try cli.run(["init", "--vault", fresh, "--kdf-memory", "64", "--kdf-ops", "2", "--passphrase-fd", "4"],
                                  descriptor4: cli.root + "/empty")
        #expect(created.status == 2 && created.stderr.contains("empty") && created.stderr.contains("8 to 1024 bytes"), "\(created.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh), "no vault file is left behind")
        let unlock = try cli.run(["list", "--passphrase-fd", "4"], descriptor4: cli.root + "/empty")
        try Self.expectRefused(unlock, exit: 2, mentions: ["empty"], cli: cli, before: before)
    }

    @Test func aVeryLongPassphraseIsRefusedBeforeAnyKeyDerivation() throws {
        let (cli, before) = try Self.vault()
        try Self.write(String(repeating: "x", count: 2_000_000) + "\n", to: cli.root + "/long")
        let fresh = cli.root + "/other.db"
        let created = try cli.run(["init", "--vault", fresh, "--kdf-memory", "64", "--kdf-ops", "2", "--passphrase-fd", "4"],
                                  descriptor4: cli.root + "/long")
        #expect(created.status == 2 && created.stderr.contains("longer than 1024 bytes"), "\(created.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
        let unlock = try cli.run(["list", "--passphrase-fd", "4"], descriptor4: cli.root + "/long")
        try Self.expectRefused(unlock, exit: 2, mentions: ["longer than 1024 bytes", "first line"], cli: cli, before: before)
    }

    // MARK: files that are not (this version of) a vault

    @Test func aFileThatIsNotAVaultIsLeftUntouched() throws {
        let cli = try CLIHarness()
        let path = cli.root + "/notes.txt"
        try Self.write("meeting notes, not a vault\n", to: path)
        chmod(path, 0o600)
        let result = try cli.run(["list", "--vault", path], passphrase: true)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("not an iamvault vault") || result.stderr.contains("not a vault"), "\(result.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "meeting notes, not a vault\n")
    }

    @Test func aTruncatedVaultIsReportedAndLeftForInspection() throws {
        let (cli, _) = try Self.vault()
        let original = try Data(contentsOf: URL(fileURLWithPath: cli.vaultPath))
        let cut = original.prefix(original.count / 2)
        try cut.write(to: URL(fileURLWithPath: cli.vaultPath))
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cli.vaultPath + suffix) }
        let result = try cli.run(["read", "Prod"], passphrase: true)
        #expect([2, 5].contains(result.status), "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.hasPrefix("iamvault: error: ") && result.stderr.contains("iamvault: hint:"), "\(result.stderr)")
        #expect(result.output.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.vaultPath)) == cut, "the damaged file is not rewritten")
    }

    @Test func aVaultFromANewerFormatVersionIsNotOpened() throws {
        let (cli, _) = try Self.vault()
        try PythonScript.run("import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute('PRAGMA user_version=2'); db.commit()",
                             [cli.vaultPath])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: cli.vaultPath))
        let result = try cli.run(["read", "Prod"], passphrase: true)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("format version 2") && result.stderr.contains("upgrade iamvault"), "\(result.stderr)")
        #expect(result.output.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.vaultPath)) == bytes)
    }

    // MARK: the file system says no

    /// Root ignores permission bits, so as root the binary runs without CAP_DAC_OVERRIDE (setpriv).
    static var withoutPermissionOverride: [String] {
        geteuid() == 0 ? ["/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps=-all"] : []
    }

    @Test func aReadOnlyVaultFolderIsExitSevenAndNothingIsWritten() throws {
        let (cli, before) = try Self.vault()
        let folder = (cli.vaultPath as NSString).deletingLastPathComponent
        chmod(folder, 0o500)
        let result = try cli.run(["add", "Other", "--tenant", "contoso.onmicrosoft.com", "--client-id", "11112222-3333-4444-8555-666677778888",
                                  "--secret-stdin"], stdin: Data(azureSecret(42).utf8), passphrase: true, wrapper: Self.withoutPermissionOverride)
        chmod(folder, 0o700)
        try Self.expectRefused(result, exit: 7, mentions: ["read-only", "nothing was written", "permissions"], cli: cli, before: before)
    }

    /// A full disk, played by a file-size limit: the write fails with EFBIG (iamvault ignores SIGXFSZ so it
    /// is not killed), the transaction rolls back, and the same command succeeds once there is room.
    @Test func aFullDiskIsExitSevenAndTheVaultStaysUsable() throws {
        let (cli, before) = try Self.vault()
        let arguments = ["add", "Other", "--tenant", "contoso.onmicrosoft.com", "--client-id", "11112222-3333-4444-8555-666677778888",
                         "--description", String(repeating: "d", count: 1000), "--secret-stdin"]
        let full = try cli.run(arguments, stdin: Data(azureSecret(43).utf8), passphrase: true, wrapper: ["/usr/bin/prlimit", "--fsize=8192"])
        try Self.expectRefused(full, exit: 7, mentions: ["nothing was written", "disk"], cli: cli, before: before)
        let retried = try cli.run(arguments, stdin: Data(azureSecret(43).utf8), passphrase: true)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(try cli.run(["read", "Other"], passphrase: true).output == azureSecret(43))
    }

    // MARK: fields

    @Test(arguments: [
        ("not-a-guid", "11112222-3333-4444-8555-666677778888", "Directory (tenant) ID"),
        ("72f988bf-86f1-41af-91ab-2d7cd011db4", "11112222-3333-4444-8555-666677778888", "Directory (tenant) ID"),
        ("contoso..onmicrosoft.com", "11112222-3333-4444-8555-666677778888", "Directory (tenant) ID"),
        ("contoso-.com", "11112222-3333-4444-8555-666677778888", "Directory (tenant) ID"),
        ("contoso.onmicrosoft.com", "11112222-3333-4444-8555-66667777888", "Application (client) ID"),
        ("contoso.onmicrosoft.com", "{11112222-3333-4444-8555-666677778888}x", "Application (client) ID"),
        ("contoso.onmicrosoft.com", "contoso.onmicrosoft.com", "Application (client) ID"),
    ])
    func malformedGUIDsAndDomainsNameTheField(tenant: String, clientID: String, field: String) throws {
        let (cli, before) = try Self.vault()
        let result = try Self.add(cli, name: "Other", tenant: tenant, clientID: clientID)
        try Self.expectRefused(result, exit: 2, mentions: [field, "iamvault: hint: expected"], cli: cli, before: before)
    }

    @Test(arguments: ["Tab\there", "Bell\u{07}", "Escape\u{1B}[31m", "Right\u{202E}Left", "Line\nbreak", "Zero\u{200B}width"])
    func namesWithControlOrInvisibleCharactersAreRefused(name: String) throws {
        let (cli, before) = try Self.vault()
        let result = try Self.add(cli, name: name)
        try Self.expectRefused(result, exit: 2, mentions: ["Name:", "printable"], cli: cli, before: before)
    }

    @Test func aNameWithNULFromAzJSONIsRefused() throws {
        let (cli, before) = try Self.vault()
        let document = #"{"appId":"4c2a1e6f-8b1d-4e7a-9f3c-2d5b6a7c8e9f","displayName":"A\u0000B","password":"\#(azureSecret(44))","tenant":"contoso.onmicrosoft.com"}"#
        let result = try cli.run(["add", "--from-az-json", "-"], stdin: Data(document.utf8), passphrase: true)
        try Self.expectRefused(result, exit: 2, mentions: ["Name:", "U+0000"], cli: cli, before: before)
    }

    @Test func overLongFieldsSayTheLimit() throws {
        let (cli, before) = try Self.vault()
        let cases: [([String], String)] = [
            (["--description", String(repeating: "d", count: 1025)], "Description"),
            (["--tag", String(repeating: "t", count: 200)], "Tag"),
        ]
        try Self.expectRefused(try Self.add(cli, name: String(repeating: "N", count: 129)), exit: 2, mentions: ["Name:", "128"],
                               cli: cli, before: before)
        for (extra, field) in cases {
            try Self.expectRefused(try Self.add(cli, name: "Other", extra: extra), exit: 2, mentions: [field], cli: cli, before: before)
        }
        let longSecret = try Self.add(cli, name: "Other", secret: String(repeating: "s", count: 300))
        try Self.expectRefused(longSecret, exit: 2, mentions: ["Client secret value", "256"], cli: cli, before: before)
        let file = cli.root + "/huge-secret"
        try Self.write(String(repeating: "s", count: 100_000), to: file)
        let huge = try cli.run(["add", "Other", "--tenant", "contoso.onmicrosoft.com", "--client-id", "11112222-3333-4444-8555-666677778888",
                                "--secret-stdin"], passphrase: true, stdinFile: file)
        try Self.expectRefused(huge, exit: 2, mentions: ["longer than 8192 bytes", "hint"], cli: cli, before: before)
    }

    @Test func namesDifferingOnlyByCaseAreOneName() throws {
        let (cli, before) = try Self.vault()
        for name in ["prod", "PROD", "pRoD"] {
            try Self.expectRefused(try Self.add(cli, name: name), exit: 6, mentions: ["already exists", "without case"], cli: cli, before: before)
        }
    }

    // MARK: secret values

    @Test func emptySecretsAndSecretsWithALineBreakAreRefused() throws {
        let (cli, before) = try Self.vault()
        try Self.expectRefused(try Self.add(cli, name: "Other", secret: ""), exit: 2, mentions: ["Client secret value"], cli: cli, before: before)
        try Self.expectRefused(try Self.add(cli, name: "Other", secret: "\n"), exit: 2, mentions: ["Client secret value"], cli: cli, before: before)
        let inner = try Self.add(cli, name: "Other", secret: "first-half~ABCDEFGHIJ\nsecond-half~0123456789")
        try Self.expectRefused(inner, exit: 2, mentions: ["line break"], cli: cli, before: before)
        let rotated = try cli.run(["rotate", "Prod", "--secret-stdin"], stdin: Data("abc\ndef-ghijklmnopqrstuvwx".utf8), passphrase: true)
        try Self.expectRefused(rotated, exit: 2, mentions: ["line break"], cli: cli, before: before)
        // One trailing newline is what `echo` and `az ... -o tsv` print: it is not part of the value.
        #expect(try Self.add(cli, name: "Other", secret: azureSecret(45) + "\n").status == 0)
        #expect(try cli.run(["read", "Other"], passphrase: true).output == azureSecret(45))
    }

    @Test func aSecretShapedLikeAGUIDIsProbablyItsIDAndNeedsForce() throws {
        let (cli, before) = try Self.vault()
        let id = "3f9a6c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b"
        try Self.expectRefused(try Self.add(cli, name: "Other", secret: id), exit: 6, mentions: ["Secret ID", "--force"], cli: cli, before: before)
        let rotated = try cli.run(["rotate", "Prod", "--secret-stdin"], stdin: Data(id.utf8), passphrase: true)
        try Self.expectRefused(rotated, exit: 6, mentions: ["Secret ID"], cli: cli, before: before)
        #expect(try Self.add(cli, name: "Other", secret: id, extra: ["--force"]).status == 0, "a deliberate choice is allowed")
    }

    @Test func brokenAndHostileAzJSONIsRefusedWithoutReadingPastTheLimit() throws {
        let (cli, before) = try Self.vault()
        let hostile = [
            "", "{", "[]", "null", "not json", "{\"appId\": 1}",
            "{\"password\": \"\(azureSecret(46))\", \"password\": \"\(azureSecret(47))\"}",
            "{\"appId\":\"4c2a1e6f-8b1d-4e7a-9f3c-2d5b6a7c8e9f\",\"tenant\":\"contoso.onmicrosoft.com\"}",
            String(repeating: "[", count: 100_000),
            "{\"appId\":\"4c2a1e6f-8b1d-4e7a-9f3c-2d5b6a7c8e9f\",\"password\":\"\(azureSecret(48))\",\"tenant\":\"contoso.onmicrosoft.com\",\"displayName\":\"\\ud800\"}",
        ]
        for (index, document) in hostile.enumerated() {
            let file = cli.root + "/az-\(index).json"
            try Self.write(document, to: file)
            let result = try cli.run(["add", "--from-az-json", file], passphrase: true)
            #expect(result.status == 2, "case \(index) gave \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("az JSON") || result.stderr.contains("longer than") || result.stderr.contains("Name:"),
                    "case \(index): \(result.stderr)")
            #expect(!result.stderr.contains(azureSecret(46)) && !result.stderr.contains(azureSecret(48)), "no secret in the message")
        }
        let invalidUTF8 = cli.root + "/az-bytes.json"
        try Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]).write(to: URL(fileURLWithPath: invalidUTF8))
        #expect(try cli.run(["add", "--from-az-json", invalidUTF8], passphrase: true).status == 2)
        let huge = cli.root + "/az-huge.json"
        try Self.write("{\"a\":\"" + String(repeating: "x", count: 5_000_000) + "\"}", to: huge)
        let tooLarge = try cli.run(["add", "--from-az-json", "-"], passphrase: true, stdinFile: huge)
        #expect(tooLarge.status == 2 && tooLarge.stderr.contains("longer than"), "\(tooLarge.stderr)")
        #expect(try Self.state(cli) == before)
    }

    // MARK: concurrency and the agent

    @Test func twoProcessesWritingAtOnceBothLand() throws {
        let (cli, _) = try Self.vault()
        let results = Mutex<[Int32]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for index in 0..<4 {
                let status = (try? Self.add(cli, name: "W\(writer)-\(index)", secret: azureSecret(100 + writer * 10 + index)).status) ?? -1
                results.withLock { $0.append(status) }
            }
        }
        #expect(results.withLock { $0 } == Array(repeating: 0, count: 8))
        for writer in 0..<2 {
            for index in 0..<4 {
                #expect(try cli.run(["read", "W\(writer)-\(index)"], passphrase: true).output == azureSecret(100 + writer * 10 + index))
            }
        }
        #expect(try cli.run(["audit", "verify"], passphrase: true).status == 0)
    }

    /// Raw frames straight to the agent's socket: each is answered with an error (or the connection is closed),
    /// never a crash, and the agent goes on serving.
    @Test func anAgentAnswersMalformedTruncatedAndHugeMessagesAndKeepsServing() throws {
        let (cli, _) = try Self.vault()
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        defer { _ = try? cli.run(["lock"]) }
        let status = try #require(try cli.json(["status"], passphrase: false) as? [String: Any])
        let agentPID = try #require(status["agentPID"] as? Int)
        let folder = cli.runtimeDirectory + "/iamvault"
        let socket = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".sock") })
        let probe = #"""
            import json, socket, struct, sys
            def frame(header, segments=()):
                data = struct.pack(">I", len(header)) + header + struct.pack(">I", len(segments))
                for s in segments: data += struct.pack(">I", len(s)) + s
                return data
            cases = {
                "garbage": b"hello, agent",
                "empty": b"",
                "huge header length": struct.pack(">I", 0xFFFFFFFF),
                "header over the limit": struct.pack(">I", (1 << 20) + 1) + b"{" * 1000,
                "truncated header": struct.pack(">I", 100) + b'{"status"',
                "not JSON": frame(b"\x00\x01binary"),
                "unknown kind": frame(b'{"selfDestruct":{}}'),
                "too many segments": frame(b'{"status":{}}', [b"x"] * 5),
                "segment over the limit": struct.pack(">I", 13) + b'{"status":{}}' + struct.pack(">II", 1, 1 << 20),
                "truncated segment": struct.pack(">I", 13) + b'{"status":{}}' + struct.pack(">II", 1, 40) + b"short",
                "add without its secret": frame(json.dumps({"add": {"_0": {"name": "X", "enabled": True, "tags": [],
                    "tenantID": "contoso.onmicrosoft.com", "clientID": "11112222-3333-4444-8555-666677778888",
                    "permissions": [], "allowSecretThatLooksLikeID": False}}}).encode()),
            }
            results = {}
            for name, data in cases.items():
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(20)
                s.connect(sys.argv[1])
                try:
                    s.sendall(data)
                    s.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                reply = b""
                try:
                    while True:
                        chunk = s.recv(65536)
                        if not chunk: break
                        reply += chunk
                except ConnectionResetError:
                    pass  # the agent refused and closed while our unread bytes were still queued
                except OSError as error:
                    results[name] = "error " + str(error)
                    continue
                s.close()
                if len(reply) < 4:
                    results[name] = "closed"
                    continue
                (length,) = struct.unpack(">I", reply[:4])
                results[name] = json.loads(reply[4:4 + length])
            print(json.dumps(results))
            """#
        let data = try PythonScript.run(probe, [folder + "/" + socket])
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(results.count == 11)
        for (name, result) in results {
            let failure = ((result as? [String: Any])?["failure"] as? [String: Any])?["_0"] as? [String: Any]
            #expect(failure != nil || (result as? String) == "closed", "\(name): \(result)")
            if let failure {
                #expect(failure["exitCode"] != nil && (failure["message"] as? String)?.isEmpty == false, "\(name): \(failure)")
            }
        }
        let after = try #require(try cli.json(["status"], passphrase: false) as? [String: Any])
        #expect(after["agentPID"] as? Int == agentPID, "the same agent survived every message")
        #expect(try cli.run(["read", "Prod"]).output == azureSecret(40))
        #expect(try cli.run(["show", "X"]).status == 4, "the add without its secret wrote nothing")
    }
}
