import Foundation
import GRDB
import Testing
import Vault
@testable import Audit

/// The attacker can write the vault file but does not know the passphrase: each kind of change to the log
/// is reported at the right entry, and a malformed row is a finding, never a trap.
@Suite("Verify names the first bad entry and what is wrong with it")
struct AuditChainVerifierTests {
    /// A log of 10 entries: `vault.created` and 9 recorded events.
    func fixture() throws -> AuditFixture {
        let f = try AuditFixture()
        try f.fill(9)
        #expect(try f.verify() == .intact(count: 10))
        return f
    }

    @Test func everyByteOfASealedEntryIsCovered() throws {
        let f = try fixture()
        let original = try f.raw().read { try Data.fetchOne($0, sql: "SELECT sealed_entry FROM audit_entry WHERE seq = 4")! }
        for index in original.indices {
            var damaged = original
            damaged[index] ^= 0x01
            try f.tamper("UPDATE audit_entry SET sealed_entry = ? WHERE seq = 4", arguments: [damaged])
            let result = try f.verify()
            guard result == .broken(seq: 4, problem: AuditProblem(.edited, "its sealed content does not authenticate")) else {
                Issue.record("flipping byte \(index) gave \(result)")
                return
            }
        }
        try f.tamper("UPDATE audit_entry SET sealed_entry = ? WHERE seq = 4", arguments: [original])
        #expect(try f.verify() == .intact(count: 10))
    }

    @Test func anEditedMACIsDetectedAtItsEntry() throws {
        let f = try fixture()
        try f.tamper("UPDATE audit_entry SET mac = zeroblob(32) WHERE seq = 6")
        let result = try f.verify()
        #expect(brokenSeq(result) == 6)
        #expect(problemKind(result) == .edited)
    }

    @Test func aDeletedEntryIsMissing() throws {
        let f = try fixture()
        try f.tamper("DELETE FROM audit_entry WHERE seq IN (4, 5)")
        let result = try f.verify()
        #expect(result == .broken(seq: 4, problem: AuditProblem(.missing, "entries 4–5 are missing")))
    }

    @Test func aDeletedEntryWithTheRestRenumberedIsReordered() throws {
        let f = try fixture()
        try f.tamper("DELETE FROM audit_entry WHERE seq = 4")
        try f.tamper("UPDATE audit_entry SET seq = seq - 1 WHERE seq > 4")
        let result = try f.verify()
        #expect(result == .broken(seq: 4, problem: AuditProblem(.reordered, "it holds entry 5")))
    }

    @Test func swappedEntriesAreReordered() throws {
        let f = try fixture()
        try f.tamper("UPDATE audit_entry SET seq = 100 WHERE seq = 3")
        try f.tamper("UPDATE audit_entry SET seq = 3 WHERE seq = 7")
        try f.tamper("UPDATE audit_entry SET seq = 7 WHERE seq = 100")
        let result = try f.verify()
        #expect(result == .broken(seq: 3, problem: AuditProblem(.reordered, "it holds entry 7")))
    }

    @Test func swappingOnlyTheSealedContentIsReorderedToo() throws {
        let f = try fixture()
        try f.tamper("""
            UPDATE audit_entry SET sealed_entry = CASE seq
                WHEN 2 THEN (SELECT sealed_entry FROM audit_entry WHERE seq = 3)
                ELSE (SELECT sealed_entry FROM audit_entry WHERE seq = 2) END
            WHERE seq IN (2, 3)
            """)
        #expect(try f.verify() == .broken(seq: 2, problem: AuditProblem(.reordered, "it holds entry 3")))
    }

    @Test func cuttingEntriesOffTheEndIsTruncated() throws {
        let f = try fixture()
        try f.tamper("DELETE FROM audit_entry WHERE seq >= 9")
        let result = try f.verify()
        #expect(brokenSeq(result) == 9)
        #expect(problemKind(result) == .truncated)
    }

    @Test func deletingEveryEntryIsTruncatedFromTheFirst() throws {
        let f = try fixture()
        try f.tamper("DELETE FROM audit_entry")
        #expect(brokenSeq(try f.verify()) == 1)
        #expect(problemKind(try f.verify()) == .truncated)
    }

    @Test func aRolledBackHeadIsDetectedAndAppendingOnItIsRefused() throws {
        let f = try AuditFixture()
        try f.fill(3)
        let oldMetadata = try f.sealedMetadata()
        try f.fill(3)
        try f.tamper("UPDATE vault SET sealed_metadata = ?", arguments: [oldMetadata])
        let result = try f.verify()
        #expect(brokenSeq(result) == 5)
        #expect(problemKind(result) == .headMismatch)
        // Fail closed: no operation is recorded on top of a rolled-back head, so none happens.
        #expect(throws: AuditError.self) {
            try f.vault.write { writer in
                try writer.createEntry(name: "a", payload: [])
                try f.log.record(AuditEvent(.accountAdded, account: "a", actor: alice), in: writer)
            }
        }
        #expect(try f.vault.read { try $0.entryCount() } == 0)
        // verify still reports (it cannot record that it looked, and says why it could not).
        #expect(try f.log.verify(vault: f.vault, actor: alice) == result)
    }

    @Test func truncationWithAHeadRollbackNeedsAnExternalAnchor() throws {
        let f = try AuditFixture()
        try f.fill(3)
        let oldMetadata = try f.sealedMetadata()
        try f.fill(3)
        let anchor = try #require(try f.log.head(of: f.vault))
        try f.tamper("DELETE FROM audit_entry WHERE seq > 4")
        try f.tamper("UPDATE vault SET sealed_metadata = ?", arguments: [oldMetadata])
        #expect(try f.verify() == .intact(count: 4), "a consistent older state: what docs/audit.md says cannot be seen alone")
        let anchored = try f.verify(anchor: anchor)
        #expect(brokenSeq(anchored) == 5)
        #expect(problemKind(anchored) == .truncated)
    }

    @Test func anAnchorThatIsNotOnTheChainIsAMismatch() throws {
        let f = try fixture()
        let result = try f.verify(anchor: AuditHead(seq: 3, mac: [UInt8](repeating: 7, count: 32)))
        #expect(result == .broken(seq: 3, problem: AuditProblem(.headMismatch, "its MAC differs from the anchor")))
    }

    @Test func malformedRowsAreFindingsNotTraps() throws {
        let f = try fixture()
        try f.tamper("UPDATE audit_entry SET sealed_entry = x'' WHERE seq = 2")
        #expect(problemKind(try f.verify()) == .edited)
        #expect(throws: AuditError.self) { try f.log.entries(in: f.vault) }

        let g = try fixture()
        try g.tamper("UPDATE audit_entry SET mac = x'00' WHERE seq = 10")
        #expect(try g.verify() == .broken(seq: 10, problem: AuditProblem(.edited, "its MAC does not match its content and the entry before it")))

        // A table recreated without STRICT, holding values of the wrong types.
        let h = try fixture()
        try h.tamper("ALTER TABLE audit_entry RENAME TO audit_entry_old")
        try h.tamper("CREATE TABLE audit_entry (seq, sealed_entry, mac)")
        try h.tamper("INSERT INTO audit_entry SELECT * FROM audit_entry_old")
        try h.tamper("UPDATE audit_entry SET sealed_entry = 42, mac = 'text' WHERE seq = 7")
        #expect(brokenSeq(try h.verify()) == 7)
    }

    @Test func anEntryCopiedFromAnotherVaultDoesNotOpen() throws {
        let f = try fixture()
        let other = try fixture()
        let foreign = try other.raw().read { try Row.fetchOne($0, sql: "SELECT sealed_entry, mac FROM audit_entry WHERE seq = 5")! }
        try f.tamper("UPDATE audit_entry SET sealed_entry = ?, mac = ? WHERE seq = 5",
                     arguments: [foreign["sealed_entry"] as Data, foreign["mac"] as Data])
        #expect(try f.verify() == .broken(seq: 5, problem: AuditProblem(.edited, "its sealed content does not authenticate")))
    }

    @Test func newEntriesAfterTamperingKeepTheEvidence() throws {
        let f = try fixture()
        try f.tamper("DELETE FROM audit_entry WHERE seq = 10")
        try f.fill(2)
        #expect(try f.log.entries(in: f.vault).map(\.seq).suffix(3) == [9, 11, 12])
        #expect(try f.verify() == .broken(seq: 10, problem: AuditProblem(.missing, "entry 10 is missing")))
    }

    @Test func verifyRecordsWhatItFound() throws {
        let f = try fixture()
        #expect(try f.log.verify(vault: f.vault, actor: bob) == .intact(count: 10))
        let last = try #require(try f.log.entries(in: f.vault).last)
        #expect(last.kind == .auditVerified)
        #expect(last.details == ["result": "intact", "count": "10"])
        #expect(last.actor == bob)

        try f.tamper("UPDATE audit_entry SET mac = zeroblob(32) WHERE seq = 3")
        #expect(brokenSeq(try f.log.verify(vault: f.vault, actor: bob)) == 3)
        #expect(try f.log.entries(in: f.vault).last?.details == ["result": "broken", "seq": "3", "problem": "edited"])
    }

    @Test func theAppendOnlyTriggersStopAccidentalDeletes() throws {
        let f = try fixture()
        #expect(throws: (any Error).self) {
            try f.raw().write { try $0.execute(sql: "DELETE FROM audit_entry WHERE seq = 2") }
        }
        #expect(throws: (any Error).self) {
            try f.raw().write { try $0.execute(sql: "UPDATE audit_entry SET seq = 99 WHERE seq = 2") }
        }
        #expect(try f.verify() == .intact(count: 10))
    }
}
