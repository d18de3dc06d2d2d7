public import Sodium

/// An opened but locked vault: only its public header and key slots are readable.
public final class LockedVault: Sendable {
    public let storage: any VaultStorage
    private let vaultID: [UInt8]

    /// Opens `storage`; fails if it has no header (not a complete vault).
    public init(storage: any VaultStorage) throws {
        self.storage = storage
        let header = try storageCall { try storage.read { try $0.header() } }
        guard header.formatVersion == VaultFormat.version else {
            throw VaultError(.unsupportedFormatVersion(found: header.formatVersion, supported: VaultFormat.version))
        }
        guard header.vaultID.count == VaultFormat.vaultIDByteCount else {
            throw VaultError(.integrityFailure(what: "the vault id has the wrong length"))
        }
        self.vaultID = header.vaultID
    }

    /// Unlocks with the passphrase. Throws `wrongPassphrase`, or `damagedKeySlot` when the slot itself is damaged.
    public func unlock(passphrase: borrowing SecretBytes) throws -> UnlockedVault {
        let slot = try slot(.passphrase)
        return try finish(try KeySlotCodec.unwrap(slot, passphrase: passphrase))
    }

    /// Unlocks with the recovery key. Throws `wrongRecoveryKey`, or `damagedKeySlot`.
    public func unlock(recoveryKey: borrowing RecoveryKey) throws -> UnlockedVault {
        let slot = try slot(.recovery)
        return try finish(try KeySlotCodec.unwrap(slot, recoveryKey: recoveryKey))
    }

    private func slot(_ kind: KeySlotKind) throws -> StoredKeySlot {
        let slots = try storageCall { try storage.read { try $0.keySlots() } }
        guard let slot = slots.first(where: { $0.kind == kind.rawValue }) else {
            throw VaultError(.damagedKeySlot(slot: kind.rawValue, reason: "it is missing"))
        }
        return slot
    }

    /// The key check: the unwrapped key must open this vault's sealed metadata.
    private func finish(_ vaultKey: consuming SecretBytes) throws -> UnlockedVault {
        let keys = try VaultKeys(vaultKey: vaultKey)
        let vault = UnlockedVault(storage: storage, vaultID: vaultID, keys: keys)
        _ = try vault.read { try $0.vaultMetadata() }
        return vault
    }
}
