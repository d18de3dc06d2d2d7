/// Keyed BLAKE2b with a key the caller already holds open, for the vault's bulk record opener
/// (`RecordOpener` in Vault): a thousand records cost one `mprotect` pair per key instead of one per record.
///
/// Package access only: raw pointers into guarded memory never leave the package, and the caller must hold
/// the region open (inside `SecretBytes.withUnsafeBytes` / `withUnsafeMutableBytes`) for the whole call.
extension GenericHash {
    /// Keyed BLAKE2b of `message` written into `output` (a guarded region the caller holds writable).
    package static func keyedHash(_ message: [UInt8], rawKey key: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        try checkKey(key.count)
        try message.withUnsafeBytes { try write($0, key: key, into: output) }
    }

    /// Keyed BLAKE2b of `message` into an array (a tag that is not a key: a blind index).
    package static func keyedHash(_ message: [UInt8], rawKey key: UnsafeRawBufferPointer, byteCount: Int = defaultByteCount) throws -> [UInt8] {
        try checkKey(key.count)
        var output = [UInt8](repeating: 0, count: byteCount)
        try output.withUnsafeMutableBytes { out in try message.withUnsafeBytes { try write($0, key: key, into: out) } }
        return output
    }

    /// Keyed BLAKE2b of a message held in guarded memory (a value being fingerprinted), as a public tag.
    package static func keyedHash(_ message: UnsafeRawBufferPointer, rawKey key: UnsafeRawBufferPointer, byteCount: Int = defaultByteCount) throws -> [UInt8] {
        try checkKey(key.count)
        var output = [UInt8](repeating: 0, count: byteCount)
        try output.withUnsafeMutableBytes { try write(message, key: key, into: $0) }
        return output
    }

    private static func checkKey(_ count: Int) throws {
        guard (minimumKeyByteCount...maximumKeyByteCount).contains(count) else {
            throw SodiumError(.invalidLength(what: "a BLAKE2b key", expected: "\(minimumKeyByteCount)...\(maximumKeyByteCount)", actual: count))
        }
    }
}
