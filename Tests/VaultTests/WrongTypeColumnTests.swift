import Foundation
import GRDB
import IAMVaultTestSupport
import Testing
@testable import Vault

/// The lookups of every command read SQLite's columns directly (`RawQuery`). The schema is STRICT, but whoever
/// can write the file can recreate a table without it and store values of any type: such a value must make the
/// read fail with an error, never trap (GRDB's typed row access traps on a value it cannot convert) and never
/// open as something else.
@Suite("Columns of the wrong type in a recreated table fail the read, never trap")
struct WrongTypeColumnTests {
    /// A vault with one entry and one secret version, whose `table` is recreated without STRICT (same columns,
    /// same rows) and then changed by `damage`.
    func vault(recreating table: String, columns: String, damage: String) throws -> (TemporaryFolder, UnlockedVault, EntryID) {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        let id = try vault.write { writer in
            let entry = try writer.createEntry(name: "alpha", payload: Array("alpha payload".utf8))
            try writer.addSecretVersion(to: entry.id, value: try secret("alpha-secret-value"), metadata: Array("meta".utf8))
            return entry.id
        }
        let db = try rawDatabase(path)
        try db.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "PRAGMA legacy_alter_table = ON")
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: "ALTER TABLE \(table) RENAME TO \(table)_strict")
            try db.execute(sql: "CREATE TABLE \(table) (\(columns))")
            try db.execute(sql: "INSERT INTO \(table) SELECT * FROM \(table)_strict")
            try db.execute(sql: "DROP TABLE \(table)_strict")
            try db.execute(sql: damage)
        }
        return (folder, vault, id)
    }

    static let entryColumns = "entry_id, name_index, sealed_metadata"
    static let versionColumns = "entry_id, version, fingerprint, sealed_value, sealed_metadata"

    @Test(arguments: ["UPDATE entry SET sealed_metadata = 42", "UPDATE entry SET sealed_metadata = 'text'",
                      "UPDATE entry SET sealed_metadata = NULL", "UPDATE entry SET sealed_metadata = 1.5",
                      "UPDATE entry SET entry_id = 'text'"])
    func anEntryRow(_ damage: String) throws {
        let (_, vault, _) = try vault(recreating: "entry", columns: Self.entryColumns, damage: damage)
        #expect(throws: VaultError.self, "\(damage)") { _ = try vault.read { try $0.entry(named: "alpha") } }
        #expect(throws: VaultError.self, "\(damage)") { _ = try vault.read { try $0.entries() } }
    }

    @Test(arguments: ["UPDATE secret_version SET version = 'one'", "UPDATE secret_version SET version = NULL",
                      "UPDATE secret_version SET version = x'01'", "UPDATE secret_version SET sealed_value = 'text'",
                      "UPDATE secret_version SET sealed_metadata = 7", "UPDATE secret_version SET entry_id = 5"])
    func aSecretVersionRow(_ damage: String) throws {
        let (_, vault, id) = try vault(recreating: "secret_version", columns: Self.versionColumns, damage: damage)
        // Either the version is not found under its entry any more, or what is found fails to open: never a trap,
        // never a value.
        #expect(throws: VaultError.self, "\(damage)") {
            try vault.read { reader in
                let versions = try reader.secretVersions(of: id)
                guard let first = versions.first else { throw VaultError(.secretVersionNotFound(version: 1)) }
                _ = try reader.openSecret(of: id, version: first.version)
            }
        }
        #expect(throws: VaultError.self, "\(damage)") { try vault.read { _ = try $0.openSecret(of: id, version: 1) } }
    }

    @Test(arguments: ["UPDATE vault SET sealed_metadata = 'text'", "UPDATE vault SET vault_id = 12", "UPDATE vault SET sealed_metadata = NULL"])
    func theVaultRow(_ damage: String) throws {
        let (_, vault, _) = try vault(recreating: "vault", columns: "singleton, format_version, vault_id, sealed_metadata", damage: damage)
        #expect(throws: VaultError.self, "\(damage)") { _ = try vault.read { try $0.vaultMetadata() } }
    }
}
