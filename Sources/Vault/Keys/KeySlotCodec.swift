import Foundation
import Sodium

/// Wraps the vault key into key slots and unwraps it again.
///
/// Order of checks on unwrap (so each failure gets its own message, as KeePassXC does for its header):
/// 1. the slot's unkeyed checksum: a mismatch means accidental damage ("damaged"), said before any key is tried;
/// 2. the KDF name, salt length, wrapped-key length and Argon2id bounds, all before any memory is allocated;
/// 3. the secretbox MAC of the wrapped key: a mismatch means the passphrase or recovery key is wrong.
enum KeySlotCodec {
    static let wrappedKeyByteCount = SecretBox.overheadByteCount + VaultFormat.vaultKeyByteCount

    static func passphraseSlot(vaultKey: borrowing SecretBytes, passphrase: borrowing SecretBytes, kdf: KDFParameters) throws -> StoredKeySlot {
        try PassphrasePolicy.validateNew(passphrase)
        let salt = RandomBytes.bytes(count: VaultFormat.saltByteCount)
        let kek = try Argon2id.deriveKey(
            outputByteCount: SecretBox.keyByteCount, password: passphrase, salt: salt,
            opsLimit: kdf.opsLimit, memLimit: kdf.memLimitBytes)
        return try slot(.passphrase, kdf: VaultFormat.argon2idName, salt: salt, ops: kdf.opsLimit, mem: kdf.memLimitBytes,
                        wrapped: try SecretBox.seal(vaultKey, key: kek))
    }

    static func recoverySlot(vaultKey: borrowing SecretBytes, recoveryKey: borrowing RecoveryKey) throws -> StoredKeySlot {
        let kek = try recoveryKEK(recoveryKey)
        return try slot(.recovery, kdf: VaultFormat.recoveryKDFName, salt: [], ops: 0, mem: 0,
                        wrapped: try SecretBox.seal(vaultKey, key: kek))
    }

    static func unwrap(_ slot: StoredKeySlot, passphrase: borrowing SecretBytes) throws -> SecretBytes {
        try PassphrasePolicy.validateForUnlock(passphrase)
        try checkIntact(slot, expectedKind: .passphrase)
        guard slot.kdf == VaultFormat.argon2idName else {
            throw VaultError(.damagedKeySlot(slot: slot.kind, reason: "unknown key-derivation function \"\(slot.kdf)\""))
        }
        guard slot.salt.count == VaultFormat.saltByteCount else {
            throw VaultError(.damagedKeySlot(slot: slot.kind, reason: "its salt is \(slot.salt.count) bytes, not \(VaultFormat.saltByteCount)"))
        }
        let kdf = try KDFParameters.stored(opsLimit: slot.opsLimit, memLimitBytes: slot.memLimit, slot: slot.kind)
        let kek = try Argon2id.deriveKey(
            outputByteCount: SecretBox.keyByteCount, password: passphrase, salt: slot.salt,
            opsLimit: kdf.opsLimit, memLimit: kdf.memLimitBytes)
        do {
            return try SecretBox.open(slot.wrappedKey, key: kek)
        } catch let error as SodiumError where error.kind == .authenticationFailed {
            throw VaultError(.wrongPassphrase)
        }
    }

    static func unwrap(_ slot: StoredKeySlot, recoveryKey: borrowing RecoveryKey) throws -> SecretBytes {
        try checkIntact(slot, expectedKind: .recovery)
        guard slot.kdf == VaultFormat.recoveryKDFName, slot.salt.isEmpty, slot.opsLimit == 0, slot.memLimit == 0 else {
            throw VaultError(.damagedKeySlot(slot: slot.kind, reason: "unexpected key-derivation parameters"))
        }
        let kek = try recoveryKEK(recoveryKey)
        do {
            return try SecretBox.open(slot.wrappedKey, key: kek)
        } catch let error as SodiumError where error.kind == .authenticationFailed {
            throw VaultError(.wrongRecoveryKey)
        }
    }

    /// The recovery key is 256 random bits, so no slow KDF is needed: one `crypto_kdf` subkey suffices.
    private static func recoveryKEK(_ recoveryKey: borrowing RecoveryKey) throws -> SecretBytes {
        try KeyDerivation.deriveSubkey(byteCount: SecretBox.keyByteCount, id: 1, context: VaultFormat.recoveryContext, from: recoveryKey.key)
    }

    private static func checkIntact(_ slot: StoredKeySlot, expectedKind: KeySlotKind) throws {
        guard ConstantTime.equals(slot.checksum, try checksum(of: slot)) else {
            throw VaultError(.damagedKeySlot(slot: expectedKind.rawValue, reason: "its checksum does not match"))
        }
        guard slot.kind == expectedKind.rawValue else {
            throw VaultError(.damagedKeySlot(slot: expectedKind.rawValue, reason: "it is labelled \"\(slot.kind)\""))
        }
        guard slot.wrappedKey.count == wrappedKeyByteCount else {
            throw VaultError(.damagedKeySlot(slot: slot.kind, reason: "its wrapped key has the wrong length"))
        }
    }

    private static func slot(_ kind: KeySlotKind, kdf: String, salt: [UInt8], ops: UInt64, mem: UInt64, wrapped: [UInt8]) throws -> StoredKeySlot {
        var slot = StoredKeySlot(kind: kind.rawValue, kdf: kdf, salt: salt, opsLimit: ops, memLimit: mem, wrappedKey: wrapped, checksum: [])
        slot.checksum = try checksum(of: slot)
        return slot
    }

    /// Unkeyed BLAKE2b-256 over the slot's canonical bytes (docs/format.md, "Key slots").
    static func checksum(of slot: StoredKeySlot) throws -> [UInt8] {
        var message = Array(VaultFormat.slotChecksumPrefix.utf8) + [0]
        message += Array(slot.kind.utf8) + [0] + Array(slot.kdf.utf8) + [0]
        message += bigEndian(slot.opsLimit) + bigEndian(slot.memLimit)
        message += bigEndian(UInt64(slot.salt.count)) + slot.salt
        message += bigEndian(UInt64(slot.wrappedKey.count)) + slot.wrappedKey
        return try GenericHash.hash(message)
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
