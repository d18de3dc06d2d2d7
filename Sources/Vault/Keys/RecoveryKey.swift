public import Sodium

/// The random 32-byte recovery key, shown to the user once when a vault is created (or rekeyed).
///
/// Display form: the 32 key bytes followed by a 3-byte checksum, in RFC 4648 base32 (56 characters), in 14
/// dash-separated groups of 4. The checksum lets a mistyped key be reported as mistyped rather than as wrong.
/// Parsing accepts lower case, spaces and dashes, and reads 0, 1 and 8 as O, I and B.
///
/// Invariants: the key and its display form exist only in guarded memory; the type is noncopyable.
public struct RecoveryKey: ~Copyable, Sendable {
    static let checksumByteCount = 3
    static let groupLength = 4
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    let key: SecretBytes

    init(key: consuming SecretBytes) { self.key = key }

    /// A new random recovery key.
    static func generate() throws -> RecoveryKey {
        RecoveryKey(key: try SecretBytes.random(count: VaultFormat.vaultKeyByteCount))
    }

    /// The display form, e.g. `ABCD-EFGH-…`, in guarded memory. 69 ASCII bytes.
    public func formatted() throws -> SecretBytes {
        var payload = try SecretBytes(count: VaultFormat.vaultKeyByteCount + Self.checksumByteCount)
        let checksum = try Self.checksum(of: key)
        key.withUnsafeBytes { keyBytes in
            payload.withUnsafeMutableBytes { out in
                out.copyMemory(from: keyBytes)
                for index in 0..<Self.checksumByteCount { out[keyBytes.count + index] = checksum[index] }
            }
        }
        let characterCount = (payload.count * 8 + 4) / 5
        let groups = (characterCount + Self.groupLength - 1) / Self.groupLength
        return try SecretBytes(count: characterCount + groups - 1) { out in
            payload.withUnsafeBytes { input in
                var bitBuffer: UInt32 = 0
                var bitCount = 0
                var written = 0
                var characters = 0
                func emit(_ value: UInt32) {
                    if characters > 0, characters % Self.groupLength == 0 {
                        out[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    out[written] = Self.alphabet[Int(value & 31)]
                    written += 1
                    characters += 1
                }
                for byte in input {
                    bitBuffer = (bitBuffer << 8) | UInt32(byte)
                    bitCount += 8
                    while bitCount >= 5 {
                        emit(bitBuffer >> UInt32(bitCount - 5))
                        bitCount -= 5
                    }
                    bitBuffer &= (1 << UInt32(bitCount)) - 1
                }
                if bitCount > 0 { emit(bitBuffer << UInt32(5 - bitCount)) }
                bitBuffer = 0
            }
        }
    }

    /// Parses a typed recovery key. Throws `malformedRecoveryKey` for wrong characters, a wrong length or a
    /// failed checksum (a typo), never `wrongRecoveryKey` (that is decided by the key slot).
    public static func parse(_ typed: borrowing SecretBytes) throws -> RecoveryKey {
        let payloadCount = VaultFormat.vaultKeyByteCount + checksumByteCount
        var payload = try SecretBytes(count: payloadCount)
        let problem: String? = typed.withUnsafeBytes { input in
            payload.withUnsafeMutableBytes { out in
                var bitBuffer: UInt32 = 0
                var bitCount = 0
                var written = 0
                defer { bitBuffer = 0 }
                for character in input {
                    guard let value = decodeCharacter(character) else {
                        if character == UInt8(ascii: "-") || character == UInt8(ascii: " ") || character == UInt8(ascii: "\t") {
                            continue
                        }
                        return "it contains a character that is not A-Z or 2-7"
                    }
                    bitBuffer = (bitBuffer << 5) | UInt32(value)
                    bitCount += 5
                    if bitCount >= 8 {
                        guard written < payloadCount else { return "it is too long" }
                        out[written] = UInt8(truncatingIfNeeded: bitBuffer >> UInt32(bitCount - 8))
                        written += 1
                        bitCount -= 8
                        bitBuffer &= (1 << UInt32(bitCount)) - 1
                    }
                }
                guard written == payloadCount else { return "it is too short" }
                guard bitBuffer == 0 else { return "it has stray bits at the end" }
                return nil
            }
        }
        if let problem { throw VaultError(.malformedRecoveryKey(reason: problem)) }
        let key = try SecretBytes(count: VaultFormat.vaultKeyByteCount) { out in
            payload.withUnsafeBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<VaultFormat.vaultKeyByteCount])) }
        }
        let expected = try checksum(of: key)
        let typedChecksum = payload.withUnsafeBytes { Array($0[VaultFormat.vaultKeyByteCount...]) }
        guard ConstantTime.equals(expected, typedChecksum) else {
            throw VaultError(.malformedRecoveryKey(reason: "its checksum does not match (a typo?)"))
        }
        return RecoveryKey(key: key)
    }

    /// The first 3 bytes of BLAKE2b-256(prefix || 0x00 || key), as specified in docs/format.md.
    static func checksum(of key: borrowing SecretBytes) throws -> [UInt8] {
        var message = try SecretBytes(count: VaultFormat.recoveryChecksumPrefix.utf8.count + 1 + key.count)
        key.withUnsafeBytes { keyBytes in
            message.withUnsafeMutableBytes { out in
                let prefix = Array(VaultFormat.recoveryChecksumPrefix.utf8)
                for (index, byte) in prefix.enumerated() { out[index] = byte }
                out[prefix.count] = 0
                UnsafeMutableRawBufferPointer(rebasing: out[(prefix.count + 1)...]).copyMemory(from: keyBytes)
            }
        }
        return try message.withUnsafeBytes { bytes in
            try Array(GenericHash.hashOfRawBytes(bytes).prefix(checksumByteCount))
        }
    }

    private static func decodeCharacter(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return character - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): return character - UInt8(ascii: "2") + 26
        case UInt8(ascii: "0"): return UInt8(ascii: "O") - UInt8(ascii: "A")
        case UInt8(ascii: "1"): return UInt8(ascii: "I") - UInt8(ascii: "A")
        case UInt8(ascii: "8"): return UInt8(ascii: "B") - UInt8(ascii: "A")
        default: return nil
        }
    }
}
