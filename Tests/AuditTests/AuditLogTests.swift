import Foundation
import IAMVaultTestSupport
import Testing
import Vault
@testable import Audit

@Suite("AuditLog records every event and reads it back")
struct AuditLogTests {
    @Test func creatingAVaultStartsTheChain() throws {
        let f = try AuditFixture()
        let entries = try f.log.entries(in: f.vault)
        #expect(entries.map(\.kind) == [.vaultCreated])
        #expect(entries[0].seq == 1)
        #expect(entries[0].actor == alice)
        #expect(entries[0].previousMAC == AuditMAC.genesis)
        #expect(try f.log.head(of: f.vault) == AuditHead(seq: 1, mac: entries[0].mac))
        #expect(try f.verify() == .intact(count: 1))
    }

    @Test(arguments: AuditEventKind.allCases)
    func eachEventKindIsRecordedAndReadBack(kind: AuditEventKind) throws {
        let f = try AuditFixture()
        f.time.advance(by: 12.345)
        let details = ["fields": "description,tags", "purpose": "deploy", "via": "exec", "ünïcode \"key\"": "line\nbreak"]
        let account = kind.rawValue.hasPrefix("vault.") ? nil : "Contoso-Prod"
        let recorded = try f.log.record(AuditEvent(kind, account: account, details: details, actor: bob), vault: f.vault)
        let read = try #require(try f.log.entries(in: f.vault).last)
        #expect(read == recorded)
        #expect(read.kind == kind)
        #expect(read.event == kind.rawValue)
        #expect(read.account == account)
        #expect(read.details == details)
        #expect(read.actor == bob)
        #expect(read.seq == 2)
        #expect(read.timeMilliseconds == 1_795_000_012_345)
        #expect(try f.verify() == .intact(count: 2))
    }

    @Test func noAccountAndAnEmptyAccountNameAreDifferentEntries() throws {
        let f = try AuditFixture()
        try f.log.record(AuditEvent(.accountEdited, account: "", actor: alice), vault: f.vault)
        try f.log.record(AuditEvent(.accountEdited, account: nil, actor: alice), vault: f.vault)
        let entries = try f.log.entries(in: f.vault)
        #expect(entries[1].account == "")
        #expect(entries[2].account == nil)
        #expect(entries[1].mac != entries[2].mac)
    }

    @Test func entriesChainAndTheHeadFollows() throws {
        let f = try AuditFixture()
        try f.fill(5)
        let entries = try f.log.entries(in: f.vault)
        #expect(entries.map(\.seq) == Array(1...6))
        for (earlier, later) in zip(entries, entries.dropFirst()) {
            #expect(later.previousMAC == earlier.mac)
        }
        #expect(try f.log.head(of: f.vault) == AuditHead(seq: 6, mac: entries[5].mac))
    }

    @Test func anEntryCommitsWithTheChangeItRecordsOrNotAtAll() throws {
        struct Abandoned: Error {}
        let f = try AuditFixture()
        #expect(throws: Abandoned.self) {
            try f.vault.write { writer in
                try writer.createEntry(name: "contoso-prod", payload: [])
                try f.log.record(AuditEvent(.accountAdded, account: "contoso-prod", actor: alice), in: writer)
                throw Abandoned()
            }
        }
        #expect(try f.count() == 1)
        #expect(try f.vault.read { try $0.entryCount() } == 0)
        try f.vault.write { writer in
            try writer.createEntry(name: "contoso-prod", payload: [])
            try f.log.record(AuditEvent(.accountAdded, account: "contoso-prod", actor: alice), in: writer)
        }
        #expect(try f.log.entries(in: f.vault).map(\.kind) == [.vaultCreated, .accountAdded])
        #expect(try f.verify() == .intact(count: 2))
    }

    @Test func severalEventsOfOneOperationAreAppendedInOrder() throws {
        let f = try AuditFixture()
        let recorded = try f.vault.write { writer in
            try f.log.record(contentsOf: [
                AuditEvent(.secretCaptured, account: "a", actor: alice),
                AuditEvent(.secretRetired, account: "a", details: ["version": "1"], actor: alice),
            ], in: writer)
        }
        #expect(recorded.map(\.seq) == [2, 3])
        #expect(try f.log.entries(in: f.vault).suffix(2) == recorded[...])
    }

    @Test func aClockBefore1970IsRefusedAndNothingHappens() throws {
        let f = try AuditFixture()
        f.time.advance(by: -1_795_000_001)
        #expect(throws: AuditError(.invalidTime)) {
            try f.vault.write { writer in
                try writer.createEntry(name: "a", payload: [])
                try f.log.record(AuditEvent(.accountAdded, account: "a", actor: alice), in: writer)
            }
        }
        #expect(try f.vault.read { try $0.entryCount() } == 0)
    }

    @Test func unlockIsRecordedWithItsMethodAndRecoveryUse() throws {
        let f = try AuditFixture()
        try f.log.recordUnlock(of: f.vault, using: .passphrase, actor: alice)
        try f.log.recordUnlock(of: f.vault, using: .recovery, actor: bob)
        let entries = try f.log.entries(in: f.vault)
        #expect(entries.map(\.kind) == [.vaultCreated, .vaultUnlocked, .vaultUnlocked, .recoveryUsed])
        #expect(entries[1].details == ["method": "passphrase"])
        #expect(entries[2].details == ["method": "recovery"])
    }

    @Test func lockRecordsItsCauseAndLocks() throws {
        let f = try AuditFixture()
        try f.log.lock(f.vault, cause: .timeout, actor: alice)
        #expect(f.vault.isLocked)
        let reopened = try Vault.open(at: f.path).unlock(passphrase: try secret(testPassphrase))
        let last = try #require(try f.log.entries(in: reopened).last)
        #expect(last.kind == .vaultLocked)
        #expect(last.details == ["by": "timeout"])
    }

    @Test func passphraseChangeIsRecordedInTheSameTransaction() throws {
        let f = try AuditFixture()
        try f.log.changePassphrase(of: f.vault, to: try secret("another passphrase 123"), kdf: .interactive, actor: alice)
        #expect(try f.log.entries(in: f.vault).last?.kind == .passphraseChanged)
        _ = try Vault.open(at: f.path).unlock(passphrase: try secret("another passphrase 123"))
    }

    @Test func queriesByAccountEventAndTime() throws {
        let f = try AuditFixture()
        let start = f.time.now()
        try f.fill(9)
        let all = try f.log.entries(in: f.vault)
        #expect(all.count == 10)

        let contoso = try f.log.entries(in: f.vault, matching: AuditQuery(account: "contoso-prod"))
        #expect(contoso.map(\.seq) == [2, 5, 8])
        #expect(try f.log.entries(in: f.vault, matching: AuditQuery(account: "Contoso-Prod")).isEmpty, "exact name")

        let released = try f.log.entries(in: f.vault, matching: AuditQuery(events: [.secretReleased]))
        #expect(released.map(\.seq) == [3, 5, 7, 9])
        let vaultEvents = try f.log.entries(in: f.vault, matching: AuditQuery(events: [.vaultCreated, .vaultLocked]))
        #expect(vaultEvents.map(\.seq) == [1])

        let window = AuditQuery(since: start.addingTimeInterval(3), until: start.addingTimeInterval(6))
        #expect(try f.log.entries(in: f.vault, matching: window).map(\.seq) == [4, 5, 6])
        let combined = AuditQuery(account: "fabrikam-dev", events: [.handleOpened], since: start.addingTimeInterval(3))
        #expect(try f.log.entries(in: f.vault, matching: combined).map(\.seq) == [4, 6, 10])
    }

    @Test func aLockedVaultCannotBeReadOrWritten() throws {
        let f = try AuditFixture()
        f.vault.lock()
        #expect(throws: VaultError(.locked)) { try f.log.entries(in: f.vault) }
        #expect(throws: VaultError(.locked)) { try f.log.record(AuditEvent(.vaultLocked, actor: alice), vault: f.vault) }
    }
}
