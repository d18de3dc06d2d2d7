import Foundation
import IAMVaultTestSupport
import Testing
import Accounts
import Audit
@testable import Azure

@Suite("rotate --via-graph: add, commit, prove, retire")
struct RotationTests {
    static let oldKey = "0b0b0b0b-1111-4222-8333-444455556666"
    static let portalKey = "0c0c0c0c-1111-4222-8333-444455556666"

    @Test func theHappyPathReplacesThePasswordEverywhere() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey]])
        try h.add(keyID: Self.oldKey)
        let report = try await h.azure.rotateViaGraph("Contoso-Prod")
        #expect(report.oldVersion == 1 && report.newVersion == 2)
        #expect(report.oldLink == .recorded && report.oldKeyID == Self.oldKey)
        #expect(report.proven && report.proofAttempts == 1)
        #expect(report.oldPassword == .removed)
        #expect(report.newExpiresAt == start.addingTimeInterval(180 * 86_400))
        // Azure holds only the new password, and its value is what the vault committed.
        let passwords = try await h.emulator.passwords(client, secrets: true)
        #expect(passwords.count == 1)
        #expect(passwords.first?["keyId"] as? String == report.newKeyID)
        #expect((passwords.first?["displayName"] as? String)?.hasPrefix("iamvault Contoso-Prod 2026-11-18 \(report.rotationID)") == true)
        let newSecret = try #require(passwords.first?["secret"] as? String)
        #expect(try h.readSecret() == newSecret)
        #expect(report.newHint == String(newSecret.prefix(3)))
        // The vault holds the new version with its keyId; the old one was retired.
        let details = try h.accounts.show("Contoso-Prod")
        #expect(details.versions.map(\.info.version) == [2])
        #expect(details.current?.info.azureKeyID == report.newKeyID)
        #expect(details.account.retiredVersions.map(\.version) == [1])
        #expect(details.account.azureRotations.isEmpty)
        #expect(h.steps() == ["intent", "addPassword", "commit", "proved", "removePassword", "done"])
        #expect(h.events(.azureRotationStep).first { $0.details["step"] == "removePassword" }?.details["keyId"] == Self.oldKey)
        #expect(h.auditNeverMentions([azureSecret(1), newSecret, "eyJ"]))
        #expect(try await h.emulator.count("addPassword") == 1)
    }

    @Test func aNewSecretSlowToReplicateIsRetriedWithBackoff() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey]], extra: ["propagation": ["uses": 3]])
        try h.add(keyID: Self.oldKey)
        let report = try await h.azure.rotateViaGraph("Contoso-Prod")
        #expect(report.proven && report.proofAttempts == 4)
        #expect(h.sleeper.waits == [2, 4, 8])
        #expect(report.oldPassword == .removed)
        #expect(try await h.emulator.count("token", status: 401) == 3)
    }

    @Test func aSecretThatNeverReplicatesInTimeKeepsTheOldPasswordForReconcile() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey]], extra: ["propagation": ["uses": 1000]])
        try h.add(keyID: Self.oldKey)
        let report = try await h.azure.rotateViaGraph("Contoso-Prod", options: GraphRotationOptions(proofTimeout: 30))
        #expect(!report.proven)
        #expect(report.oldPassword == .pending)
        #expect(h.sleeper.waits == [2, 4, 8, 10])
        #expect(report.notes.contains { $0.contains("reconcile") })
        #expect(try await h.emulator.keyIDs(client).count == 2)
        #expect(try h.accounts.show("Contoso-Prod").account.azureRotations.first?.stage == .proving)
        await #expect(throws: AzureError.self) { try await h.azure.rotateViaGraph("Contoso-Prod") }

        try await h.emulator.propagate()
        let reconciled = try await h.azure.reconcile("Contoso-Prod")
        #expect(reconciled.actions.map(\.step) == ["removed"])
        #expect(try await h.emulator.keyIDs(client) == [report.newKeyID])
        #expect(reconciled.isConsistent)
    }

    @Test func passwordsTheVaultDidNotCaptureAreNeverRemoved() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey],
                                        ["secret": azureSecret(9), "keyId": Self.portalKey, "displayName": "made in the portal"]])
        try h.add(keyID: Self.oldKey)
        let report = try await h.azure.rotateViaGraph("Contoso-Prod")
        #expect(report.oldPassword == .removed)
        #expect(try await h.emulator.keyIDs(client) == [Self.portalKey, report.newKeyID])
        let removals = try await h.emulator.requests().filter { ($0["target"] as? String) == "removePassword" }
        #expect(removals.count == 1)
        let reconciled = try await h.azure.reconcile("Contoso-Prod")
        #expect(reconciled.azureOrphans.map(\.password.keyID) == [Self.portalKey])
        #expect(reconciled.azureOrphans.first?.status == .notInVault)
        #expect(try await h.emulator.keyIDs(client).contains(Self.portalKey))
    }

    @Test func aVersionCapturedByHandIsLinkedByItsUniqueHint() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey], ["secret": azureSecret(9), "keyId": Self.portalKey]])
        try h.add()
        #expect(azureSecret(1).prefix(3) != azureSecret(9).prefix(3))
        let report = try await h.azure.rotateViaGraph("Contoso-Prod")
        #expect(report.oldLink == .hint && report.oldKeyID == Self.oldKey)
        #expect(report.oldPassword == .removed)
        #expect(try await h.emulator.keyIDs(client) == [Self.portalKey, report.newKeyID])
        #expect(h.steps().prefix(2) == ["link", "intent"])
    }

    @Test func withoutAUniqueHintMatchTheOldPasswordIsKept() async throws {
        let twin = String(azureSecret(1).prefix(3)) + String(azureSecret(5).dropFirst(3))
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey], ["secret": twin, "keyId": Self.portalKey]])
        try h.add()
        let report = try await h.azure.rotateViaGraph("Contoso-Prod")
        #expect(report.oldLink == .none && report.oldKeyID == nil)
        #expect(report.proven)
        #expect(report.oldPassword == .kept)
        #expect(report.notes.contains { $0.contains("2 passwords of the application have the hint") })
        #expect(try await h.emulator.keyIDs(client) == [Self.oldKey, Self.portalKey, report.newKeyID])
        #expect(try await h.emulator.count("removePassword") == 0)
        #expect(try h.accounts.show("Contoso-Prod").versions.map(\.info.version) == [2, 1])
        #expect(try h.accounts.show("Contoso-Prod").account.azureRotations.isEmpty)
    }

    @Test func aFailedCommitRemovesTheNewPasswordAgain() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey]])
        try h.add(keyID: Self.oldKey)
        var options = GraphRotationOptions()
        options.fault = .failCommit
        do {
            _ = try await h.azure.rotateViaGraph("Contoso-Prod", options: options)
            Issue.record("rotation succeeded")
        } catch let error as AzureError {
            guard case .commitFailed(let keyID, let removed, _) = error.kind else { throw error }
            #expect(removed)
            #expect(keyID != Self.oldKey)
            #expect(error.hint.contains("rotate again"))
        }
        #expect(try await h.emulator.keyIDs(client) == [Self.oldKey])
        #expect(try await h.emulator.count("removePassword", status: 204) == 1)
        let details = try h.accounts.show("Contoso-Prod")
        #expect(details.versions.map(\.info.version) == [1])
        #expect(details.account.azureRotations.isEmpty)
        #expect(h.steps().last == "rollback")
        #expect(try h.readSecret() == azureSecret(1))
    }

    @Test func aGracePeriodLeavesTheOldPasswordUntilReconcile() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey]])
        try h.add(keyID: Self.oldKey)
        let report = try await h.azure.rotateViaGraph("Contoso-Prod", options: GraphRotationOptions(gracePeriod: 3600))
        #expect(report.oldPassword == .scheduled)
        #expect(report.oldPasswordRemovalAt == start.addingTimeInterval(3600))
        #expect(try await h.emulator.keyIDs(client).count == 2)
        #expect(try h.accounts.show("Contoso-Prod").account.azureRotations.first?.stage == .retiring)

        let early = try await h.azure.reconcile("Contoso-Prod")
        #expect(early.actions.map(\.step) == ["scheduled"])
        #expect(early.pending.count == 1)
        #expect(try await h.emulator.keyIDs(client).count == 2)

        h.time.advance(by: 3601)
        let due = try await h.azure.reconcile("Contoso-Prod")
        #expect(due.actions.map(\.step) == ["removed"])
        #expect(try await h.emulator.keyIDs(client) == [report.newKeyID])
        #expect(due.pending.isEmpty)
        #expect(due.isConsistent)
        #expect(try h.accounts.show("Contoso-Prod").versions.map(\.info.version) == [2])
    }

    @Test func aSecondRotationMayStartWhileOnlyARetirementIsPending() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey]])
        try h.add(keyID: Self.oldKey)
        let first = try await h.azure.rotateViaGraph("Contoso-Prod", options: GraphRotationOptions(gracePeriod: 3600))
        let second = try await h.azure.rotateViaGraph("Contoso-Prod", options: GraphRotationOptions(gracePeriod: 3600))
        #expect(second.newVersion == 3 && second.oldKeyID == first.newKeyID)
        #expect(try h.accounts.show("Contoso-Prod").account.azureRotations.count == 2)
        h.time.advance(by: 3601)
        let due = try await h.azure.reconcile("Contoso-Prod")
        #expect(due.actions.map(\.step) == ["removed", "removed"])
        #expect(try await h.emulator.keyIDs(client) == [second.newKeyID])
        #expect(due.isConsistent)
    }

    @Test func withoutWritePermissionGraphRefusesAndNothingIsLeftPending() async throws {
        let h = try Harness(roles: ["Application.Read.All"], passwords: [["secret": azureSecret(1), "keyId": Self.oldKey]])
        try h.add(keyID: Self.oldKey)
        do {
            _ = try await h.azure.rotateViaGraph("Contoso-Prod")
            Issue.record("rotation succeeded")
        } catch let error as AzureError {
            #expect(error.kind == .graphForbidden(code: "Authorization_RequestDenied"))
            #expect(error.hint.contains("Application.ReadWrite.OwnedBy"))
        }
        #expect(try h.accounts.show("Contoso-Prod").account.azureRotations.isEmpty)
        #expect(h.steps() == ["intent", "abandoned"])
    }

    @Test func aThrottledGraphIsRetried() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.oldKey]])
        try h.add(keyID: Self.oldKey)
        try await h.emulator.fault(["target": "addPassword", "status": 429, "retryAfter": 5, "times": 1])
        let report = try await h.azure.rotateViaGraph("Contoso-Prod")
        #expect(report.oldPassword == .removed)
        #expect(h.sleeper.waits == [5])
        #expect(try await h.emulator.keyIDs(client).count == 1)
    }
}
