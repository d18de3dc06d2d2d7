import Foundation
import IAMVaultTestSupport
import Testing

@Suite("audit verify from the command line", .serialized)
struct AuditCLITests {
    /// Plays the attacker who can write the file: changes one byte of a stored audit entry with Python's sqlite3.
    func flipAuditByte(_ cli: CLIHarness, seq: Int) throws {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            (blob,) = db.execute("SELECT sealed_entry FROM audit_entry WHERE seq = ?", (int(sys.argv[2]),)).fetchone()
            blob = bytearray(blob); blob[30] ^= 1
            db.execute("UPDATE audit_entry SET sealed_entry = ? WHERE seq = ?", (bytes(blob), int(sys.argv[2])))
            db.commit()
            """
        try PythonScript.run(script, [cli.vaultPath, String(seq)])
    }

    @Test func anEditedEntryExitsFiveNamingItsSequenceNumber() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(21)).status == 0)
        #expect(try cli.run(["audit", "verify"], passphrase: true).status == 0)
        try flipAuditByte(cli, seq: 3)
        let verify = try cli.run(["audit", "verify"], passphrase: true)
        #expect(verify.status == 5, "\(verify.stderr)")
        #expect(verify.stderr.contains("entry 3"))
        #expect(verify.stderr.contains("edited"))
    }

    /// The head line `audit verify` prints.
    func verifiedHead(_ cli: CLIHarness, anchor: String? = nil) throws -> (status: Int32, head: String?, stderr: String) {
        let result = try cli.run(["audit", "verify"] + (anchor.map { ["--anchor", $0] } ?? []), passphrase: true)
        let head = result.output.split(separator: "\n").first { $0.hasPrefix("head: ") }.map { String($0.dropFirst(6)) }
        return (result.status, head, result.stderr)
    }

    /// Copies the vault and its WAL and shared-memory files (no process holds them open between commands).
    func copyVault(_ cli: CLIHarness, to folder: String, back: Bool = false) throws {
        let manager = FileManager.default
        for suffix in ["", "-wal", "-shm"] {
            let live = cli.vaultPath + suffix, saved = folder + "/vault" + suffix
            let (from, to) = back ? (saved, live) : (live, saved)
            if manager.fileExists(atPath: to) { try manager.removeItem(atPath: to) }
            if manager.fileExists(atPath: from) { try manager.copyItem(atPath: from, toPath: to) }
        }
    }

    /// Threat model, rollback: an older copy of the whole file is a consistent vault, so on its own it verifies;
    /// a head kept elsewhere (`--anchor`) is what tells it was rolled back.
    @Test func aRolledBackVaultVerifiesAloneButNotAgainstALaterAnchor() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(22)).status == 0)
        let first = try verifiedHead(cli)
        #expect(first.status == 0)
        let firstHead = try #require(first.head)
        let saved = cli.root + "/older"
        try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: false)
        try copyVault(cli, to: saved)

        #expect(try cli.run(["rotate", "Prod", "--secret-stdin"], stdin: Data(azureSecret(23).utf8), passphrase: true).status == 0)
        let later = try verifiedHead(cli, anchor: firstHead)
        #expect(later.status == 0, "an older head is still on the chain: \(later.stderr)")
        let laterHead = try #require(later.head)
        #expect(laterHead != firstHead)

        try copyVault(cli, to: saved, back: true)
        #expect(try cli.run(["read", "Prod"], passphrase: true).output == azureSecret(22), "the rollback restored the old secret")
        #expect(try verifiedHead(cli).status == 0, "not detectable from the file alone (docs/threat-model.md)")
        let anchored = try verifiedHead(cli, anchor: laterHead)
        #expect(anchored.status == 5, "\(anchored.stderr)")
        // Commands since the rollback appended entries again, so the anchor's seq exists with another MAC.
        #expect(anchored.stderr.contains("head_mismatch") && anchored.stderr.contains("anchor"))

        let malformed = try cli.run(["audit", "verify", "--anchor", "12:xyz"], passphrase: true)
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("--anchor"))
    }
}
