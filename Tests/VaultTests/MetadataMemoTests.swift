import Foundation
import IAMVaultTestSupport
import Testing
import Sodium
@testable import Vault

/// The key check and the audit head read the vault metadata in every transaction; `OpenedMetadataMemo` spares
/// opening the same box twice. These tests hold it to "the same answer as opening the box afresh".
@Suite("Remembered vault metadata is exactly what the stored box opens to")
struct MetadataMemoTests {
    @Test func whatALaterTransactionReadsIsWhatAFreshProcessReads() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        // Fractions of a second are not stored (ISO 8601 in whole seconds): the memo must not keep them either.
        let written = try vault.write { writer -> VaultMetadata in
            var metadata = try writer.vaultMetadata()
            metadata.rekeyedAt = Date(timeIntervalSince1970: 1_800_000_000.75)
            metadata.extensions["test.note"] = "a/b \"quoted\" é"
            try writer.updateVaultMetadata(metadata)
            return metadata
        }
        let remembered = try vault.read { try $0.vaultMetadata() }
        let fresh = try Vault.open(at: path).unlock(passphrase: try secret(testPassphrase)).read { try $0.vaultMetadata() }
        #expect(remembered == fresh)
        #expect(fresh.rekeyedAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(fresh.extensions["test.note"] == written.extensions["test.note"])
    }

    @Test(arguments: [1_800_000_000.0, 1_800_000_000.001, 0, 253_402_300_799])
    func aRememberedValueIsWhatDecodingTheBoxGives(rekeyedAt: Double) throws {
        let folder = try TemporaryFolder()
        let (vault, _, _) = try makeVault(in: folder)
        let sealed = try vault.write { writer -> [UInt8] in
            var metadata = try writer.vaultMetadata()
            metadata.rekeyedAt = Date(timeIntervalSince1970: rekeyedAt)
            try writer.updateVaultMetadata(metadata)
            return try writer.storageWriter.header().sealedMetadata
        }
        let keys = try vault.currentKeys()
        let remembered = try #require(keys.metadataMemo.metadata(sealed: sealed, owner: vault.vaultID))
        let decoded = try VaultMetadata.decode(try keys.openPublic(sealed, .vaultMetadata, owner: vault.vaultID, what: "test"))
        #expect(remembered == decoded)
    }

    @Test func aBoxWrittenByAnotherProcessIsOpenedNotRemembered() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        _ = try vault.read { try $0.vaultMetadata() }
        let other = try Vault.open(at: path).unlock(passphrase: try secret(testPassphrase))
        try other.write { writer in
            var metadata = try writer.vaultMetadata()
            metadata.extensions["test.other"] = "written elsewhere"
            try writer.updateVaultMetadata(metadata)
        }
        #expect(try vault.read { try $0.vaultMetadata() }.extensions["test.other"] == "written elsewhere")
    }

    @Test func aTransactionThatRollsBackLeavesNoWrongAnswer() throws {
        struct Abort: Error {}
        let folder = try TemporaryFolder()
        let (vault, _, _) = try makeVault(in: folder)
        #expect(throws: Abort.self) {
            try vault.write { writer in
                var metadata = try writer.vaultMetadata()
                metadata.extensions["test.rolledBack"] = "never committed"
                try writer.updateVaultMetadata(metadata)
                throw Abort()
            }
        }
        #expect(try vault.read { try $0.vaultMetadata() }.extensions["test.rolledBack"] == nil)
    }
}
