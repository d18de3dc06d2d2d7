import Foundation
import IAMVaultTestSupport
import GRDB
import Testing
import Sodium
import Vault
import Audit
@testable import Accounts

@Suite("Each secret is captured once; rotation makes versions")
struct CaptureOnceTests {
    @Test func addStoresEveryFieldAndTheSecret() throws {
        let h = try Harness()
        let details = try h.add(secret: azureSecret(1))
        #expect(details.account.tags == ["prod", "tier0"])
        #expect(details.account.permissions == GraphPermission.allNames)
        #expect(details.current?.info.hint == String(azureSecret(1).prefix(3)))
        #expect(details.current?.info.expiresAt == h.time.now().addingTimeInterval(180 * 86_400))
        let shown = try h.service.show("contoso-prod")
        #expect(shown.account.tenantID == tenant && shown.account.clientID == client)
        #expect(shown.account.description == "Directory sync")
        #expect(try h.readSecret("Contoso-Prod") == azureSecret(1))
        #expect(h.events(.accountAdded).count == 1)
        #expect(h.events(.secretCaptured).first?.details["version"] == "1")
    }

    @Test func invalidInputWritesNothing() throws {
        let h = try Harness()
        var draft = h.draft()
        draft.clientID = "not-a-guid"
        #expect(throws: AccountError.self) { try h.service.add(draft, secret: try secret(azureSecret(1))) }
        #expect(throws: AccountError.self) { try h.service.add(h.draft(), secret: try secret("too short")) }
        #expect(try h.service.list().isEmpty)
        #expect(h.audit.events.isEmpty)
    }

    @Test func aSecretIDPastedAsTheValueNeedsConfirmation() throws {
        let h = try Harness()
        let id = "3f9a6c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b"
        #expect(throws: AccountError(.secretLooksLikeID)) { try h.service.add(h.draft(), secret: try secret(id)) }
        #expect(try h.service.list().isEmpty)
        try h.service.add(h.draft(), secret: try secret(id), allowSecretThatLooksLikeID: true)
        #expect(try h.readSecret("Contoso-Prod") == id)
    }

    @Test func aSecondCaptureIsRefusedWithUseRotate() throws {
        let h = try Harness()
        try h.add()
        #expect(throws: AccountError(.secretAlreadyCaptured(account: "Contoso-Prod"))) {
            try h.service.captureFirstSecret("Contoso-Prod", secret: try secret(azureSecret(2)))
        }
        #expect(try h.readSecret("Contoso-Prod") == azureSecret(1))
        // An account added without a secret takes exactly one first capture.
        try h.service.add(h.draft("Empty"))
        try h.service.captureFirstSecret("Empty", secret: try secret(azureSecret(3)))
        #expect(throws: AccountError.self) { try h.service.captureFirstSecret("Empty", secret: try secret(azureSecret(4))) }
    }

    @Test func theSameValueCannotBeCapturedTwiceAnywhere() throws {
        let h = try Harness()
        try h.add("A", secret: azureSecret(1))
        #expect(throws: AccountError(.duplicateSecretValue)) { try h.add("B", secret: azureSecret(1)) }
        #expect(try h.service.list().map(\.name) == ["A"], "the failed add left no account behind")
        #expect(throws: AccountError(.duplicateSecretValue)) { try h.service.rotate("A", secret: try secret(azureSecret(1))) }
    }

    @Test func namesAreUniqueRegardlessOfCase() throws {
        let h = try Harness()
        try h.add("Contoso-Prod", secret: azureSecret(1))
        #expect(throws: AccountError(.duplicateName("CONTOSO-prod"))) { try h.add("CONTOSO-prod", secret: azureSecret(2)) }
        try h.add("Other", secret: azureSecret(3))
        #expect(throws: AccountError(.duplicateName("contoso-PROD"))) { try h.service.edit("Other", AccountEdit(rename: "contoso-PROD")) }
    }

    @Test func rotationKeepsThePreviousVersionReadable() throws {
        let h = try Harness()
        try h.add(secret: azureSecret(1))
        h.time.advance(by: 60)
        let info = try h.service.rotate("Contoso-Prod", secret: try secret(azureSecret(2)), lifetime: .days(365))
        #expect(info.version == 2)
        let versions = try h.service.show("Contoso-Prod").versions
        #expect(versions.map(\.role) == [.current, .previous])
        #expect(try h.readSecret("Contoso-Prod") == azureSecret(2))
        #expect(try h.readSecret("Contoso-Prod", version: 1) == azureSecret(1))
        #expect(h.events(.secretRotated).map { $0.details["version"] } == ["2"])
    }

    @Test func historyIsBoundedAndRetiredValuesAreReallyShredded() throws {
        let h = try Harness()
        try h.add(secret: azureSecret(1))
        for seed in 2...5 { try h.service.rotate("Contoso-Prod", secret: try secret(azureSecret(seed))) }
        let details = try h.service.show("Contoso-Prod")
        #expect(details.versions.map(\.info.version) == [5, 4, 3])
        #expect(details.account.retiredVersions.map(\.version) == [1, 2])
        #expect(details.account.retiredVersions.first?.hint == String(azureSecret(1).prefix(3)))
        #expect(try h.secretRowCount() == 3)
        #expect(throws: AccountError.self) { _ = try h.readSecret("Contoso-Prod", version: 1) }
        #expect(h.events(.secretShredded).map { $0.details["version"] } == ["1", "2"])
        // The shredded row's bytes are gone from the file and its journal, not just unlinked.
        let before = try sealedValue(h, version: 3)
        try h.service.retire("Contoso-Prod", version: 3)
        #expect(try h.secretRowCount() == 2)
        for file in [h.path, h.path + "-wal"] {
            if let contents = FileManager.default.contents(atPath: file) {
                #expect(contents.range(of: Data(before)) == nil, "retired ciphertext still in \(file)")
            }
        }
        // A shredded value could be captured again only as a new version (its fingerprint is gone with it).
        #expect(try h.service.show("Contoso-Prod").versions.map(\.info.version) == [5, 4])
        let next = try h.service.rotate("Contoso-Prod", secret: try secret(azureSecret(9)))
        #expect(next.version == 6)
    }

    @Test func removeShredsEveryVersion() throws {
        let h = try Harness()
        try h.add(secret: azureSecret(1))
        try h.service.rotate("Contoso-Prod", secret: try secret(azureSecret(2)))
        try h.service.remove("contoso-prod")
        #expect(try h.secretRowCount() == 0)
        #expect(throws: AccountError(.accountNotFound("Contoso-Prod"))) { _ = try h.service.show("Contoso-Prod") }
        #expect(h.events(.accountRemoved).count == 1)
        #expect(h.events(.secretShredded).count == 2)
    }

    @Test func expiringFindsSecretsWithinTheWindow() throws {
        let h = try Harness()
        try h.service.add(h.draft("Soon"), secret: try secret(azureSecret(1)))
        var later = h.draft("Later")
        later.lifetime = .days(730)
        try h.service.add(later, secret: try secret(azureSecret(2)))
        #expect(try h.service.expiring(within: 30 * 86_400).isEmpty)
        h.time.advance(by: 160 * 86_400)
        let soon = try h.service.expiring(within: 30 * 86_400)
        #expect(soon.map(\.account) == ["Soon"])
        #expect(soon.first?.expired == false)
        h.time.advance(by: 30 * 86_400)
        #expect(try h.service.expiring(within: 0).first?.expired == true)
    }

    @Test func listFiltersByTagProviderAndEnabled() throws {
        let h = try Harness()
        try h.add("A", secret: azureSecret(1))
        var draft = h.draft("B")
        draft.tags = ["dev"]
        draft.enabled = false
        try h.service.add(draft, secret: try secret(azureSecret(2)))
        #expect(try h.service.list(AccountFilter(tag: "PROD")).map(\.name) == ["A"])
        #expect(try h.service.list(AccountFilter(enabled: false)).map(\.name) == ["B"])
        #expect(try h.service.list(AccountFilter(provider: .azure)).count == 2)
    }

    @Test func editChangesFieldsAndRecordsTheirNamesNotValues() throws {
        let h = try Harness()
        try h.add()
        let edited = try h.service.edit("Contoso-Prod", AccountEdit(
            rename: "Contoso-Prod-EU", description: .some("New text"), addTags: ["eu"], removeTags: ["tier0"], enabled: false,
            permissions: ["Directory.Read.All"]))
        #expect(edited.name == "Contoso-Prod-EU" && edited.tags == ["eu", "prod"] && !edited.enabled)
        #expect(edited.permissions == ["Directory.Read.All"])
        let event = try #require(h.events(.accountEdited).first)
        #expect(event.details["fields"] == "name,description,tags,enabled,permissions")
        #expect(!event.details.values.contains("New text"))
        #expect(h.events(.accountDisabled).count == 1)
        #expect(try h.readSecretAllowingDisabled("Contoso-Prod-EU") == nil)
    }

    func sealedValue(_ h: Harness, version: Int) throws -> [UInt8] {
        try DatabaseQueue(path: h.path).read { db in
            [UInt8](try Data.fetchOne(db, sql: "SELECT sealed_value FROM secret_version WHERE version = ?", arguments: [version])!)
        }
    }
}

extension Harness {
    /// Nil when the handle is refused because the account is disabled.
    func readSecretAllowingDisabled(_ name: String) throws -> String? {
        do { return try readSecret(name) } catch let error as AccountError where error.kind == .accountDisabled(name) { return nil }
    }
}
