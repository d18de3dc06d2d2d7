import Foundation
import GRDB
import Testing
import Vault
@testable import Audit

/// Verification opens and MACs each batch on several threads (`AuditBatchOpener`); these logs are long
/// enough (several `parallelThreshold`s in one batch) for that path, and check that it finds what the
/// sequential walk finds, at the same entry, whichever worker's slice it falls in.
@Suite("Verifying on several cores reports what a sequential walk reports")
struct AuditParallelVerifyTests {
    static let entries = 6 * AuditBatchOpener.parallelThreshold

    func fixture() throws -> AuditFixture {
        let f = try AuditFixture()
        try f.fill(Self.entries - 1)
        #expect(try f.verify() == .intact(count: Self.entries))
        return f
    }

    /// Flips one bit of the entry's Poly1305 tag.
    func flipAByte(of seq: Int, in f: AuditFixture) throws {
        var sealed = try f.raw().read { try Data.fetchOne($0, sql: "SELECT sealed_entry FROM audit_entry WHERE seq = ?", arguments: [seq])! }
        sealed[sealed.startIndex + 30] ^= 0x01
        try f.tamper("UPDATE audit_entry SET sealed_entry = ? WHERE seq = ?", arguments: [sealed, seq])
    }

    @Test(arguments: [2, AuditParallelVerifyTests.entries / 2, AuditParallelVerifyTests.entries / 2 + 1, AuditParallelVerifyTests.entries - 3])
    func anEditedEntryIsFoundInAnySlice(seq: Int) throws {
        let f = try fixture()
        try flipAByte(of: seq, in: f)
        #expect(try f.verify() == .broken(seq: seq, problem: AuditProblem(.edited, "its sealed content does not authenticate")))
    }

    @Test func theFirstOfSeveralProblemsIsTheOneReported() throws {
        let f = try fixture()
        let late = Self.entries - 10, early = Self.entries / 2
        try f.tamper("UPDATE audit_entry SET mac = zeroblob(32) WHERE seq = ?", arguments: [late])
        try flipAByte(of: early, in: f)
        #expect(brokenSeq(try f.verify()) == early)
    }

    @Test func aMACThatDoesNotChainFromTheStoredOneBeforeIsEdited() throws {
        // Replace one stored MAC with another entry's: each row is checked against the MAC stored before it,
        // so the row itself and the row after it both stop matching; the first is reported.
        let f = try fixture()
        let seq = Self.entries / 3
        try f.tamper("UPDATE audit_entry SET mac = (SELECT mac FROM audit_entry WHERE seq = ?) WHERE seq = ?", arguments: [seq + 7, seq])
        let result = try f.verify()
        #expect(brokenSeq(result) == seq)
        #expect(problemKind(result) == .edited)
    }
}
