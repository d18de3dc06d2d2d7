import Foundation
import IAMVaultTestSupport
import Testing
import Accounts
import Audit
@testable import Azure

@Suite("expiring --from-azure: expiry from Graph's passwordCredentials")
struct ExpiryTests {
    static let key = "0b0b0b0b-1111-4222-8333-444455556666"

    @Test func listsPasswordsExpiringWithinTheWindowWithTheirVersion() async throws {
        let soon = iso(start.addingTimeInterval(10 * 86_400))
        let later = iso(start.addingTimeInterval(300 * 86_400))
        let h = try Harness(passwords: [["secret": azureSecret(1), "keyId": Self.key, "endDateTime": later],
                                        ["secret": azureSecret(8), "endDateTime": soon, "displayName": "portal"]])
        try h.add(keyID: Self.key)
        let report = try await h.azure.expiringFromAzure(within: 30 * 86_400)
        #expect(report.failures.isEmpty)
        #expect(report.entries.count == 1)
        #expect(report.entries.first?.password.displayName == "portal")
        #expect(report.entries.first?.vaultVersion == nil)
        #expect(report.entries.first?.expired == false)
        let all = try await h.azure.azurePasswords("Contoso-Prod")
        #expect(all.count == 2)
        #expect(all.first { $0.password.keyID == Self.key }?.vaultVersion == 1)
    }

    @Test func anAccountThatCannotBeReadIsAFailureEntryNotAnAbort() async throws {
        let h = try Harness(passwords: [["secret": azureSecret(1), "endDateTime": iso(start.addingTimeInterval(-86_400))]])
        try h.add("Expired")
        try h.add("Wrong", secret: azureSecret(2))
        try h.add("Disabled", secret: azureSecret(3))
        try h.accounts.edit("Disabled", AccountEdit(enabled: false))
        let report = try await h.azure.expiringFromAzure(within: 86_400)
        #expect(report.entries.isEmpty)
        #expect(report.failures.map(\.account) == ["Expired", "Wrong"])
        #expect(report.failures.map(\.code) == ["secret_expired", "wrong_secret"])
        #expect(report.failures.allSatisfy { $0.isAuthenticationFailure })
        let named = try await h.azure.expiringFromAzure(within: 86_400, accounts: ["Disabled"])
        #expect(named.failures.first?.code == "account")
    }
}
