import Foundation
import Testing
import Sodium
import Vault
import Audit
import IAMVaultTestSupport
@testable import Accounts

@Suite("Credential handles: short-lived, wiped, audited, fail closed")
struct CredentialHandleTests {
    @Test func aHandleExpiresAfterItsTTLAndWipesItself() throws {
        let h = try Harness()
        try h.add()
        let handle = try h.service.openHandle("Contoso-Prod", purpose: "deploy", ttl: 30)
        #expect(try handle.withSecret { $0.count } == 40)
        #expect(try handle.withTenantID { String(decoding: $0, as: UTF8.self) } == tenant)
        #expect(try handle.withClientID { String(decoding: $0, as: UTF8.self) } == client)
        h.time.advance(by: 29)
        #expect(try handle.withSecret { $0.count } == 40)
        h.time.advance(by: 1)
        #expect(throws: AccountError(.handleExpired)) { _ = try handle.withSecret { $0.count } }
        #expect(throws: AccountError(.handleExpired)) { _ = try handle.withTenantID { $0.count } }
        #expect(handle.material.isWiped)
    }

    @Test func closingWipesAtOnce() throws {
        let h = try Harness()
        try h.add()
        let handle = try h.service.openHandle("Contoso-Prod", purpose: "deploy")
        let material = handle.material
        #expect(!material.isWiped)
        handle.close()
        #expect(material.isWiped)
        #expect(throws: AccountError(.handleExpired)) { _ = try material.read { $0.secret?.bytes.count } }
    }

    @Test func droppingAHandleWipesIt() throws {
        let h = try Harness()
        try h.add()
        func openAndDrop() throws -> HandleMaterial {
            let handle = try h.service.openHandle("Contoso-Prod", purpose: "deploy")
            return handle.material
        }
        #expect(try openAndDrop().isWiped)
    }

    @Test(arguments: [0.0, 601.0])
    func ttlOutsideBoundsIsRefused(ttl: Double) throws {
        let h = try Harness()
        try h.add()
        #expect(throws: AccountError(.invalidTTL(seconds: Int(ttl)))) { _ = try h.service.openHandle("Contoso-Prod", purpose: "x", ttl: ttl) }
    }

    @Test func everyOpeningIsAuditedWithPurposeAndActor() throws {
        let h = try Harness()
        try h.add()
        _ = try h.service.openHandle("Contoso-Prod", purpose: "terraform apply", channel: "exec")
        let event = try #require(h.events(.handleOpened).first)
        #expect(event.account == "Contoso-Prod")
        #expect(event.details["purpose"] == "terraform apply")
        #expect(event.details["channel"] == "exec")
        #expect(event.actor == AuditActor(user: "tester", uid: 1000, pid: 42, command: "tests"))
        #expect(!event.details.values.contains { $0.contains(azureSecret(1)) })
    }

    @Test func aDisabledAccountIsRefusedAndTheRefusalIsAudited() throws {
        let h = try Harness()
        try h.add()
        try h.service.edit("Contoso-Prod", AccountEdit(enabled: false))
        #expect(throws: AccountError(.accountDisabled("Contoso-Prod"))) { _ = try h.service.openHandle("Contoso-Prod", purpose: "x") }
        #expect(h.events(.handleRefused).first?.details["reason"] == "disabled")
        #expect(h.events(.handleOpened).isEmpty)
    }

    @Test func anExpiredSecretIsRefusedUnlessExplicitlyAllowed() throws {
        let h = try Harness()
        try h.add()
        h.time.advance(by: 181 * 86_400)
        #expect(throws: AccountError(.secretExpired(account: "Contoso-Prod", version: 1))) {
            _ = try h.service.openHandle("Contoso-Prod", purpose: "x")
        }
        #expect(h.events(.handleRefused).first?.details["reason"] == "expired")
        let handle = try h.service.openHandle("Contoso-Prod", purpose: "x", allowExpired: true)
        #expect(try handle.withSecret { $0.count } == 40)
        #expect(h.events(.handleOpened).first?.details["expired"] == "allowed")
    }

    @Test func aRemovedOrUnknownAccountIsNotFound() throws {
        let h = try Harness()
        try h.add()
        try h.service.remove("Contoso-Prod")
        #expect(throws: AccountError(.accountNotFound("Contoso-Prod"))) { _ = try h.service.openHandle("Contoso-Prod", purpose: "x") }
    }

    @Test func whenTheAuditLogFailsNoHandleIsGivenAndNothingChanges() throws {
        let h = try Harness()
        try h.add()
        h.audit.setFailing(true)
        #expect(throws: RecordingAuditSink.Failure.self) { _ = try h.service.openHandle("Contoso-Prod", purpose: "x") }
        #expect(throws: RecordingAuditSink.Failure.self) { try h.add("Second", secret: azureSecret(2)) }
        #expect(throws: RecordingAuditSink.Failure.self) { try h.service.rotate("Contoso-Prod", secret: try secret(azureSecret(3))) }
        #expect(throws: RecordingAuditSink.Failure.self) { try h.service.edit("Contoso-Prod", AccountEdit(enabled: false)) }
        #expect(throws: RecordingAuditSink.Failure.self) { try h.service.remove("Contoso-Prod") }
        h.audit.setFailing(false)
        #expect(try h.service.list().map(\.name) == ["Contoso-Prod"])
        let details = try h.service.show("Contoso-Prod")
        #expect(details.versions.count == 1 && details.account.enabled)
        #expect(try h.secretRowCount() == 1)
    }

    @Test func concurrentTasksLoseNothing() async throws {
        let h = try Harness()
        let service = h.service
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for index in 0..<10 {
                        let seed = worker * 100 + index
                        try service.add(AccountDraft(name: "w\(worker)-\(index)", tenantID: tenant, clientID: client),
                                        secret: try secret(azureSecret(seed)))
                        _ = try service.openHandle("w\(worker)-\(index)", purpose: "check")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try h.service.list().count == 40)
        #expect(h.events(.handleOpened).count == 40)
    }
}

@Suite("Two processes on one vault")
struct TwoProcessTests {
    /// The built stress writer sits next to the test bundle in the build folder.
    static var writer: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("iamvault-stress-writer")
    }

    @Test func twoProcessesAddingAtOnceLoseNothing() throws {
        let h = try Harness()
        let processes = try ["left", "right"].map { prefix in
            let process = Process()
            process.executableURL = Self.writer
            process.arguments = [h.path, prefix, "25"]
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data((passphrase + "\n").utf8))
            try input.fileHandleForWriting.close()
            return process
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let names = try h.service.list().map(\.name)
        #expect(names.count == 50)
        #expect(names.filter { $0.hasPrefix("left-") }.count == 25)
        #expect(try h.readSecret("right-24") == "right-value-24-8Q~0123456789abcdefghij")
    }
}

@Suite("Handing a handle's buffers over")
struct CredentialHandOverTests {
    @Test func handingOverGivesTheBuffersAndLeavesTheHandleEmpty() throws {
        let h = try Harness()
        try h.add()
        let handle = try h.service.openHandle("Contoso-Prod", purpose: "deploy")
        let material = handle.material
        let credential = try handle.handOver()
        #expect(material.isWiped)
        #expect(credential.parts.map(text) == [tenant, client, azureSecret(1)])
    }

    @Test func aHandleForOnePartHoldsAndHandsOverThatPartOnly() throws {
        let h = try Harness()
        try h.add()
        for (part, expected) in [(CredentialPart.tenantID, tenant), (.clientID, client), (.secret, azureSecret(1))] {
            let handle = try h.service.openHandle("Contoso-Prod", purpose: "deploy", parts: [part])
            #expect(try handle.material.read { [$0.tenantID, $0.clientID, $0.secret].compactMap { $0 }.count } == 1, "\(part)")
            let others = CredentialPart.allCases.filter { $0 != part }
            for other in others {
                #expect(throws: AccountError(.partNotOpened(other.rawValue)), "\(other)") { _ = try Self.read(other, of: handle) }
            }
            #expect(try Self.read(part, of: handle) == expected)
            #expect(try handle.handOver().parts.map(text) == [expected])
        }
    }

    @Test func twoPartsComeInTheCredentialsOrder() throws {
        let h = try Harness()
        try h.add()
        let handle = try h.service.openHandle("Contoso-Prod", purpose: "deploy", parts: [.secret, .tenantID])
        #expect(try handle.handOver().parts.map(text) == [tenant, azureSecret(1)])
        #expect(h.events(.handleOpened).last?.details["parts"] == "tenant,secret")
    }

    @Test func theAuditEntryNamesThePartsReleasedWhenFewerThanAll() throws {
        let h = try Harness()
        try h.add()
        _ = try h.service.openHandle("Contoso-Prod", purpose: "read", channel: "pipe", parts: [.secret])
        _ = try h.service.openHandle("Contoso-Prod", purpose: "exec", channel: "exec")
        _ = try h.service.openHandle("Contoso-Prod", purpose: "all", parts: [.clientID, .secret, .tenantID])
        let details = h.events(.handleOpened).map { $0.details["parts"] }
        #expect(details == ["secret", nil, nil])
    }

    @Test func askingForNoPartIsRefusedBeforeAnythingIsAudited() throws {
        let h = try Harness()
        try h.add()
        let before = h.events(.handleOpened).count
        var caught: AccountError?
        do { _ = try h.service.openHandle("Contoso-Prod", purpose: "read", parts: []) } catch let error as AccountError { caught = error }
        guard case .invalidField(let field, _, _) = caught?.kind else { Issue.record("expected invalidField, got \(String(describing: caught))"); return }
        #expect(field == "parts")
        #expect(h.events(.handleOpened).count == before)
    }

    private static func read(_ part: CredentialPart, of handle: borrowing CredentialHandle) throws -> String {
        switch part {
        case .tenantID: return try handle.withTenantID { String(decoding: $0, as: UTF8.self) }
        case .clientID: return try handle.withClientID { String(decoding: $0, as: UTF8.self) }
        case .secret: return try handle.withSecret { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test func anExpiredHandleHandsNothingOver() throws {
        let h = try Harness()
        try h.add()
        let handle = try h.service.openHandle("Contoso-Prod", purpose: "deploy", ttl: 5)
        let material = handle.material
        h.time.advance(by: 5)
        var caught: (any Error)?
        do { _ = try handle.handOver() } catch { caught = error }
        #expect(caught as? AccountError == AccountError(.handleExpired))
        #expect(material.isWiped)
    }
}

private func text(_ part: OwnedSecret) -> String {
    part.bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
}
