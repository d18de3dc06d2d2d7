import Foundation
import IAMVaultTestSupport
import Testing

/// Tampering seen through the command line: the library tests (VaultTests/TamperTests,
/// AuditTests/AuditChainVerifierTests) flip every byte of every sealed column; these check that the binary
/// turns each kind of damage into its documented exit code and prints no plaintext.
@Suite("Tampering from the command line", .serialized)
struct TamperCLITests {
    /// Plays the attacker who can write the file: edits one column of one row with Python's sqlite3 (deleting
    /// and re-inserting the row where the write-once trigger refuses the update).
    static func tamper(_ cli: CLIHarness, table: String, column: String, row: String, byte: Int) throws {
        let script = """
            import sqlite3, sys
            table, column, row, byte = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
            db = sqlite3.connect(sys.argv[1])
            db.row_factory = sqlite3.Row
            original = db.execute(f"SELECT * FROM {table} WHERE {row}").fetchone()
            values = dict(original)
            blob = bytearray(values[column]); blob[byte % len(blob)] ^= 0x01
            values[column] = bytes(blob)
            try:
                db.execute(f"UPDATE {table} SET {column} = ? WHERE {row}", (values[column],))
            except sqlite3.IntegrityError:  # the write-once trigger: delete and insert instead
                db.execute(f"DELETE FROM {table} WHERE {row}")
                names = ", ".join(values); marks = ", ".join("?" for _ in values)
                db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))
            db.commit()
            """
        try PythonScript.run(script, [cli.vaultPath, table, column, row, String(byte)])
    }

    /// A vault with Prod (and, with `other`, a second account).
    static func vault(other: Bool = false) throws -> CLIHarness {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(80)).status == 0)
        guard other else { return cli }
        #expect(try cli.run(["add", "Other", "--tenant", "fabrikam.onmicrosoft.com", "--client-id", "99998888-7777-4666-8555-444433332222",
                             "--secret-stdin"], stdin: Data(azureSecret(81).utf8), passphrase: true).status == 0)
        return cli
    }

    /// Which column, which command notices, and the exit code it must give.
    struct Case: Sendable, CustomStringConvertible {
        let table: String, column: String, row: String, command: [String], exit: Int32
        var description: String { "\(table).\(column)" }
    }

    static let cases = [
        Case(table: "secret_version", column: "sealed_value", row: "version = 1",
             command: ["read", "Prod"], exit: 5),
        Case(table: "secret_version", column: "sealed_metadata", row: "version = 1",
             command: ["read", "Prod"], exit: 5),
        Case(table: "entry", column: "sealed_metadata", row: "1 = 1", command: ["list", "--json"], exit: 5),
        Case(table: "vault", column: "sealed_metadata", row: "singleton = 1", command: ["list", "--json"], exit: 5),
        Case(table: "key_slot", column: "wrapped_key", row: "kind = 'passphrase'", command: ["list", "--json"], exit: 5),
        Case(table: "key_slot", column: "salt", row: "kind = 'passphrase'", command: ["list", "--json"], exit: 5),
        Case(table: "audit_entry", column: "sealed_entry", row: "seq = 2", command: ["audit", "verify"], exit: 5),
    ]

    @Test(arguments: cases, [0, 17, -1])
    func aFlippedByteIsAnIntegrityErrorWithNoPlaintext(damage: Case, byte: Int) throws {
        let cli = try Self.vault()
        try Self.tamper(cli, table: damage.table, column: damage.column, row: damage.row, byte: byte)
        let result = try cli.run(damage.command, passphrase: true)
        #expect(result.status == damage.exit, "\(damage) byte \(byte): exit \(result.status): \(result.stderr)")
        #expect(result.stderr.hasPrefix("iamvault: error: ") && result.stderr.contains("iamvault: hint:"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(result.stdout.range(of: Data(azureSecret(80).utf8)) == nil && result.stdout.range(of: Data(azureSecret(81).utf8)) == nil)
    }

    /// secretbox has no associated data; iamvault binds each value to its account and version through the
    /// per-record key, so a value moved to another account does not open there.
    @Test func sealedValuesSwappedBetweenAccountsAreRefused() throws {
        let cli = try Self.vault(other: true)
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            rows = db.execute("SELECT * FROM secret_version ORDER BY entry_id").fetchall()
            columns = [d[0] for d in db.execute("SELECT * FROM secret_version").description]
            value = columns.index("sealed_value")
            first, second = list(rows[0]), list(rows[1])
            first[value], second[value] = second[value], first[value]
            db.execute("DELETE FROM secret_version")
            for row in (first, second):
                db.execute(f"INSERT INTO secret_version ({', '.join(columns)}) VALUES ({', '.join('?' * len(row))})", row)
            db.commit()
            """
        try PythonScript.run(script, [cli.vaultPath])
        for name in ["Prod", "Other"] {
            let result = try cli.run(["read", name], passphrase: true)
            #expect(result.status == 5, "\(name): \(result.status) \(result.stderr)")
            #expect(result.output.isEmpty, "no value comes out under the wrong account")
        }
        #expect(try cli.run(["list", "--json"], passphrase: true).status == 0, "the rest of the vault still opens")
    }

    /// The documented limit (docs/threat-model.md, "rollback"): a row put back from an older copy of the same
    /// vault opens, because it was sealed under the same key for the same place. Here that re-enables a
    /// disabled account; only the audit log, which still records the change, tells.
    @Test func anOlderCopyOfOneRowIsNotDetectedByTheFileAlone() throws {
        let cli = try Self.vault()
        let copy = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            if sys.argv[2] == "save":
                (blob,) = db.execute("SELECT sealed_metadata FROM entry").fetchone()
                open(sys.argv[3], "wb").write(blob)
            else:
                db.execute("UPDATE entry SET sealed_metadata = ?", (open(sys.argv[3], "rb").read(),))
                db.commit()
            """
        try PythonScript.run(copy, [cli.vaultPath, "save", cli.root + "/row"])
        #expect(try cli.run(["edit", "Prod", "--disabled"], passphrase: true).status == 0)
        #expect(try cli.run(["read", "Prod"], passphrase: true).status == 6, "disabled")
        try PythonScript.run(copy, [cli.vaultPath, "restore", cli.root + "/row"])
        let reenabled = try cli.run(["read", "Prod"], passphrase: true)
        #expect(reenabled.status == 0, "not detected from the file: \(reenabled.stderr)")
        #expect(try cli.run(["audit", "verify"], passphrase: true).status == 0, "the chain itself is intact")
        let log = try cli.run(["audit", "list", "--json", "--account", "Prod"], passphrase: true).output
        #expect(log.contains("account.disabled"), "the audit log still shows the account was disabled")
    }
}
