import Foundation
import Sodium
import Testing
import Vault
@testable import Audit

@Suite("Rekey reseals and re-MACs the chain in the same transaction")
struct AuditRekeyTests {
    @Test func afterRekeyTheChainVerifiesAndReadsBack() throws {
        let f = try AuditFixture()
        try f.fill(6)
        let before = try f.log.entries(in: f.vault)
        let sealedBefore = try f.raw().read { try Data.fetchAll($0, sql: "SELECT sealed_entry FROM audit_entry ORDER BY seq") }
        let oldAuditKey = try f.vault.currentKeys().auditKey.withUnsafeBytes { Array($0) }

        let recovery = try f.log.rekey(f.vault, passphrase: try secret(testPassphrase), kdf: .interactive, actor: bob)
        let after = try f.log.entries(in: f.vault)
        #expect(after.count == before.count + 1)
        #expect(after.last?.kind == .vaultRekeyed)
        #expect(after.last?.actor == bob)
        for (old, new) in zip(before, after) {
            #expect(old.seq == new.seq && old.event == new.event && old.account == new.account && old.details == new.details)
            #expect(old.timeMilliseconds == new.timeMilliseconds && old.actor == new.actor)
            #expect(old.mac != new.mac, "re-MACed under the new K_audit")
        }
        let sealedAfter = try f.raw().read { try Data.fetchAll($0, sql: "SELECT sealed_entry FROM audit_entry ORDER BY seq") }
        #expect(zip(sealedBefore, sealedAfter).allSatisfy { $0 != $1 }, "resealed under the new key")
        #expect(try f.vault.currentKeys().auditKey.withUnsafeBytes { Array($0) } != oldAuditKey)
        #expect(try f.verify() == .intact(count: 8))
        #expect(try f.log.head(of: f.vault) == AuditHead(seq: 8, mac: after[7].mac))

        // Through the new recovery key too, from a fresh process's point of view.
        let reopened = try Vault.open(at: f.path).unlock(recoveryKey: recovery)
        #expect(try f.log.entries(in: reopened) == after)
    }

    @Test func aTamperedChainIsNotLaunderedByARekey() throws {
        let f = try AuditFixture()
        try f.fill(4)
        try f.tamper("UPDATE audit_entry SET mac = zeroblob(32) WHERE seq = 3")
        do {
            _ = try f.log.rekey(f.vault, passphrase: try secret(testPassphrase), kdf: .interactive, actor: alice)
            Issue.record("the rekey re-MACed a tampered chain")
        } catch let error as AuditError {
            guard case .chainBroken(let seq, let problem) = error.kind else { throw error }
            #expect(seq == 3)
            #expect(problem.kind == .edited)
        }
        #expect(brokenSeq(try f.verify()) == 3, "the evidence is still there")
        _ = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase))
    }

    @Test func aRekeyAfterUnlockFailuresKeepsThePendingSequence() throws {
        let f = try AuditFixture()
        let locked = try Vault.open(at: f.path)
        try AuditLog.recordUnlockFailure(storage: locked.storage, reason: .wrongPassphrase, actor: bob, time: f.time)
        try f.log.recordUnlock(of: f.vault, using: .passphrase, actor: alice)
        _ = try f.log.rekey(f.vault, passphrase: try secret(testPassphrase), kdf: .interactive, actor: alice)
        try AuditLog.recordUnlockFailure(storage: locked.storage, reason: .wrongPassphrase, actor: bob, time: f.time)
        try f.log.recordUnlock(of: f.vault, using: .passphrase, actor: alice)
        #expect(try f.verify() == .intact(count: 6))
    }
}
