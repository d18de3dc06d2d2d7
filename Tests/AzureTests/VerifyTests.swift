import Foundation
import IAMVaultTestSupport
import Testing
import Accounts
import Audit
@testable import Azure

@Suite("verify: a token with the stored secret, its roles against the selection")
struct VerifyTests {
    @Test func anExactMatchIsRecordedAndSetsLastVerified() async throws {
        let h = try Harness()
        try h.add()
        let report = try await h.azure.verify("Contoso-Prod")
        #expect(report.isExactMatch)
        #expect(report.version == 1)
        #expect(report.permissions.granted == ["Application.ReadWrite.All", "Directory.Read.All"])
        #expect(report.claims.appID == client)
        #expect(report.claims.tenantID == tenant)
        #expect(report.claims.identityType == "app")
        #expect(report.notes.isEmpty)
        #expect(try h.accounts.show("Contoso-Prod").account.lastVerifiedAt == start)
        let verified = try #require(h.events(.azureVerified).last)
        #expect(verified.details["outcome"] == "match")
        #expect(verified.details["missing"] == "" && verified.details["excess"] == "")
        let opened = try #require(h.events(.handleOpened).last)
        #expect(opened.details["purpose"] == "verify" && opened.details["channel"] == "azure")
        #expect(h.auditNeverMentions([azureSecret(1), "eyJ"]))
    }

    @Test func selectedButNotGrantedIsMissing() async throws {
        let h = try Harness(roles: ["Application.ReadWrite.All"])
        try h.add(permissions: ["Application.ReadWrite.All", "Directory.Read.All", "User.ReadWrite.All"])
        let report = try await h.azure.verify("Contoso-Prod")
        #expect(report.outcome == .mismatch)
        #expect(report.permissions.missing == ["Directory.Read.All", "User.ReadWrite.All"])
        #expect(report.permissions.excess.isEmpty)
        #expect(report.notes.contains { $0.contains("admin consent") })
        #expect(h.events(.azureVerified).last?.details["missing"] == "Directory.Read.All,User.ReadWrite.All")
        #expect(try h.accounts.show("Contoso-Prod").account.lastVerifiedAt == start)
    }

    @Test func grantedButNotSelectedIsExcess() async throws {
        let h = try Harness(roles: ["Application.ReadWrite.All", "Directory.Read.All", "RoleManagement.ReadWrite.Directory"])
        try h.add()
        let report = try await h.azure.verify("Contoso-Prod")
        #expect(report.outcome == .mismatch)
        #expect(report.permissions.missing.isEmpty)
        #expect(report.permissions.excess == ["RoleManagement.ReadWrite.Directory"])
        #expect(h.events(.azureVerified).last?.details["excess"] == "RoleManagement.ReadWrite.Directory")
    }

    @Test func theDelegatedPermissionIsExplainedNotReportedMissing() async throws {
        let h = try Harness()
        try h.add(permissions: ["Application.ReadWrite.All", "Directory.Read.All", "Directory.AccessAsUser.All"])
        let report = try await h.azure.verify("Contoso-Prod")
        #expect(report.isExactMatch)
        #expect(report.permissions.notCheckable == ["Directory.AccessAsUser.All"])
        #expect(report.notes.contains { $0.contains("Directory.AccessAsUser.All is a delegated permission") })
    }

    @Test func aTokenWithoutRolesSaysNoConsentYet() async throws {
        let h = try Harness(roles: [])
        try h.add()
        let report = try await h.azure.verify("Contoso-Prod")
        #expect(report.permissions.missing.count == 2)
        #expect(report.notes.contains { $0.contains("no application permission has admin consent") })
    }

    static let failures: [(String, AzureError.Kind)] = [
        ("wrong secret", .wrongSecret), ("expired secret", .secretExpired), ("app not in tenant", .applicationNotInTenant),
        ("tenant not found", .tenantNotFound), ("invalid tenant", .invalidTenant), ("disabled app", .applicationDisabled),
    ]

    @Test(arguments: failures)
    func eachRefusalIsAnAuthenticationFailureWithAFix(_ name: String, _ kind: AzureError.Kind) async throws {
        let past = iso(start.addingTimeInterval(-86_400))
        let h = try Harness(passwords: [["secret": azureSecret(1), "endDateTime": kind == .secretExpired ? past : iso(start.addingTimeInterval(86_400 * 90))]],
                            extra: ["malformedTenants": ["weird.example"]])
        switch kind {
        case .wrongSecret: try h.add(secret: azureSecret(2))
        case .applicationNotInTenant: try h.add(tenantID: otherTenant)
        case .tenantNotFound: try h.add(tenantID: "99999999-9999-4999-8999-999999999999")
        case .invalidTenant: try h.add(tenantID: "weird.example")
        case .applicationDisabled:
            try h.add()
            try await h.emulator.patchApplication(client, ["disabled": true])
        default: try h.add()
        }
        do {
            _ = try await h.azure.verify("Contoso-Prod")
            Issue.record("\(name): verify succeeded")
        } catch let error as AzureError {
            #expect(error.kind == kind, "\(name)")
            #expect(error.isAuthenticationFailure)
            #expect(error.traceID != nil)
            #expect(!error.hint.isEmpty)
            #expect(!error.message.contains(azureSecret(1)) && !error.message.contains(azureSecret(2)))
            let verified = try #require(h.events(.azureVerified).last)
            #expect(verified.details["outcome"] == "failed")
            #expect(verified.details["error"] == error.code)
            #expect(verified.details["aadsts"] == error.aadstsCode.map(String.init))
            #expect(try h.accounts.show("Contoso-Prod").account.lastVerifiedAt == nil)
        }
        #expect(h.auditNeverMentions([azureSecret(1), azureSecret(2)]))
    }

    @Test func throttlingIsRetriedAfterTheWaitAzureAsksFor() async throws {
        let h = try Harness()
        try h.add()
        try await h.emulator.fault(["target": "token", "status": 429, "retryAfter": 3, "times": 2])
        let report = try await h.azure.verify("Contoso-Prod")
        #expect(report.isExactMatch)
        #expect(h.sleeper.waits == [3, 3])
        #expect(try await h.emulator.count("token", status: 429) == 2)
    }

    @Test func aServiceOutageWithoutRetryAfterBacksOff() async throws {
        let h = try Harness()
        try h.add()
        try await h.emulator.fault(["target": "token", "status": 503, "times": 2])
        _ = try await h.azure.verify("Contoso-Prod")
        #expect(h.sleeper.waits == [2, 4])
    }

    @Test func aWaitBeyondTheCapEndsAtOnceAsThrottled() async throws {
        let h = try Harness()
        try h.add()
        try await h.emulator.fault(["target": "token", "status": 429, "retryAfter": 120, "times": 1])
        await #expect(throws: AzureError(.throttled(retryAfterSeconds: 120), status: 429)) { try await h.azure.verify("Contoso-Prod") }
        #expect(h.sleeper.waits.isEmpty)
        #expect(h.events(.azureVerified).last?.details["error"] == "throttled")
    }

    @Test func persistentThrottlingStopsAfterTheLastAttempt() async throws {
        let h = try Harness(policy: AzureHTTPPolicy(connectTimeout: 2, requestTimeout: 5, maxAttempts: 3))
        try h.add()
        try await h.emulator.fault(["target": "token", "status": 429, "retryAfter": 1, "times": 10])
        do {
            _ = try await h.azure.verify("Contoso-Prod")
            Issue.record("verify succeeded")
        } catch let error as AzureError {
            #expect(error.kind == .throttled(retryAfterSeconds: 1))
            #expect(!error.isAuthenticationFailure)
        }
        #expect(h.sleeper.waits == [1, 1])
    }

    @Test func aClosedPortIsANetworkErrorNotAnAuthenticationFailure() async throws {
        let h = try Harness()
        try h.add()
        let port = h.emulator.port
        h.emulator.stop()
        let azure = try AzureService(accounts: h.accounts, environment: ["AZURE_AUTHORITY_HOST": "http://127.0.0.1:\(port)"], sleeper: h.sleeper)
        do {
            _ = try await azure.verify("Contoso-Prod")
            Issue.record("verify succeeded")
        } catch let error as AzureError {
            #expect(error.code == "network")
            #expect(error.message.contains("127.0.0.1:\(port)"))
            #expect(!error.isAuthenticationFailure)
        }
    }

    @Test func aSilentServerTimesOut() async throws {
        let h = try Harness(policy: AzureHTTPPolicy(connectTimeout: 5, requestTimeout: 0.5))
        try h.add()
        try await h.emulator.fault(["target": "token", "delay": 2, "status": 200, "times": 1])
        await #expect(throws: AzureError(.timedOut(seconds: 0.5))) { try await h.azure.verify("Contoso-Prod") }
    }

    @Test func aDroppedConnectionIsANetworkError() async throws {
        let h = try Harness()
        try h.add()
        try await h.emulator.fault(["target": "token", "close": true, "times": 1])
        do {
            _ = try await h.azure.verify("Contoso-Prod")
            Issue.record("verify succeeded")
        } catch let error as AzureError {
            #expect(error.code == "network")
        }
    }

    @Test func aDisabledAccountIsRefusedByTheVaultBeforeAzure() async throws {
        let h = try Harness()
        try h.add()
        try h.accounts.edit("Contoso-Prod", AccountEdit(enabled: false))
        await #expect(throws: AccountError(.accountDisabled("Contoso-Prod"))) { try await h.azure.verify("Contoso-Prod") }
        #expect(try await h.emulator.count("token") == 0)
    }

    @Test func otherCloudsAskForTheirOwnGraphScope() async throws {
        let h = try Harness()
        try h.add()
        let azure = try AzureService(accounts: h.accounts, cloud: .usgov, environment: h.emulator.environment, sleeper: h.sleeper)
        let report = try await azure.verify("Contoso-Prod")
        #expect(report.cloud == .usgov)
        #expect(report.claims.audience == "https://graph.microsoft.us")
    }
}
