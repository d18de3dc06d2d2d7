import Foundation
import IAMVaultTestSupport
import GRDB
import Testing
import Sodium
@testable import Vault

@Suite("Secret values are write-once and captured once")
struct WriteOnceTests {
    @Test func theTriggerAbortsAnyUpdateOfASealedValue() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        let entry = try vault.write { writer in
            let entry = try writer.createEntry(name: "a", payload: [])
            try writer.addSecretVersion(to: entry.id, value: try secret("value-one"), metadata: [])
            return entry
        }
        let before = try sealedValues(path)
        for statement in [
            "UPDATE secret_version SET sealed_value = x'00'",
            "UPDATE secret_version SET fingerprint = x'00'",
            "UPDATE secret_version SET version = 7",
            "UPDATE secret_version SET entry_id = x'00'",
        ] {
            #expect(throws: DatabaseError.self) { try rawDatabase(path).write { try $0.execute(sql: statement) } }
        }
        #expect(try sealedValues(path) == before)
        // Metadata (state, expiry) may change; the value may not.
        try vault.write { try $0.updateSecretMetadata(of: entry.id, version: 1, metadata: [9]) }
        #expect(try sealedValues(path) == before)
    }

    @Test func theStorageLayerReportsAWriteOnceViolation() throws {
        let folder = try TemporaryFolder()
        let (vault, _, _) = try makeVault(in: folder)
        let entry = try vault.write { try $0.createEntry(name: "a", payload: []) }
        try vault.write { try $0.addSecretVersion(to: entry.id, value: try secret("value-one"), metadata: []) }
        // Inserting an existing (entry, version) again is the only other way to "overwrite": refused.
        #expect(throws: VaultError(.writeOnceViolation)) {
            try vault.write { writer in
                try storageCall {
                    try writer.storageWriter.insertSecretVersion(StoredSecretVersion(
                        entryID: entry.id.bytes, version: 1, fingerprint: [UInt8](repeating: 7, count: 32),
                        sealedValue: [1, 2, 3], sealedMetadata: []))
                }
            }
        }
    }

    @Test func theSameValueCannotBeCapturedTwiceAnywhere() throws {
        let folder = try TemporaryFolder()
        let (vault, _, _) = try makeVault(in: folder)
        let (a, b) = try vault.write { writer in
            (try writer.createEntry(name: "a", payload: []).id, try writer.createEntry(name: "b", payload: []).id)
        }
        try vault.write { try $0.addSecretVersion(to: a, value: try secret("shared-value"), metadata: []) }
        #expect(throws: VaultError(.duplicateSecretValue)) {
            try vault.write { try $0.addSecretVersion(to: b, value: try secret("shared-value"), metadata: []) }
        }
        #expect(throws: VaultError(.duplicateSecretValue)) {
            try vault.write { try $0.addSecretVersion(to: a, value: try secret("shared-value"), metadata: []) }
        }
        #expect(try vault.read { try $0.containsSecretValue(try secret("shared-value")) })
        #expect(try vault.read { try $0.secretVersions(of: b) }.isEmpty)
        try vault.write { try $0.addSecretVersion(to: a, value: try secret("second-value"), metadata: []) }
        #expect(try vault.read { try $0.secretVersions(of: a).map(\.version) } == [1, 2])
    }

    @Test func namesAreUniqueRegardlessOfCase() throws {
        let folder = try TemporaryFolder()
        let (vault, _, _) = try makeVault(in: folder)
        try vault.write { _ = try $0.createEntry(name: "Prod-Tenant", payload: []) }
        #expect(throws: VaultError(.duplicateName)) { try vault.write { _ = try $0.createEntry(name: "prod-TENANT", payload: []) } }
        #expect(try vault.read { try $0.entry(named: "PROD-tenant")?.name } == "Prod-Tenant")
    }

    @Test func aFailedTransactionLeavesNothingBehind() throws {
        struct Abort: Error {}
        let folder = try TemporaryFolder()
        let (vault, _, _) = try makeVault(in: folder)
        #expect(throws: Abort.self) {
            try vault.write { writer in
                let entry = try writer.createEntry(name: "half", payload: [])
                try writer.addSecretVersion(to: entry.id, value: try secret("half-written"), metadata: [])
                throw Abort()
            }
        }
        #expect(try vault.read { try $0.entryCount() } == 0)
        #expect(try !vault.read { try $0.containsSecretValue(try secret("half-written")) })
    }

    @Test func removingAnEntryShredsItsVersions() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        let entry = try vault.write { writer in
            let entry = try writer.createEntry(name: "gone", payload: [])
            try writer.addSecretVersion(to: entry.id, value: try secret("value-to-shred"), metadata: [])
            return entry
        }
        try vault.write { try $0.removeEntry(id: entry.id) }
        try vault.storage.compact()
        #expect(try sealedValues(path).isEmpty)
        #expect(try vault.read { try $0.entry(id: entry.id) } == nil)
    }
}
