import Foundation
import IAMVaultTestSupport
import Testing
import Sodium
@testable import Vault

@Suite("Durable commits")
struct DurabilityTests {
    /// GRDB's pool sets `synchronous = NORMAL` when it turns WAL on, under which a commit is not synced; the
    /// storage must put FULL back on the connection that commits, for a new vault and an opened one.
    @Test func everyCommitIsSyncedBeforeItReturns() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        let created = try #require(vault.storage as? SQLiteVaultStorage)
        #expect(try created.writerSynchronousMode() == 2, "FULL is 2")
        let opened = try SQLiteVaultStorage.open(at: path)
        #expect(try opened.writerSynchronousMode() == 2)
    }
}
