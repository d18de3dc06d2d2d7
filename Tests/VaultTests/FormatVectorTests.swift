import Foundation
import Testing
import Sodium
@testable import Vault

/// Pins the on-disk format to the test vector published in docs/format.md §7 and
/// Tests/VaultTests/Vectors/format-v1.json. If this fails, the format changed: bump the version.
@Suite("Format test vector")
struct FormatVectorTests {
    static func computeVector() throws -> [String: String] {
        var vector: [String: String] = [:]
        let salt = fromHex("000102030405060708090a0b0c0d0e0f")
        let passphrase = try secret("correct horse battery staple")
        let kek = try Argon2id.deriveKey(outputByteCount: 32, password: passphrase, salt: salt, opsLimit: 2, memLimit: 67_108_864)
        vector["kek_pass"] = kek.withUnsafeBytes { Array($0).hex }

        let vaultKey = try SecretBytes(copying: fromHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"))
        let wrapNonce = fromHex("404142434445464748494a4b4c4d4e4f5051525354555657")
        let wrapped = try vaultKey.withUnsafeBytes { try SecretBox.seal($0, key: kek, nonce: wrapNonce) }
        vector["wrapped_key"] = wrapped.hex
        let slot = StoredKeySlot(kind: "passphrase", kdf: "argon2id13", salt: salt, opsLimit: 2, memLimit: 67_108_864,
                                 wrappedKey: wrapped, checksum: [])
        vector["slot_checksum"] = try KeySlotCodec.checksum(of: slot).hex

        let recoveryKey = RecoveryKey(key: try SecretBytes(copying: fromHex("606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f")))
        vector["recovery_display"] = text(try recoveryKey.formatted())
        let kekRec = try KeyDerivation.deriveSubkey(byteCount: 32, id: 1, context: "ivrecovr", from: recoveryKey.key)
        vector["kek_rec"] = kekRec.withUnsafeBytes { Array($0).hex }
        let recoveryWrapped = try vaultKey.withUnsafeBytes {
            try SecretBox.seal($0, key: kekRec, nonce: fromHex("505152535455565758595a5b5c5d5e5f6061626364656667"))
        }
        vector["recovery_wrapped_key"] = recoveryWrapped.hex
        vector["recovery_slot_checksum"] = try KeySlotCodec.checksum(of: StoredKeySlot(
            kind: "recovery", kdf: "kdf-blake2b", salt: [], opsLimit: 0, memLimit: 0, wrappedKey: recoveryWrapped, checksum: [])).hex

        for (name, id) in [("k_records", UInt64(1)), ("k_name", 2), ("k_fingerprint", 3), ("k_audit", 4)] {
            let subkey = try KeyDerivation.deriveSubkey(byteCount: 32, id: id, context: "iamvault", from: vaultKey)
            vector[name] = subkey.withUnsafeBytes { Array($0).hex }
        }
        let keys = try VaultKeys(vaultKey: try vaultKey.duplicate())
        let entryID = fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")
        vector["name_index"] = try keys.nameIndex(for: "Contoso-Prod").hex
        // NFC, then each scalar's full lower-case mapping on its own (final sigma is not applied).
        vector["name_index_unicode"] = try keys.nameIndex(for: "ΟΔΟΣ-Cafe\u{301}").hex
        #expect(try keys.nameIndex(for: "οδοσ-café") == keys.nameIndex(for: "ΟΔΟΣ-Cafe\u{301}"))
        let entryKey = try keys.recordKey(.entryMetadata, owner: entryID, version: 0)
        vector["k_rec_entry"] = entryKey.withUnsafeBytes { Array($0).hex }
        let entryPlaintext = EntryPlaintext.encode(name: "Contoso-Prod", payload: Array("{}".utf8))
        vector["sealed_entry_metadata"] = try entryPlaintext.withUnsafeBytes {
            try SecretBox.seal($0, key: entryKey, nonce: fromHex("d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7"))
        }.hex
        let recordKey = try keys.recordKey(.secretValue, owner: entryID, version: 1)
        vector["k_rec_value"] = recordKey.withUnsafeBytes { Array($0).hex }
        let value = try secret("example-secret-value")
        let sealed = try value.withUnsafeBytes {
            try SecretBox.seal($0, key: recordKey, nonce: fromHex("b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7"))
        }
        vector["sealed_value"] = sealed.hex
        vector["fingerprint"] = try keys.fingerprint(of: value).hex
        // The sealed value opens through the vault's own path, bound to its place.
        let opened = try keys.open(sealed, .secretValue, owner: entryID, version: 1, what: "vector")
        #expect(text(opened) == "example-secret-value")
        return vector
    }

    static func committedVector() throws -> [String: String] {
        let url = try #require(Bundle.module.url(forResource: "format-v1", withExtension: "json", subdirectory: "Vectors"))
        return try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
    }

    @Test func theCodeMatchesTheCommittedVector() throws {
        let computed = try Self.computeVector()
        if ProcessInfo.processInfo.environment["IAMVAULT_PRINT_VECTOR"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(computed), as: UTF8.self))
        }
        #expect(computed == (try Self.committedVector()))
    }

    @Test func theSpecPublishesTheSameVector() throws {
        let spec = try String(contentsOfFile: repositoryRoot() + "/docs/format.md", encoding: .utf8)
        for (name, value) in try Self.committedVector() {
            #expect(spec.contains("`\(value)`"), "docs/format.md §7 must show \(name) = \(value)")
        }
    }
}

/// The repository root, found from this source file's location.
func repositoryRoot(file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.path + "/Package.swift") { return url.path }
    }
    return FileManager.default.currentDirectoryPath
}
