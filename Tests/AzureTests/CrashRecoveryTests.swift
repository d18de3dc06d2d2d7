import Foundation
import IAMVaultTestSupport
import Testing
import Accounts
import Audit
@testable import Azure

@Suite("A rotation interrupted at each step, then reconcile")
struct CrashRecoveryTests {
    static let oldKey = "0b0b0b0b-1111-4222-8333-444455556666"

    static func interrupted(before checkpoint: RotationCheckpoint) async throws -> Harness {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": oldKey]])
        try h.add(keyID: oldKey)
        var options = GraphRotationOptions()
        options.fault = .crash(before: checkpoint)
        await #expect(throws: SimulatedCrash(checkpoint: checkpoint)) { try await h.azure.rotateViaGraph("Contoso-Prod", options: options) }
        #expect(try h.accounts.show("Contoso-Prod").account.azureRotations.count == 1)
        if checkpoint != .removeOld {
            // Unfinished (not merely a retirement waiting): a new rotation is refused until reconcile.
            await #expect(throws: AzureError.self) { try await h.azure.rotateViaGraph("Contoso-Prod") }
        }
        return h
    }

    @Test func beforeAddPasswordNothingHappenedAndTheIntentIsDropped() async throws {
        let h = try await Self.interrupted(before: .addPassword)
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(report.actions.map(\.step) == ["abandoned"])
        #expect(report.pending.isEmpty)
        #expect(report.isConsistent)
        #expect(try await h.emulator.keyIDs(client) == [Self.oldKey])
        #expect(try await h.emulator.count("addPassword") == 0)
        _ = try await h.azure.rotateViaGraph("Contoso-Prod")
    }

    @Test func beforeCommitTheUncapturedPasswordIsNamedButNeverRemoved() async throws {
        let h = try await Self.interrupted(before: .commit)
        let keys = try await h.emulator.keyIDs(client)
        #expect(keys.count == 2)
        let lost = try #require(keys.subtracting([Self.oldKey]).first)
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(report.actions.map(\.step) == ["abandoned"])
        #expect(report.actions.first?.keyID == lost)
        #expect(report.actions.first?.note.contains("az ad app credential delete --id \(client) --key-id \(lost)") == true)
        #expect(report.azureOrphans.map(\.password.keyID) == [lost])
        #expect(report.azureOrphans.first?.status == .interruptedRotation)
        #expect(report.versions.map(\.status) == [.inAzure])
        #expect(try await h.emulator.keyIDs(client) == keys)
        #expect(try await h.emulator.count("removePassword") == 0)
        #expect(try h.accounts.show("Contoso-Prod").versions.map(\.info.version) == [1])
        // The next reconcile still names it, as a password the vault did not capture.
        let later = try await h.azure.reconcile("Contoso-Prod")
        #expect(later.azureOrphans.first?.status == .notInVault)
    }

    @Test func beforeProofReconcileProvesAndRetires() async throws {
        let h = try await Self.interrupted(before: .prove)
        #expect(try h.accounts.show("Contoso-Prod").versions.map(\.info.version) == [2, 1])
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(report.actions.map(\.step) == ["removed"])
        #expect(report.isConsistent)
        let details = try h.accounts.show("Contoso-Prod")
        #expect(try await h.emulator.keyIDs(client) == [try #require(details.current?.info.azureKeyID)])
        #expect(details.versions.map(\.info.version) == [2])
    }

    @Test func beforeRemovalReconcileRemovesTheOldPassword() async throws {
        let h = try await Self.interrupted(before: .removeOld)
        #expect(try h.accounts.show("Contoso-Prod").account.azureRotations.first?.stage == .retiring)
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(report.actions.map(\.step) == ["removed"])
        #expect(!(try await h.emulator.keyIDs(client).contains(Self.oldKey)))
        #expect(report.isConsistent)
        #expect(h.steps().suffix(2) == ["removePassword", "done"])
    }

    @Test func aCommitWhoseIntentUpdateWasLostIsResumed() async throws {
        // Simulates a crash between committing the new version and recording it on the intent: the vault has
        // the new version (with its keyId) while the intent still says "adding".
        let h = try await Self.interrupted(before: .prove)
        var intent = try #require(try h.accounts.show("Contoso-Prod").account.azureRotations.first)
        intent.stage = .adding
        intent.newVersion = nil
        try h.accounts.saveAzureRotation("Contoso-Prod", intent, step: "test-rewind")
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(report.actions.map(\.step) == ["resume", "removed"])
        #expect(report.isConsistent)
    }

    @Test func aPasswordAlreadyRemovedByHandIsNotAnError() async throws {
        let h = try await Self.interrupted(before: .removeOld)
        let token = try await h.azure.accessToken("Contoso-Prod", resource: "https://graph.microsoft.com", purpose: "test")
        let app = try await h.azure.graph.application(appID: client, token: token)
        try await h.azure.graph.removePassword(objectID: app.objectID, keyID: Self.oldKey, token: token)
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(report.actions.first?.note.contains("already gone") == true)
        #expect(report.isConsistent)
    }
}
