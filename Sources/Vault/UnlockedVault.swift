public import Foundation
public import Sodium
import Synchronization

/// An unlocked vault: the vault key in guarded memory and transactions over the sealed records.
///
/// Invariants:
/// - After `lock()`, every call throws `locked`, and the keys are wiped as soon as the last in-flight
///   transaction that holds them ends.
/// - Each transaction first checks that the keys still open the vault's metadata, so a process whose key
///   went stale (another process rekeyed) can neither read wrong data nor write records no one can open.
/// - Safe to share between tasks and threads; storage serializes writers.
public final class UnlockedVault: Sendable {
    public let storage: any VaultStorage
    public let vaultID: [UInt8]
    private let keyState: Mutex<VaultKeys?>

    init(storage: any VaultStorage, vaultID: [UInt8], keys: VaultKeys) {
        self.storage = storage
        self.vaultID = vaultID
        self.keyState = Mutex(keys)
    }

    /// Whether `lock()` has been called.
    public var isLocked: Bool { keyState.withLock { $0 == nil } }

    /// Forgets the keys.
    public func lock() {
        keyState.withLock { $0 = nil }
    }

    /// Runs `body` on a consistent, authenticated snapshot.
    public func read<T>(_ body: (VaultReader) throws -> T) throws -> T {
        let keys = try currentKeys()
        return try storageCall {
            try storage.read { reader in
                let vaultReader = VaultReader(storageReader: reader, keys: keys)
                _ = try vaultReader.vaultMetadata()
                return try body(vaultReader)
            }
        }
    }

    /// Runs `body` in one write transaction: all of it lands, or none of it.
    @discardableResult
    public func write<T>(_ body: (VaultWriter) throws -> T) throws -> T {
        let keys = try currentKeys()
        return try storageCall {
            try storage.write { writer in
                let vaultWriter = VaultWriter(storageWriter: writer, keys: keys)
                _ = try vaultWriter.vaultMetadata()
                return try body(vaultWriter)
            }
        }
    }

    /// Rewraps the vault key under a new passphrase. No record is resealed; the recovery key still works.
    ///
    /// `recordExtra` runs in the same transaction (the audit log records the change there), so the new slot
    /// and what it adds land together or not at all.
    public func changePassphrase(
        to newPassphrase: borrowing SecretBytes, kdf: KDFParameters = .moderate,
        recordExtra: (VaultWriter) throws -> Void = { _ in }
    ) throws {
        let keys = try currentKeys()
        let slot = try KeySlotCodec.passphraseSlot(vaultKey: keys.vaultKey, passphrase: newPassphrase, kdf: kdf)
        try write { writer in
            try storageCall { try writer.storageWriter.putKeySlot(slot) }
            try recordExtra(writer)
        }
    }

    /// Makes a new vault key and reseals every record under it in one transaction, rewraps it under
    /// `passphrase` (which must be the current one) and a new recovery key, returned once.
    ///
    /// `resealExtra` lets modules that keep their own sealed rows (the audit log) reseal them in the same
    /// transaction; it receives the old and the new keys.
    public func rekey(
        passphrase: borrowing SecretBytes, kdf: KDFParameters = .moderate, now: Date = Date(),
        resealExtra: (VaultWriter, VaultKeys) throws -> Void = { _, _ in }
    ) throws -> RecoveryKey {
        let oldKeys = try currentKeys()
        let currentSlot = try storageCall { try storage.read { try $0.keySlots() } }.first { $0.kind == KeySlotKind.passphrase.rawValue }
        guard let currentSlot else { throw VaultError(.damagedKeySlot(slot: "passphrase", reason: "it is missing")) }
        let unwrapped = try KeySlotCodec.unwrap(currentSlot, passphrase: passphrase)
        guard unwrapped.constantTimeEquals(oldKeys.vaultKey) else { throw VaultError(.wrongPassphrase) }

        let newKeys = try VaultKeys.generate()
        let recoveryKey = try RecoveryKey.generate()
        let passphraseSlot = try KeySlotCodec.passphraseSlot(vaultKey: newKeys.vaultKey, passphrase: passphrase, kdf: kdf)
        let recoverySlot = try KeySlotCodec.recoverySlot(vaultKey: newKeys.vaultKey, recoveryKey: recoveryKey)
        try write { old in
            let new = VaultWriter(storageWriter: old.storageWriter, keys: newKeys)
            try VaultResealer.reseal(from: old, to: new, now: now)
            try resealExtra(old, newKeys)
            try storageCall {
                try old.storageWriter.putKeySlot(passphraseSlot)
                try old.storageWriter.putKeySlot(recoverySlot)
            }
        }
        keyState.withLock { $0 = newKeys }
        return recoveryKey
    }

    /// The keys, for modules of this package that seal their own rows (the audit log).
    package func currentKeys() throws -> VaultKeys {
        guard let keys = keyState.withLock({ $0 }) else { throw VaultError(.locked) }
        return keys
    }
}
