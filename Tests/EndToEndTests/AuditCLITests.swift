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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, cli.vaultPath, String(seq)]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
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
}
