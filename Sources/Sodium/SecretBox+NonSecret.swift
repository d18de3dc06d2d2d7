internal import CSodium

extension SecretBox {
    /// Opens a box whose plaintext is **not secret** into an ordinary array, with the same authentication
    /// guarantee as `open`: the bytes are returned only when the Poly1305 tag verifies, otherwise it throws
    /// `authenticationFailed` (and `invalidLength` for a box too short to be one).
    ///
    /// Why it exists: `open` puts every plaintext in guarded memory, which costs several system calls per
    /// box. Records that are confidential at rest but not secret (audit entries, which are shown to the
    /// auditor anyway) are opened in bulk, a million at a time; they must never be secret values or keys.
    public static func openNonSecret(_ sealed: [UInt8], key: borrowing SecretBytes) throws -> [UInt8] {
        try key.withUnsafeBytes { try openNonSecret(sealed, rawKey: $0) }
    }

    /// The same with a key the caller holds open (the vault's bulk record opener). Package access only: raw
    /// pointers into guarded memory never leave the package.
    package static func openNonSecret(_ sealed: [UInt8], rawKey keyBytes: UnsafeRawBufferPointer) throws -> [UInt8] {
        try SodiumRuntime.ensureInitialized()
        guard keyBytes.count == keyByteCount else {
            throw SodiumError(.invalidLength(what: "a secretbox key", expected: "\(keyByteCount)", actual: keyBytes.count))
        }
        guard sealed.count >= overheadByteCount else {
            throw SodiumError(.invalidLength(what: "a sealed box", expected: "at least \(overheadByteCount)", actual: sealed.count))
        }
        // One spare byte so the output pointer is valid even for an empty plaintext.
        var plaintext = [UInt8](repeating: 0, count: sealed.count - overheadByteCount + 1)
        let result: Int32 = sealed.withUnsafeBufferPointer { input in
            plaintext.withUnsafeMutableBufferPointer { output in
                crypto_secretbox_open_easy(
                    output.baseAddress!,
                    input.baseAddress! + nonceByteCount,
                    UInt64(sealed.count - nonceByteCount),
                    input.baseAddress!,
                    keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard result == 0 else { throw SodiumError(.authenticationFailed) }
        plaintext.removeLast()
        return plaintext
    }
}
