import Foundation
import GRDB
import Testing
import Vault
@testable import Audit

/// Unlock failures happen without the key: they wait in `audit_pending` and are folded into the chain at
/// the next unlock, where a deleted one shows as missing.
@Suite("Unlock failures are recorded without the key and folded at the next unlock")
struct AuditPendingTests {
    func fail(_ f: AuditFixture, _ reason: UnlockFailure = .wrongPassphrase, actor: AuditActor = bob) throws {
        let locked = try Vault.open(at: f.path)
        #expect(throws: VaultError(.wrongPassphrase)) { _ = try locked.unlock(passphrase: try secret("not the passphrase")) }
        try AuditLog.recordUnlockFailure(storage: locked.storage, reason: reason, actor: actor, time: f.time)
    }

    func unlock(_ f: AuditFixture, slot: KeySlotKind = .passphrase) throws -> (UnlockedVault, folded: Int) {
        let vault = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase))
        let folded = try f.log.recordUnlock(of: vault, using: slot, actor: alice)
        return (vault, folded)
    }

    func pendingRows(_ f: AuditFixture) throws -> [Row] {
        try f.raw().read { try Row.fetchAll($0, sql: "SELECT * FROM audit_pending ORDER BY id") }
    }

    @Test func failuresAreFoldedWithTheirOriginalTimeAndIDs() throws {
        let f = try AuditFixture()
        f.time.advance(by: 10)
        try fail(f)
        f.time.advance(by: 5)
        try fail(f, .wrongRecoveryKey, actor: alice)
        let rows = try pendingRows(f)
        #expect(rows.count == 2)
        #expect(rows.map { $0["event"] as String } == ["wrong_passphrase", "wrong_recovery_key"])
        #expect(rows[0]["recorded_at"] as Int64 == 1_795_000_010_000)

        f.time.advance(by: 100)
        let (vault, folded) = try unlock(f)
        #expect(folded == 2)
        #expect(try pendingRows(f).isEmpty)
        let entries = try f.log.entries(in: vault)
        #expect(entries.map(\.kind) == [.vaultCreated, .vaultUnlockFailed, .vaultUnlockFailed, .vaultUnlocked])
        #expect(entries[1].timeMilliseconds == 1_795_000_010_000)
        #expect(entries[1].actor == bob)
        #expect(entries[1].details == ["pending_id": "1", "reason": "wrong_passphrase", "authenticated": "false"])
        #expect(entries[2].details["reason"] == "wrong_recovery_key")
        #expect(entries[2].actor == alice)
        #expect(entries[3].timeMilliseconds == 1_795_000_115_000)
        #expect(try f.verify() == .intact(count: 4))

        // The next round continues the ids.
        try fail(f)
        _ = try unlock(f)
        #expect(try f.log.entries(in: vault).filter { $0.kind == .vaultUnlockFailed }.map { $0.details["pending_id"] } == ["1", "2", "3"])
        #expect(try f.verify() == .intact(count: 6))
    }

    @Test func foldingCanRunInsideAnyTransaction() throws {
        let f = try AuditFixture()
        try fail(f)
        let folded = try f.vault.write { try f.log.foldPending(in: $0, actor: alice) }
        #expect(folded == 1)
        #expect(try f.vault.write { try f.log.foldPending(in: $0, actor: alice) } == 0, "nothing left; nothing written")
        #expect(try f.verify() == .intact(count: 2))
    }

    @Test func aFailureDeletedBeforeFoldingIsReportedMissing() throws {
        let f = try AuditFixture()
        for _ in 0..<3 { try fail(f) }
        try f.tamper("DELETE FROM audit_pending WHERE id = 2")
        _ = try unlock(f)
        let result = try f.verify()
        #expect(result == .broken(seq: 3, problem: AuditProblem(
            .missing, "unlock-failure record 2 was deleted before it was folded into the chain")))
    }

    @Test func failuresDeletedFromTheEndAreReportedMissing() throws {
        let f = try AuditFixture()
        try fail(f)
        _ = try unlock(f)
        for _ in 0..<2 { try fail(f) }
        try f.tamper("DELETE FROM audit_pending")
        _ = try unlock(f)
        let result = try f.verify()
        #expect(problemKind(result) == .missing)
        let lost = try #require(try f.log.entries(in: f.vault).first { $0.details["pending_ids_lost"] != nil })
        #expect(lost.details["pending_ids_lost"] == "2-3")
        #expect(brokenSeq(result) == lost.seq)
    }

    @Test func aResetCounterThatReusesIDsIsReported() throws {
        let f = try AuditFixture()
        try fail(f)
        try fail(f)
        _ = try unlock(f)
        try f.tamper("UPDATE sqlite_sequence SET seq = 0 WHERE name = 'audit_pending'")
        try fail(f)
        _ = try unlock(f)
        let result = try f.verify()
        #expect(problemKind(result) == .missing)
        #expect(brokenSeq(result) == 5)
    }

    /// docs/audit.md, "What is not detected": deleting pending rows *and* putting the counter back before
    /// the next unlock leaves no trace. This test keeps that statement honest.
    @Test func deletingRowsAndResettingTheCounterBeforeTheFirstFoldIsNotDetected() throws {
        let f = try AuditFixture()
        try fail(f)
        try fail(f)
        try f.tamper("DELETE FROM audit_pending")
        try f.tamper("DELETE FROM sqlite_sequence WHERE name = 'audit_pending'")
        _ = try unlock(f)
        #expect(try f.verify() == .intact(count: 2))
    }

    @Test func malformedPendingRowsAreFoldedAsFactsNotTraps() throws {
        let f = try AuditFixture()
        try f.tamper("INSERT INTO audit_pending (recorded_at, event, actor) VALUES (-5, 'made-up', 'not json')")
        try f.tamper("INSERT INTO audit_pending (recorded_at, event, actor) VALUES (1, 'wrong_passphrase', '{\"user\":1}')")
        let (vault, folded) = try unlock(f)
        #expect(folded == 2)
        let failures = try f.log.entries(in: vault).filter { $0.kind == .vaultUnlockFailed }
        #expect(failures[0].details == ["pending_id": "1", "reason": "unknown", "authenticated": "false", "recorded_at": "invalid"])
        #expect(failures[0].actor == AuditActor(user: "", uid: 0, pid: 0, command: ""))
        #expect(failures[0].timeMilliseconds == 1_795_000_000_000, "an invalid time is replaced by the fold time")
        #expect(failures[1].timeMilliseconds == 1)
        #expect(try f.verify() == .intact(count: 4))
    }

    @Test func pendingRowsHoldNothingButTimeKindAndActor() throws {
        let f = try AuditFixture()
        try fail(f)
        let columns = try f.raw().read { db in try db.columns(in: "audit_pending").map(\.name) }
        #expect(columns == ["id", "recorded_at", "event", "actor"])
        let actor = try #require(try pendingRows(f).first?["actor"] as String?)
        #expect(try JSONDecoder().decode(AuditActor.self, from: Data(actor.utf8)) == bob)
    }
}
