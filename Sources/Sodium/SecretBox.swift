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
        try checkKey(key)
        return try key.withUnsafeBytes { try seal(plaintext, rawKey: $0, nonce: nonce) }
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
}
