internal import CSodium

/// Password-based key derivation with Argon2id v1.3 (`crypto_pwhash`, `crypto_pwhash_ALG_ARGON2ID13`).
///
/// This layer only checks what libsodium itself requires (salt length, output length, libsodium's own
/// limits); the vault's policy (a floor of INTERACTIVE, a ceiling on memory) is enforced by the caller
/// *before* this is called, so a hostile stored parameter never reaches the allocator.
public enum Argon2id {
    public static let saltByteCount = Int(crypto_pwhash_argon2id_SALTBYTES)
    public static let interactiveOpsLimit = UInt64(crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE)
    public static let interactiveMemLimit = UInt64(crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE)
    public static let moderateOpsLimit = UInt64(crypto_pwhash_argon2id_OPSLIMIT_MODERATE)
    public static let moderateMemLimit = UInt64(crypto_pwhash_argon2id_MEMLIMIT_MODERATE)
    public static let sensitiveOpsLimit = UInt64(crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE)
    public static let sensitiveMemLimit = UInt64(crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE)
    public static let minimumOutputByteCount = Int(crypto_pwhash_argon2id_BYTES_MIN)
    public static let minimumOpsLimit = UInt64(crypto_pwhash_argon2id_OPSLIMIT_MIN)
    public static let minimumMemLimit = UInt64(crypto_pwhash_argon2id_MEMLIMIT_MIN)

    /// Derives `outputByteCount` bytes from `password` and `salt` into guarded memory.
    ///
    /// Throws `operationFailed` when libsodium cannot allocate the working memory.
    public static func deriveKey(
        outputByteCount: Int,
        password: borrowing SecretBytes,
        salt: [UInt8],
        opsLimit: UInt64,
        memLimit: UInt64
    ) throws -> SecretBytes {
        try SodiumRuntime.ensureInitialized()
        guard salt.count == saltByteCount else {
            throw SodiumError(.invalidLength(what: "an Argon2id salt", expected: "\(saltByteCount)", actual: salt.count))
        }
        guard outputByteCount >= minimumOutputByteCount else {
            throw SodiumError(.invalidLength(
                what: "an Argon2id output", expected: "at least \(minimumOutputByteCount)", actual: outputByteCount))
        }
        guard opsLimit >= minimumOpsLimit, memLimit >= minimumMemLimit, memLimit <= UInt64(Int.max) else {
            throw SodiumError(.invalidParameter("Argon2id parameters are below libsodium's minimum"))
        }
        var output = try SecretBytes(count: outputByteCount)
        let result: Int32 = password.withUnsafeBytes { passwordBytes in
            var placeholder: CChar = 0
            return withUnsafeMutablePointer(to: &placeholder) { emptyPassword in
                let passwordPointer = passwordBytes.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(emptyPassword)
                return output.withUnsafeMutableBytes { out in
                    crypto_pwhash(
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        UInt64(outputByteCount),
                        passwordPointer,
                        UInt64(passwordBytes.count),
                        salt,
                        opsLimit,
                        Int(memLimit),
                        crypto_pwhash_ALG_ARGON2ID13
                    )
                }
            }
        }
        guard result == 0 else {
            throw SodiumError(.operationFailed("Argon2id could not run (not enough memory for \(memLimit / 1_048_576) MiB?)"))
        }
        return output
    }
}
