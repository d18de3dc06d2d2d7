internal import CSodium

/// `SecretBox` with a key the caller holds open in guarded memory (a per-record key derived into a
/// `GuardedScratchPool` region). Package access only: raw pointers into guarded memory never leave the
/// package, and the caller holds the key's region open for the whole call.
extension SecretBox {
    /// `seal(_:key:)` with a raw key: a fresh random nonce, the same layout.
    package static func seal(_ plaintext: UnsafeRawBufferPointer, rawKey key: UnsafeRawBufferPointer) throws -> [UInt8] {
        try SodiumRuntime.ensureInitialized()
        return try seal(plaintext, rawKey: key, nonce: RandomBytes.bytes(count: nonceByteCount))
    }

    /// The one call of `crypto_secretbox_easy`: `nonce || tag || ciphertext`. A caller-chosen nonce is only
    /// for known-answer tests (`seal(_:key:nonce:)`); everything else comes through `seal(_:rawKey:)`.
    package static func seal(_ plaintext: UnsafeRawBufferPointer, rawKey key: UnsafeRawBufferPointer, nonce: [UInt8]) throws -> [UInt8] {
        try SodiumRuntime.ensureInitialized()
        try checkRawKey(key)
        guard nonce.count == nonceByteCount else {
            throw SodiumError(.invalidLength(what: "a secretbox nonce", expected: "\(nonceByteCount)", actual: nonce.count))
        }
        var sealed = [UInt8](repeating: 0, count: overheadByteCount + plaintext.count)
        sealed.replaceSubrange(0..<nonceByteCount, with: nonce)
        var placeholder: UInt8 = 0
        let result: Int32 = sealed.withUnsafeMutableBufferPointer { output in
            withUnsafeMutablePointer(to: &placeholder) { empty in
                crypto_secretbox_easy(
                    output.baseAddress! + nonceByteCount,
                    plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(empty),
                    UInt64(plaintext.count),
                    output.baseAddress!,
                    key.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard result == 0 else { throw SodiumError(.operationFailed("crypto_secretbox_easy failed")) }
        return sealed
    }

    /// `open(_:key:)` with a raw key: the plaintext goes straight into a new guarded region.
    package static func open(_ sealed: [UInt8], rawKey key: UnsafeRawBufferPointer) throws -> SecretBytes {
        try SodiumRuntime.ensureInitialized()
        try checkRawKey(key)
        guard sealed.count >= overheadByteCount else {
            throw SodiumError(.invalidLength(what: "a sealed box", expected: "at least \(overheadByteCount)", actual: sealed.count))
        }
        var plaintext = try SecretBytes(count: sealed.count - overheadByteCount)
        let result: Int32 = sealed.withUnsafeBufferPointer { input in
            plaintext.withUnsafeMutableBytes { output in
                crypto_secretbox_open_easy(
                    output.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    input.baseAddress! + nonceByteCount,
                    UInt64(sealed.count - nonceByteCount),
                    input.baseAddress!,
                    key.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard result == 0 else { throw SodiumError(.authenticationFailed) }
        return plaintext
    }

    private static func checkRawKey(_ key: UnsafeRawBufferPointer) throws {
        guard key.count == keyByteCount, key.baseAddress != nil else {
            throw SodiumError(.invalidLength(what: "a secretbox key", expected: "\(keyByteCount)", actual: key.count))
        }
    }
}
