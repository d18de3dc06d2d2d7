import Foundation
import IAMVaultTestSupport
import GRDB
import Testing
import Sodium
@testable import Vault

/// The attacker here can write the vault file but does not know the passphrase.
@Suite("Tampering is detected, never a trap or a wrong plaintext")
struct TamperTests {
    struct Fixture {
        let folder: TemporaryFolder
        let vault: UnlockedVault
        let path: String
        let first: EntryID
        let second: EntryID
    }

    func fixture() throws -> Fixture {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        let (first, second) = try vault.write { writer in
            let a = try writer.createEntry(name: "alpha", payload: Array("alpha payload".utf8))
            let b = try writer.createEntry(name: "beta", payload: Array("beta payload".utf8))
            try writer.addSecretVersion(to: a.id, value: try secret("alpha-secret-value"), metadata: Array("meta-a".utf8))
            try writer.addSecretVersion(to: b.id, value: try secret("beta-secret-value"), metadata: Array("meta-b".utf8))
            return (a.id, b.id)
        }
        return Fixture(folder: folder, vault: vault, path: path, first: first, second: second)
    }

    /// Flips each byte of one column in turn, checks `read` fails with an integrity error, and restores it.
    func flipEachByte(_ f: Fixture, table: String, column: String, where condition: String, read: () throws -> Void) throws {
        let db = try rawDatabase(f.path)
        let original = try db.read { try Data.fetchOne($0, sql: "SELECT \(column) FROM \(table) WHERE \(condition)") }!
        try db.writeWithoutTransaction { db in try db.execute(sql: "DROP TRIGGER IF EXISTS secret_version_write_once") }
        for index in original.indices {
            var damaged = original
            damaged[index] ^= 0x01
            try db.write { try $0.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(condition)", arguments: [damaged]) }
            var caught: VaultError?
            do { try read() } catch let error as VaultError { caught = error }
            guard case .integrityFailure = caught?.kind else {
                Issue.record("flipping byte \(index) of \(table).\(column) gave \(String(describing: caught))")
                return
            }
        }
        try db.write { try $0.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(condition)", arguments: [original]) }
        try read()
    }

    @Test func everyByteOfASealedSecretValue() throws {
        let f = try fixture()
        let condition = "entry_id = x'\(f.first.description)' AND version = 1"
        try flipEachByte(f, table: "secret_version", column: "sealed_value", where: condition) {
            try f.vault.read { _ = try $0.openSecret(of: f.first, version: 1) }
        }
    }

    @Test func everyByteOfSecretMetadataAndFingerprint() throws {
        let f = try fixture()
        let condition = "entry_id = x'\(f.first.description)' AND version = 1"
        try flipEachByte(f, table: "secret_version", column: "sealed_metadata", where: condition) {
            _ = try f.vault.read { try $0.secretVersions(of: f.first) }
        }
        try flipEachByte(f, table: "secret_version", column: "fingerprint", where: condition) {
            try f.vault.read { _ = try $0.openSecret(of: f.first, version: 1) }
        }
    }

    @Test func everyByteOfEntryMetadataAndNameIndex() throws {
        let f = try fixture()
        let condition = "entry_id = x'\(f.first.description)'"
        try flipEachByte(f, table: "entry", column: "sealed_metadata", where: condition) {
            _ = try f.vault.read { try $0.entries() }
        }
        try flipEachByte(f, table: "entry", column: "name_index", where: condition) {
            _ = try f.vault.read { try $0.entries() }
        }
    }

    @Test func everyByteOfTheVaultMetadataAndId() throws {
        let f = try fixture()
        try flipEachByte(f, table: "vault", column: "sealed_metadata", where: "singleton = 1") {
            _ = try f.vault.read { try $0.entryCount() }
        }
        try flipEachByte(f, table: "vault", column: "vault_id", where: "singleton = 1") {
            _ = try f.vault.read { try $0.entryCount() }
        }
    }

    @Test func everyByteOfAKeySlotIsDamageNotAWrongPassphrase() throws {
        let f = try fixture()
        let db = try rawDatabase(f.path)
        for column in ["salt", "wrapped_key", "checksum"] {
            let original = try db.read { try Data.fetchOne($0, sql: "SELECT \(column) FROM key_slot WHERE kind = 'passphrase'") }!
            for index in original.indices {
                var damaged = original
                damaged[index] ^= 0x80
                try db.write { try $0.execute(sql: "UPDATE key_slot SET \(column) = ? WHERE kind = 'passphrase'", arguments: [damaged]) }
                var caught: VaultError?
                do { _ = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase)) } catch let error as VaultError { caught = error }
                guard case .damagedKeySlot = caught?.kind else {
                    Issue.record("flipping byte \(index) of key_slot.\(column) gave \(String(describing: caught))")
                    return
                }
            }
            try db.write { try $0.execute(sql: "UPDATE key_slot SET \(column) = ? WHERE kind = 'passphrase'", arguments: [original]) }
        }
        for column in ["ops_limit", "mem_limit"] {
            try db.write { try $0.execute(sql: "UPDATE key_slot SET \(column) = \(column) + 1024 WHERE kind = 'passphrase'") }
            #expect(throws: VaultError.self) { _ = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase)) }
            try db.write { try $0.execute(sql: "UPDATE key_slot SET \(column) = \(column) - 1024 WHERE kind = 'passphrase'") }
        }
        _ = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase))
    }

    /// A forger who also recomputes the (unkeyed) checksum gets "wrong passphrase", never a wrong key.
    @Test func aReforgedWrappedKeyIsAWrongPassphrase() throws {
        let f = try fixture()
        try rewriteSlot(f.path) { slot in slot.wrappedKey[30] ^= 1 }
        #expect(throws: VaultError(.wrongPassphrase)) { _ = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase)) }
    }

    /// Hostile but self-consistent KDF parameters are refused before any memory is allocated.
    @Test(arguments: [(UInt64(0), UInt64(67_108_864)), (3, 8 << 30), (1, 67_108_864), (2, 8192), (1_000, 67_108_864)])
    func implausibleParametersAreRefusedBeforeDerivation(ops: UInt64, mem: UInt64) throws {
        let f = try fixture()
        try rewriteSlot(f.path) { slot in
            slot.opsLimit = ops
            slot.memLimit = mem
        }
        var caught: VaultError?
        do { _ = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase)) } catch let error as VaultError { caught = error }
        guard case .damagedKeySlot(_, let reason) = caught?.kind else {
            Issue.record("got \(String(describing: caught))")
            return
        }
        #expect(reason.contains("implausible"))
    }

    /// A slot taken from another vault unwraps with the same passphrase but fails the key check.
    @Test func aKeySlotFromAnotherVaultIsAnIntegrityFailure() throws {
        let f = try fixture()
        let (_, otherPath, _) = try makeVault(in: f.folder, name: "other.db")
        let foreign = try rawDatabase(otherPath).read { try Row.fetchAll($0, sql: "SELECT * FROM key_slot") }
        try rawDatabase(f.path).write { db in
            try db.execute(sql: "DELETE FROM key_slot")
            for row in foreign {
                try db.execute(
                    sql: "INSERT INTO key_slot VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [row["kind"], row["kdf"], row["salt"], row["ops_limit"], row["mem_limit"], row["wrapped_key"], row["checksum"]])
            }
        }
        var caught: VaultError?
        do { _ = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase)) } catch let error as VaultError { caught = error }
        guard case .integrityFailure = caught?.kind else {
            Issue.record("got \(String(describing: caught))")
            return
        }
    }

    @Test func aSecretValueMovedToAnotherAccountFailsToOpen() throws {
        let f = try fixture()
        let db = try rawDatabase(f.path)
        try db.writeWithoutTransaction { db in try db.execute(sql: "DROP TRIGGER secret_version_write_once") }
        // Swap the two accounts' sealed values (and fingerprints), as an attacker with write access could.
        try db.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT entry_id, sealed_value, fingerprint FROM secret_version ORDER BY entry_id")
            try db.execute(sql: "UPDATE secret_version SET fingerprint = x'00' WHERE entry_id = ?", arguments: [rows[0]["entry_id"]])
            try db.execute(sql: "UPDATE secret_version SET sealed_value = ?, fingerprint = ? WHERE entry_id = ?",
                           arguments: [rows[0]["sealed_value"], rows[0]["fingerprint"], rows[1]["entry_id"]])
            try db.execute(sql: "UPDATE secret_version SET sealed_value = ?, fingerprint = ? WHERE entry_id = ?",
                           arguments: [rows[1]["sealed_value"], rows[1]["fingerprint"], rows[0]["entry_id"]])
        }
        for id in [f.first, f.second] {
            var caught: VaultError?
            do { try f.vault.read { _ = try $0.openSecret(of: id, version: 1) } } catch let error as VaultError { caught = error }
            guard case .integrityFailure = caught?.kind else {
                Issue.record("got \(String(describing: caught))")
                return
            }
        }
    }

    @Test func swappedNameIndexesAreDetectedOnLookup() throws {
        let f = try fixture()
        try rawDatabase(f.path).write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT entry_id, name_index FROM entry ORDER BY entry_id")
            try db.execute(sql: "UPDATE entry SET name_index = x'00' WHERE entry_id = ?", arguments: [rows[0]["entry_id"]])
            try db.execute(sql: "UPDATE entry SET name_index = ? WHERE entry_id = ?", arguments: [rows[0]["name_index"], rows[1]["entry_id"]])
            try db.execute(sql: "UPDATE entry SET name_index = ? WHERE entry_id = ?", arguments: [rows[1]["name_index"], rows[0]["entry_id"]])
        }
        var caught: VaultError?
        do { _ = try f.vault.read { try $0.entry(named: "alpha") } } catch let error as VaultError { caught = error }
        guard case .integrityFailure = caught?.kind else {
            Issue.record("got \(String(describing: caught))")
            return
        }
    }

    func rewriteSlot(_ path: String, _ change: (inout StoredKeySlot) -> Void) throws {
        let storage = try SQLiteVaultStorage.open(at: path)
        try storage.write { writer in
            var slot = try writer.keySlots().first { $0.kind == "passphrase" }!
            change(&slot)
            slot.checksum = try KeySlotCodec.checksum(of: slot)
            try writer.putKeySlot(slot)
        }
    }
}
