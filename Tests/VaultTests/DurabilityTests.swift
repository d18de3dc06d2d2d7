import Foundation
import GRDB
import IAMVaultTestSupport
import Testing
import Sodium
@testable import Vault

@Suite("Durable commits")
struct DurabilityTests {
    /// A connection setting, read inside a write (the writer connection) and inside a read (a reader).
    static func pragma(_ name: String, _ storage: SQLiteVaultStorage) throws -> (writer: Int?, reader: Int?) {
        let writer = try storage.write { try Int.fetchOne(($0 as! SQLiteVaultWriter).db, sql: "PRAGMA \(name)") }
        let reader = try storage.read { try Int.fetchOne(($0 as! SQLiteVaultWriter).db, sql: "PRAGMA \(name)") }
        return (writer, reader)
    }

    /// GRDB's pool sets `synchronous = NORMAL` when it turns WAL on, after our own connection setup, and under
    /// NORMAL a commit is not synced. Every connection, the one that commits above all, must run with FULL (2)
    /// and `secure_delete` on, for a new vault and an opened one.
    @Test func everyCommitIsSyncedBeforeItReturns() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        let created = try #require(vault.storage as? SQLiteVaultStorage)
        for storage in [created, try SQLiteVaultStorage.open(at: path)] {
            let synchronous = try Self.pragma("synchronous", storage)
            #expect(synchronous.writer == 2 && synchronous.reader == 2, "FULL is 2: \(synchronous)")
            let secureDelete = try Self.pragma("secure_delete", storage)
            #expect(secureDelete.writer == 1 && secureDelete.reader == 1, "\(secureDelete)")
        }
    }
}
