import Foundation
import IAMVaultTestSupport
import Testing
import Accounts
import Audit
@testable import Azure

@Suite("reconcile: Azure's passwords against the vault's versions")
struct ReconcileTests {
    static let key = "0b0b0b0b-1111-4222-8333-444455556666"
    static let gone = "0d0d0d0d-1111-4222-8333-444455556666"

    @Test func aConsistentAccountHasNoOrphans() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.key]])
        try h.add(keyID: Self.key)
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(report.isConsistent)
        #expect(report.passwords.map(\.vaultVersion) == [1])
        #expect(report.passwords.first?.password.hint == String(azureSecret(1).prefix(3)))
        #expect(report.passwords.first?.password.endDateTime != nil)
        #expect(report.notes.isEmpty)
    }

    @Test func orphansOnBothSidesAreNamed() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.key], ["secret": azureSecret(7), "keyId": Self.gone.replacingOccurrences(of: "0d", with: "0e")]])
        try h.add(keyID: Self.key)
        // A second version whose password was deleted in the portal.
        try h.accounts.rotate("Contoso-Prod", secret: try secret(azureSecret(3)), azureKeyID: Self.gone)
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(!report.isConsistent)
        #expect(report.azureOrphans.map(\.password.keyID) == [Self.gone.replacingOccurrences(of: "0d", with: "0e")])
        #expect(report.vaultOrphans.map(\.version) == [2])
        #expect(report.notes.contains { $0.contains("gone from Azure") })
        #expect(report.notes.contains { $0.contains("will not remove it") })
        #expect(try await h.emulator.count("removePassword") == 0)
    }

    @Test func reconcileLinksAHandCapturedVersionByItsHint() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.key]])
        try h.add()
        #expect(try h.accounts.show("Contoso-Prod").current?.info.azureKeyID == nil)
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(report.isConsistent)
        #expect(try h.accounts.show("Contoso-Prod").current?.info.azureKeyID == Self.key)
        #expect(h.steps() == ["link"])
    }

    @Test func reconcileWithoutFinishingChangesNothing() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.key]])
        try h.add()
        let report = try await h.azure.reconcile("Contoso-Prod", finishPending: false)
        #expect(report.versions.first?.status == .unlinked)
        #expect(h.steps().isEmpty)
    }

    @Test func anOlderVersionIsUsedWhenTheCurrentOneIsNotAcceptedYet() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.key], ["secret": azureSecret(2), "pendingUses": 5]])
        try h.add(keyID: Self.key)
        try h.accounts.rotate("Contoso-Prod", secret: try secret(azureSecret(2)))
        let report = try await h.azure.reconcile("Contoso-Prod")
        #expect(report.passwords.count == 2)
        #expect(try await h.emulator.count("token", status: 200) == 1)
    }
}
