internal import CSodium

/// BLAKE2b (`crypto_generichash`), keyed or not.
///
/// Keyed, it is a MAC/PRF (it resists length extension), used for blind indexes, fingerprints, per-record
/// keys and the audit chain. Unkeyed, it is a checksum that detects accidental damage only.
public enum GenericHash {
    public static let defaultByteCount = Int(crypto_generichash_BYTES)
    public static let minimumByteCount = Int(crypto_generichash_BYTES_MIN)
    public static let maximumByteCount = Int(crypto_generichash_BYTES_MAX)
    public static let minimumKeyByteCount = Int(crypto_generichash_KEYBYTES_MIN)
    public static let maximumKeyByteCount = Int(crypto_generichash_KEYBYTES_MAX)

    /// Unkeyed BLAKE2b of `message`: a checksum, not an authenticator.
    public static func hash(_ message: [UInt8], byteCount: Int = defaultByteCount) throws -> [UInt8] {
        try compute(message, byteCount: byteCount, key: nil)
    }

    /// Unkeyed BLAKE2b of bytes that may be secret (read in place from guarded memory).
    public static func hashOfRawBytes(_ message: UnsafeRawBufferPointer, byteCount: Int = defaultByteCount) throws -> [UInt8] {
        try compute(message, byteCount: byteCount, key: nil)
    }

    /// Keyed BLAKE2b of `message` with `key` (16 to 64 bytes), as a public tag.
    public static func keyedHash(_ message: [UInt8], key: borrowing SecretBytes, byteCount: Int = defaultByteCount) throws -> [UInt8] {
        guard (minimumKeyByteCount...maximumKeyByteCount).contains(key.count) else {
            throw SodiumError(.invalidLength(
                what: "a BLAKE2b key", expected: "\(minimumKeyByteCount)...\(maximumKeyByteCount)", actual: key.count))
        }
        return try key.withUnsafeBytes { try compute(message, byteCount: byteCount, key: $0) }
    }

    /// Keyed BLAKE2b whose output is itself a key, so it goes straight into guarded memory.
    public static func deriveKey(_ message: [UInt8], key: borrowing SecretBytes, byteCount: Int = defaultByteCount) throws -> SecretBytes {
        var tag = try keyedHash(message, key: key, byteCount: byteCount)
        return try SecretBytes(consumingAndWiping: &tag)
    }

    /// Keyed BLAKE2b of a secret message (a fingerprint of a secret value), without copying it out.
    public static func keyedHash(of message: borrowing SecretBytes, key: borrowing SecretBytes, byteCount: Int = defaultByteCount) throws -> [UInt8] {
        guard (minimumKeyByteCount...maximumKeyByteCount).contains(key.count) else {
            throw SodiumError(.invalidLength(
                what: "a BLAKE2b key", expected: "\(minimumKeyByteCount)...\(maximumKeyByteCount)", actual: key.count))
        }
        return try message.withUnsafeBytes { messageBytes in
            try key.withUnsafeBytes { keyBytes in try compute(messageBytes, byteCount: byteCount, key: keyBytes) }
        }
    }

    private static func compute(_ message: [UInt8], byteCount: Int, key: UnsafeRawBufferPointer?) throws -> [UInt8] {
        try message.withUnsafeBytes { try compute($0, byteCount: byteCount, key: key) }
    }

    private static func compute(_ message: UnsafeRawBufferPointer, byteCount: Int, key: UnsafeRawBufferPointer?) throws -> [UInt8] {
        guard (minimumByteCount...maximumByteCount).contains(byteCount) else {
            throw SodiumError(.invalidLength(what: "a BLAKE2b output", expected: "\(minimumByteCount)...\(maximumByteCount)", actual: byteCount))
        }
        var output = [UInt8](repeating: 0, count: byteCount)
        try output.withUnsafeMutableBytes { try write(message, key: key, into: $0) }
        return output
    }

    /// The one call of `crypto_generichash`: BLAKE2b of `message` (keyed when `key` is given) into `output`.
    static func write(_ message: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, into output: UnsafeMutableRawBufferPointer) throws {
        try SodiumRuntime.ensureInitialized()
        guard (minimumByteCount...maximumByteCount).contains(output.count) else {
            throw SodiumError(.invalidLength(what: "a BLAKE2b output", expected: "\(minimumByteCount)...\(maximumByteCount)", actual: output.count))
        }
        var placeholder: UInt8 = 0
        let result: Int32 = withUnsafePointer(to: &placeholder) { empty in
            crypto_generichash(
                output.baseAddress!.assumingMemoryBound(to: UInt8.self), output.count,
                message.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? empty, UInt64(message.count),
                key?.baseAddress?.assumingMemoryBound(to: UInt8.self), key?.count ?? 0)
        }
        guard result == 0 else { throw SodiumError(.operationFailed("crypto_generichash failed")) }
    }
}
