import Foundation
import IAMVaultTestSupport
import Testing

/// SIGKILL during `iamvault passwd`, `recover` and `rekey` (each one SQLite transaction: the new key slot, or
/// every record resealed under a new vault key with the new slots): three kills early (inside the first KDF, or
/// before the recovery key is checked), then kills drawn from 50% to 110% of the command's measured duration.
/// After every kill the vault opens, with exactly one of the two passphrases for `passwd` and `recover`, every
/// account reads as its own value, and at the end `audit verify` passes.
@Suite("Killing passwd, recover or rekey leaves a vault that opens, with every value", .serialized)
struct KeyChangeKillTests {
    static let floorKDF = ["--kdf-memory", "64", "--kdf-ops", "2"]
    static let other = "a second passphrase, long enough"

    /// A private file holding `lines`, one per line.
    func file(_ cli: CLIHarness, _ name: String, _ lines: [String]) throws -> String {
        let path = cli.root + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: Data(lines.map { $0 + "\n" }.joined().utf8),
                                               attributes: [.posixPermissions: 0o600]))
        return path
    }

    /// `read NAME` one-shot with the passphrase in `passphraseFile`.
    func read(_ cli: CLIHarness, _ name: String, passphraseFile: String) throws -> CLIHarness.Result {
        try cli.run(["read", name, "--passphrase-fd", "3"], viaDescriptor3: true, environment: ["IAMVAULT_TEST_PASSPHRASE_FILE": passphraseFile])
    }

    /// Changes the passphrase back and forth with `change(from, killAfter)` (from passphrase `from` to the other,
    /// `open[i]` holding passphrase i): three uninterrupted changes to measure it, then `kills` killed ones. After
    /// each kill exactly one of the two passphrases opens the vault and reads the account's value, a change that
    /// exited 0 left the new one, and at the end the audit chain verifies.
    func killPassphraseChanges(_ cli: CLIHarness, open: [String], kills: Int, seed: UInt64, earlyFraction: Double,
                               _ change: (_ from: Int, _ killAfter: Double?) throws -> Bool) throws {
        var current = 0
        let duration = try cli.medianDuration(of: 3) { _ in
            let changed = try change(current, nil)
            #expect(changed)
            current = 1 - current
        }
        var random = SeededGenerator(seed: seed)
        var unchanged = 0
        for index in 0..<kills {
            let delay = CLIHarness.killDelay(attempt: index, early: 3, earlyFraction: earlyFraction, spread: 0.5...1.1, duration: duration,
                                             using: &random)
            let finished = try change(current, delay)
            let withOld = try read(cli, "Contoso-Prod", passphraseFile: open[current])
            let withNew = try read(cli, "Contoso-Prod", passphraseFile: open[1 - current])
            #expect((withOld.status == 0) != (withNew.status == 0),
                    "kill \(index) after \(Int(delay * 1000)) ms: old opens \(withOld.status == 0), new opens \(withNew.status == 0)")
            #expect([withOld, withNew].filter { $0.status == 0 }.allSatisfy { $0.output == azureSecret(1) })
            if finished { #expect(withNew.status == 0, "the change exited 0 but the new passphrase does not open") }
            if withNew.status == 0 { current = 1 - current } else { unchanged += 1 }
        }
        #expect(unchanged >= 3, "the early kills came before the change (\(unchanged) unchanged)")
        let verify = try cli.run(["audit", "verify", "--passphrase-fd", "3"], viaDescriptor3: true,
                                 environment: ["IAMVAULT_TEST_PASSPHRASE_FILE": open[current]])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func everyKilledPasswdLeavesExactlyOnePassphraseThatOpens() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Contoso-Prod", secret: azureSecret(1)).status == 0)
        let passphrases = [CLIHarness.passphrase, Self.other]
        // To change from passphrase i to the other: both lines; to open with passphrase i: its line.
        let change = try (0..<2).map { try file(cli, "change-\($0)", [passphrases[$0], passphrases[1 - $0]]) }
        let open = try (0..<2).map { try file(cli, "open-\($0)", [passphrases[$0]]) }
        let passwd = ["passwd"] + Self.floorKDF + ["--passphrase-fd", "3"]
        try killPassphraseChanges(cli, open: open, kills: 20, seed: 31, earlyFraction: 0.2) { from, delay in
            try cli.runKilled(passwd, descriptor3File: change[from], killAfter: delay)
        }
    }

    @Test func everyKilledRecoverLeavesExactlyOnePassphraseThatOpens() throws {
        let cli = try CLIHarness()
        let recoveryKey = try file(cli, "recovery-key", [try cli.initialize()])
        #expect(try cli.addAccount("Contoso-Prod", secret: azureSecret(1)).status == 0)
        let passphrases = [CLIHarness.passphrase, Self.other]
        let open = try (0..<2).map { try file(cli, "open-\($0)", [passphrases[$0]]) }
        let recover = ["recover", "--recovery-key-fd", "4"] + Self.floorKDF + ["--passphrase-fd", "3"]
        // `recover` reads the new passphrase on descriptor 3: the one that is not current.
        try killPassphraseChanges(cli, open: open, kills: 15, seed: 41, earlyFraction: 0.1) { from, delay in
            try cli.runKilled(recover, descriptor3File: open[1 - from], descriptor4File: recoveryKey, killAfter: delay)
        }
    }

    @Test func everyKilledRekeyLeavesAVaultThatOpensWithEveryValue() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Contoso-Prod", secret: azureSecret(1)).status == 0)
        #expect(try cli.addAccount("Fabrikam-Dev", secret: azureSecret(2)).status == 0)
        #expect(try cli.run(["rotate", "Contoso-Prod", "--secret-stdin"], stdin: Data(azureSecret(3).utf8), passphrase: true).status == 0)
        let rekey = ["rekey"] + Self.floorKDF + ["--passphrase-fd", "3"]
        let duration = try cli.medianDuration(of: 3) { _ in
            let rekeyed = try cli.runKilled(rekey, descriptor3File: cli.passphraseFile, killAfter: nil)
            #expect(rekeyed)
        }
        var random = SeededGenerator(seed: 37)
        for index in 0..<15 {
            let delay = CLIHarness.killDelay(attempt: index, early: 3, earlyFraction: 0.2, spread: 0.5...1.1, duration: duration,
                                             using: &random)
            _ = try cli.runKilled(rekey, descriptor3File: cli.passphraseFile, killAfter: delay)
            for (name, value, version) in [("Contoso-Prod", azureSecret(3), nil), ("Contoso-Prod", azureSecret(1), "1"),
                                           ("Fabrikam-Dev", azureSecret(2), nil)] {
                let result = try cli.run(["read", name] + (version.map { ["--version", $0] } ?? []), passphrase: true)
                #expect(result.status == 0 && result.output == value, "kill \(index) after \(Int(delay * 1000)) ms: \(name): \(result.stderr)")
            }
        }
        let verify = try cli.run(["audit", "verify"], passphrase: true)
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
