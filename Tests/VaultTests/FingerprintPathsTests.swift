import IAMVaultTestSupport
import Sodium
import Testing
@testable import Vault

/// The keyed fingerprint of a secret value takes two paths: assembled in a guarded scratch region when
/// prefix and value fit (`VaultKeys.scratchByteCount`), in a new `SecretBytes` when they do not. Both must give
/// keyed BLAKE2b(k_fingerprint, prefix || value), so that a long value is refused as a duplicate whichever path
/// computed it (`FormatVectorTests` pins the scratch path against the published vector, with a short value).
@Suite("Fingerprints: the scratch path and the long-value path agree")
struct FingerprintPathsTests {
    @Test func bothPathsGiveTheKeyedHashOfPrefixAndValue() throws {
        let vaultKey = try SecretBytes(copying: (0..<32).map { UInt8($0) })
        let keys = try VaultKeys(vaultKey: try vaultKey.duplicate())
        let fingerprintKey = try KeyDerivation.deriveSubkey(byteCount: 32, id: 3, context: "iamvault", from: vaultKey)
        let fits = VaultKeys.scratchByteCount - VaultKeys.fingerprintPrefix.count
        for length in [0, 1, 40, fits - 1, fits, fits + 1, 2 * fits, 5000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let expected = try GenericHash.keyedHash(VaultKeys.fingerprintPrefix + bytes, key: fingerprintKey)
            #expect(try keys.fingerprint(of: try SecretBytes(copying: bytes)) == expected, "value of \(length) bytes")
        }
    }

    /// Through the vault: a long value captured once is refused the second time, under another entry too.
    @Test func aLongValueIsCapturedOnce() throws {
        let folder = try TemporaryFolder()
        let (vault, _, _) = try makeVault(in: folder)
        let long = String(repeating: "Q~long-secret-", count: 200)  // 2,800 bytes: the long-value path
        try vault.write { writer in
            let first = try writer.createEntry(name: "first", payload: [])
            try writer.addSecretVersion(to: first.id, value: try secret(long), metadata: [])
        }
        #expect(throws: VaultError(.duplicateSecretValue)) {
            try vault.write { writer in
                let second = try writer.createEntry(name: "second", payload: [])
                try writer.addSecretVersion(to: second.id, value: try secret(long), metadata: [])
            }
        }
    }
}
