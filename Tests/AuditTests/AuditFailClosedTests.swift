import Foundation
import IAMVaultTestSupport
import GRDB
import Testing
import Vault
@testable import Audit

/// When the audit entry cannot be written, the operation it describes does not happen, the caller gets a
/// clear error, and nothing is left half done.
@Suite("A failing audit store denies the operation")
struct AuditFailClosedTests {
    /// Simulates a store that refuses audit writes (as a full disk or a read-only file would), for inserts
    /// into `table` only, so the vault change in the same transaction would otherwise succeed.
    func breakAuditWrites(_ f: AuditFixture, table: String = "audit_entry", operation: String = "INSERT") throws {
        try f.raw().writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TRIGGER test_audit_store_fails BEFORE \(operation) ON \(table)
                BEGIN SELECT RAISE(ABORT, 'simulated: database or disk is full'); END
                """)
        }
    }

    func expectWriteFailed(_ body: () throws -> Void) {
        do {
            try body()
            Issue.record("the operation went ahead without its audit entry")
        } catch let error as AuditError {
            guard case .writeFailed(let reason) = error.kind else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reason.contains("simulated: database or disk is full"))
            #expect(error.message.hasPrefix("the audit entry could not be written, so the operation was not performed"))
            #expect(!error.message.contains("SQLite error"), "no raw engine codes")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aVaultChangeDoesNotLandWithoutItsEntry() throws {
        let f = try AuditFixture()
        let headBefore = try f.log.head(of: f.vault)
        try breakAuditWrites(f)
        expectWriteFailed {
            try f.vault.write { writer in
                let entry = try writer.createEntry(name: "contoso-prod", payload: Array("payload".utf8))
                try writer.addSecretVersion(to: entry.id, value: try secret("s3cret-value"), metadata: [])
                try f.log.record(AuditEvent(.accountAdded, account: "contoso-prod", actor: alice), in: writer)
            }
        }
        #expect(try f.vault.read { try $0.entryCount() } == 0, "the account was not added")
        #expect(try f.vault.read { try $0.entry(named: "contoso-prod") } == nil)
        #expect(try f.count() == 1)
        #expect(try f.log.head(of: f.vault) == headBefore, "the head did not move")
        #expect(try f.verify() == .intact(count: 1))
    }

    @Test func aSecretIsNotReleasedUnlessItsEntryCommittedFirst() throws {
        let f = try AuditFixture()
        let id = try f.vault.write { writer in
            let entry = try writer.createEntry(name: "contoso-prod", payload: [])
            try writer.addSecretVersion(to: entry.id, value: try secret("s3cret-value"), metadata: [])
            try f.log.record(AuditEvent(.secretCaptured, account: "contoso-prod", actor: alice), in: writer)
            return entry.id
        }
        var released: [String] = []
        func release() throws {
            try f.log.record(AuditEvent(.secretReleased, account: "contoso-prod", details: ["via": "pipe"], actor: alice), vault: f.vault)
            released.append(try f.vault.read { text(try $0.openSecret(of: id, version: 1)) })
        }
        try release()
        #expect(released == ["s3cret-value"])
        try breakAuditWrites(f)
        expectWriteFailed { try release() }
        #expect(released.count == 1, "the second release never reached the secret")
        #expect(try f.log.entries(in: f.vault).map(\.kind) == [.vaultCreated, .secretCaptured, .secretReleased])
    }

    @Test func failingToStoreTheHeadUndoesTheEntryToo() throws {
        let f = try AuditFixture()
        try breakAuditWrites(f, table: "vault", operation: "UPDATE")
        expectWriteFailed {
            try f.vault.write { writer in
                try writer.createEntry(name: "a", payload: [])
                try f.log.record(AuditEvent(.accountAdded, account: "a", actor: alice), in: writer)
            }
        }
        #expect(try f.count() == 1)
        #expect(try f.vault.read { try $0.entryCount() } == 0)
    }

    @Test func anUnlockFailureThatCannotBeRecordedSaysSo() throws {
        let f = try AuditFixture()
        try breakAuditWrites(f, table: "audit_pending")
        let locked = try Vault.open(at: f.path)
        expectWriteFailed {
            try AuditLog.recordUnlockFailure(storage: locked.storage, reason: .wrongPassphrase, actor: alice, time: f.time)
        }
    }

    @Test func aRekeyWhoseChainCannotBeResealedChangesNothing() throws {
        let f = try AuditFixture()
        try f.fill(3)
        try breakAuditWrites(f, operation: "UPDATE")
        expectWriteFailed {
            _ = try f.log.rekey(f.vault, passphrase: try secret(testPassphrase), kdf: .interactive, actor: alice)
        }
        #expect(try f.verify() == .intact(count: 4))
        let reopened = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase))
        #expect(try f.log.entries(in: reopened).count == 4, "the old key still opens everything")
    }

    @Test func aVaultIsNotCreatedWithoutItsFirstEntry() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("vault.db")
        let log = AuditLog(time: ClockBefore1970())
        #expect(throws: AuditError(.invalidTime)) {
            _ = try log.createVault(at: path, passphrase: try secret(testPassphrase), kdf: .interactive, actor: alice)
        }
        #expect(!FileManager.default.fileExists(atPath: path), "no half-made vault")
    }
}

struct ClockBefore1970: TimeSource {
    func now() -> Date { Date(timeIntervalSince1970: -1) }
}
