internal import CSodium

/// Subkey derivation with `crypto_kdf_derive_from_key` (BLAKE2b keyed with the master key, the subkey id
/// as salt and an 8-byte context as personalization).
///
/// Guarantee: subkeys for different (context, id) pairs are independent; knowing one reveals nothing about
/// the master key or any other subkey, so each purpose in the vault gets its own key (one key, one purpose).
public enum KeyDerivation {
    public static let masterKeyByteCount = Int(crypto_kdf_KEYBYTES)
    public static let contextByteCount = Int(crypto_kdf_CONTEXTBYTES)
    public static let minimumSubkeyByteCount = Int(crypto_kdf_BYTES_MIN)
    public static let maximumSubkeyByteCount = Int(crypto_kdf_BYTES_MAX)

    /// Derives subkey `id` of `byteCount` bytes for `context` (exactly 8 ASCII bytes) from `masterKey`.
    public static func deriveSubkey(
        byteCount: Int, id: UInt64, context: String, from masterKey: borrowing SecretBytes
    ) throws -> SecretBytes {
        try SodiumRuntime.ensureInitialized()
        let contextBytes = Array(context.utf8)
        guard contextBytes.count == contextByteCount else {
            throw SodiumError(.invalidLength(what: "a crypto_kdf context", expected: "\(contextByteCount)", actual: contextBytes.count))
        }
        guard (minimumSubkeyByteCount...maximumSubkeyByteCount).contains(byteCount) else {
            throw SodiumError(.invalidLength(
                what: "a crypto_kdf subkey", expected: "\(minimumSubkeyByteCount)...\(maximumSubkeyByteCount)", actual: byteCount))
        }
        guard masterKey.count == masterKeyByteCount else {
            throw SodiumError(.invalidLength(what: "a crypto_kdf master key", expected: "\(masterKeyByteCount)", actual: masterKey.count))
        }
        var subkey = try SecretBytes(count: byteCount)
        let result: Int32 = masterKey.withUnsafeBytes { master in
            contextBytes.map { CChar(bitPattern: $0) }.withUnsafeBufferPointer { ctx in
                subkey.withUnsafeMutableBytes { out in
                    crypto_kdf_derive_from_key(
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self), byteCount, id,
                        ctx.baseAddress!, master.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        guard result == 0 else { throw SodiumError(.operationFailed("crypto_kdf_derive_from_key failed")) }
        return subkey
    }
}
