public import Foundation
public import Sodium

/// Entry points: create a vault, or open one (locked) to unlock it.
public enum Vault {
    /// Creates a vault at `path` protected by `passphrase` (Argon2id with `kdf`) and by a new recovery key,
    /// which is returned once and stored nowhere. Refuses an existing file.
    ///
    /// `initialize` runs inside the creating transaction with the new vault's writer, so what it adds (the
    /// audit log's `vault.created` entry) lands together with the vault or not at all.
    public static func create(
        at path: String, passphrase: borrowing SecretBytes, kdf: KDFParameters = .moderate, now: Date = Date(),
        initialize: (VaultWriter) throws -> Void = { _ in }
    ) throws -> CreatedVault {
        try PassphrasePolicy.validateNew(passphrase)
        let keys = try VaultKeys.generate()
        let recoveryKey = try RecoveryKey.generate()
        let vaultID = RandomBytes.bytes(count: VaultFormat.vaultIDByteCount)
        let passphraseSlot = try KeySlotCodec.passphraseSlot(vaultKey: keys.vaultKey, passphrase: passphrase, kdf: kdf)
        let recoverySlot = try KeySlotCodec.recoverySlot(vaultKey: keys.vaultKey, recoveryKey: recoveryKey)
        let metadata = VaultMetadata(formatVersion: VaultFormat.version, vaultID: EntryID(bytes: vaultID).description, createdAt: now)
        let sealedMetadata = try keys.seal(try metadata.encoded(), .vaultMetadata, owner: vaultID)
        let storage = try SQLiteVaultStorage.create(at: path) { writer in
            try writer.insertHeader(StoredHeader(formatVersion: VaultFormat.version, vaultID: vaultID, sealedMetadata: sealedMetadata))
            try writer.putKeySlot(passphraseSlot)
            try writer.putKeySlot(recoverySlot)
            try initialize(VaultWriter(storageWriter: writer, keys: keys))
        }
        let vault = UnlockedVault(storage: storage, vaultID: vaultID, keys: keys)
        return CreatedVault(vault: vault, recoveryKey: recoveryKey)
    }

    /// Opens the vault file at `path`, locked. Fails for a missing file, a file that is not a vault, a
    /// newer format version, or a file others can read.
    public static func open(at path: String) throws -> LockedVault {
        try LockedVault(storage: try SQLiteVaultStorage.open(at: path))
    }

    /// The vault path: `IAMVAULT_PATH`, else `$XDG_DATA_HOME/iamvault/vault.db`, else
    /// `~/.local/share/iamvault/vault.db` (an unset or relative XDG_DATA_HOME is ignored, as the XDG spec says).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["IAMVAULT_PATH"], !explicit.isEmpty { return explicit }
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            return dataHome + "/iamvault/vault.db"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/iamvault/vault.db"
    }
}

/// A newly created vault and its recovery key, which must be shown to the user now: it is not stored.
public struct CreatedVault: ~Copyable {
    public let vault: UnlockedVault
    public let recoveryKey: RecoveryKey
}
