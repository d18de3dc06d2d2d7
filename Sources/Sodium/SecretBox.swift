internal import CSodium

/// Authenticated symmetric encryption with XSalsa20-Poly1305 (`crypto_secretbox_easy`).
///
/// Guarantees: every `seal` draws a fresh random 24-byte nonce (the 192-bit nonce is long enough to pick
/// at random, so no counter state has to survive crashes), and `open` returns plaintext only when the
/// Poly1305 tag verifies; otherwise it throws `authenticationFailed` and releases nothing.
///
/// Sealed layout: `nonce (24) || tag (16) || ciphertext (n)`.
public enum SecretBox {
    public static let keyByteCount = Int(crypto_secretbox_KEYBYTES)
    public static let nonceByteCount = Int(crypto_secretbox_NONCEBYTES)
    public static let macByteCount = Int(crypto_secretbox_MACBYTES)
    /// Bytes that sealing adds to a plaintext.
    public static let overheadByteCount = nonceByteCount + macByteCount

    /// Seals `plaintext` under `key` with a fresh random nonce.
    public static func seal(_ plaintext: UnsafeRawBufferPointer, key: borrowing SecretBytes) throws -> [UInt8] {
        try SodiumRuntime.ensureInitialized()
        let nonce = RandomBytes.bytes(count: nonceByteCount)
        return try seal(plaintext, key: key, nonce: nonce)
    }

    /// Seals a secret under `key` with a fresh random nonce.
    public static func seal(_ plaintext: borrowing SecretBytes, key: borrowing SecretBytes) throws -> [UInt8] {
        try plaintext.withUnsafeBytes { try seal($0, key: key) }
    }

    /// Seals with a caller-chosen nonce. Only for known-answer tests and the published test vector:
    /// reusing a nonce under one key breaks confidentiality, so production code calls `seal(_:key:)`.
    package static func seal(
        _ plaintext: UnsafeRawBufferPointer, key: borrowing SecretBytes, nonce: [UInt8]
    ) throws -> [UInt8] {
        try SodiumRuntime.ensureInitialized()
        try checkKey(key)
        guard nonce.count == nonceByteCount else {
            throw SodiumError(.invalidLength(what: "a secretbox nonce", expected: "\(nonceByteCount)", actual: nonce.count))
        }
        var sealed = [UInt8](repeating: 0, count: overheadByteCount + plaintext.count)
        sealed.replaceSubrange(0..<nonceByteCount, with: nonce)
        let result: Int32 = key.withUnsafeBytes { keyBytes in
            withNonNullBase(plaintext) { message in
                sealed.withUnsafeMutableBufferPointer { output in
                    crypto_secretbox_easy(
                        output.baseAddress! + nonceByteCount,
                        message,
                        UInt64(plaintext.count),
                        output.baseAddress!,
                        keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    )
                }
            }
        }
        guard result == 0 else { throw SodiumError(.operationFailed("crypto_secretbox_easy failed")) }
        return sealed
    }

    /// Opens a sealed box into guarded memory. Throws `authenticationFailed` when the key is wrong or any
    /// byte of `sealed` was changed, and `invalidLength` when it is too short to be a box at all.
    public static func open(_ sealed: [UInt8], key: borrowing SecretBytes) throws -> SecretBytes {
        try checkKey(key)
        return try key.withUnsafeBytes { try open(sealed, rawKey: $0) }
    }

    private static func checkKey(_ key: borrowing SecretBytes) throws {
        guard key.count == keyByteCount else {
            throw SodiumError(.invalidLength(what: "a secretbox key", expected: "\(keyByteCount)", actual: key.count))
        }
    }

    /// libsodium reads nothing of an empty message but still wants a valid pointer.
    private static func withNonNullBase<R>(_ buffer: UnsafeRawBufferPointer, _ body: (UnsafePointer<UInt8>) -> R) -> R {
        if let base = buffer.baseAddress, buffer.count > 0 {
            return body(base.assumingMemoryBound(to: UInt8.self))
        }
        var placeholder: UInt8 = 0
        return withUnsafePointer(to: &placeholder) { body($0) }
    }
}
