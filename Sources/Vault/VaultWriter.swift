public import Sodium

/// A write transaction over an unlocked vault. Everything done through one writer commits together or not at
/// all; the audit log (and any other module) adds its rows through the same writer, in the same transaction.
///
/// Write-once: there is no method that changes a stored secret value. A new value is a new version.
public struct VaultWriter: VaultReading {
    public let storageWriter: any VaultStorageWriter
    public let keys: VaultKeys
    public var storageReader: any VaultStorageReader { storageWriter }

    /// A writer over `storageWriter`'s transaction sealing with `keys`. Package access: the audit log uses it
    /// during a rekey to write the resealed chain head with the new keys inside the same transaction.
    package init(storageWriter: any VaultStorageWriter, keys: VaultKeys) {
        self.storageWriter = storageWriter
        self.keys = keys
    }

    /// Creates an entry; throws `duplicateName` if the name (without case) is taken.
    @discardableResult
    public func createEntry(name: String, payload: [UInt8]) throws -> VaultEntry {
        let id = EntryID(bytes: RandomBytes.bytes(count: VaultFormat.entryIDByteCount))
        try storageCall {
            try storageWriter.insertEntry(try sealed(id: id, name: name, payload: payload))
        }
        return VaultEntry(id: id, name: name, payload: payload)
    }

    /// Replaces an entry's name and payload (never its secret values).
    public func updateEntry(id: EntryID, name: String, payload: [UInt8]) throws {
        try storageCall { try storageWriter.updateEntry(try sealed(id: id, name: name, payload: payload)) }
    }

    /// Deletes an entry and every version of its secret.
    public func removeEntry(id: EntryID) throws {
        try storageCall { try storageWriter.deleteEntry(id: id.bytes) }
    }

    /// Captures `value` as the next version of the entry's secret and returns its version number.
    /// Throws `duplicateSecretValue` if the same value is stored anywhere in the vault.
    @discardableResult
    public func addSecretVersion(to entryID: EntryID, value: borrowing SecretBytes, metadata: [UInt8]) throws -> Int {
        let fingerprint = try keys.fingerprint(of: value)
        return try storageCall {
            guard try storageWriter.entry(id: entryID.bytes) != nil else { throw VaultError(.entryNotFound) }
            guard try !storageWriter.fingerprintExists(fingerprint) else { throw VaultError(.duplicateSecretValue) }
            let version = (try storageWriter.secretVersions(entryID: entryID.bytes).map(\.version).max() ?? 0) + 1
            try storageWriter.insertSecretVersion(StoredSecretVersion(
                entryID: entryID.bytes, version: version, fingerprint: fingerprint,
                sealedValue: try keys.seal(secret: value, .secretValue, owner: entryID.bytes, version: UInt64(version)),
                sealedMetadata: try keys.seal(metadata, .secretMetadata, owner: entryID.bytes, version: UInt64(version))))
            return version
        }
    }

    /// Replaces the metadata kept with a secret version (its state, say); the value is untouched.
    public func updateSecretMetadata(of entryID: EntryID, version: Int, metadata: [UInt8]) throws {
        try storageCall {
            try storageWriter.updateSecretVersionMetadata(
                entryID: entryID.bytes, version: version,
                sealedMetadata: try keys.seal(metadata, .secretMetadata, owner: entryID.bytes, version: UInt64(version)))
        }
    }

    /// Deletes one secret version (crypto-shredding it: `secure_delete` zeroes the freed pages).
    public func deleteSecretVersion(of entryID: EntryID, version: Int) throws {
        try storageCall { try storageWriter.deleteSecretVersion(entryID: entryID.bytes, version: version) }
    }

    /// Replaces the vault's sealed metadata.
    public func updateVaultMetadata(_ metadata: VaultMetadata) throws {
        try storageCall {
            let header = try storageWriter.header()
            let plaintext = try metadata.encoded()
            let sealed = try keys.seal(plaintext, .vaultMetadata, owner: header.vaultID)
            try storageWriter.updateVaultMetadata(sealed)
            // Remember what the box reads back as: the value itself when it writes and reads back unchanged
            // (dates in whole seconds; the usual case, a value read and changed in this transaction), else the
            // value decoded from what was sealed.
            let stored = metadata.readsBackUnchanged ? metadata : try VaultMetadata.decode(plaintext)
            if stored.vaultID == EntryID(bytes: header.vaultID).description {
                keys.metadataMemo.remember(sealed: sealed, owner: header.vaultID, metadata: stored)
            }
        }
    }

    private func sealed(id: EntryID, name: String, payload: [UInt8]) throws -> StoredEntry {
        StoredEntry(
            id: id.bytes, nameIndex: try keys.nameIndex(for: name),
            sealedMetadata: try keys.seal(EntryPlaintext.encode(name: name, payload: payload), .entryMetadata, owner: id.bytes))
    }
}
