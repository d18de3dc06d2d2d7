/// Storage for a vault's sealed rows, kept behind a protocol so that another engine (PostgreSQL, for
/// teams) can follow without touching the sealing code.
///
/// Implementation requirements:
/// - `write` runs its body in one transaction: all of its changes land, or none do (also on a crash).
///   Concurrent writers, in this process or another, are serialized; none loses a write.
/// - There is no way to change a stored secret value: `insertSecretVersion` throws
///   `VaultStorageError.duplicate` for an existing (entry, version) or fingerprint, and no method updates
///   `sealedValue` or `fingerprint`. Implementations enforce this in the engine as well (a trigger).
/// - Deleted rows must not stay readable in the file (`compact` after deletes that shred secrets).
public protocol VaultStorage: Sendable {
    /// Runs `body` with a consistent read view.
    func read<T>(_ body: (any VaultStorageReader) throws -> T) throws -> T
    /// Runs `body` in one write transaction; if it throws, nothing it did is kept.
    func write<T>(_ body: (any VaultStorageWriter) throws -> T) throws -> T
    /// Removes freed and superseded pages from the file and its journal (used after shredding).
    func compact() throws
}

/// Reads within a transaction.
public protocol VaultStorageReader {
    func header() throws -> StoredHeader
    func keySlots() throws -> [StoredKeySlot]
    func entry(id: [UInt8]) throws -> StoredEntry?
    func entry(nameIndex: [UInt8]) throws -> StoredEntry?
    func entries() throws -> [StoredEntry]
    func entryCount() throws -> Int
    func secretVersions(entryID: [UInt8]) throws -> [StoredSecretVersion]
    func secretVersion(entryID: [UInt8], version: Int) throws -> StoredSecretVersion?
    func fingerprintExists(_ fingerprint: [UInt8]) throws -> Bool
}

/// Writes within a transaction. Note what is missing: any way to update a sealed secret value.
public protocol VaultStorageWriter: VaultStorageReader {
    func insertHeader(_ header: StoredHeader) throws
    func updateVaultMetadata(_ sealedMetadata: [UInt8]) throws
    /// Inserts or replaces the slot of `slot.kind`.
    func putKeySlot(_ slot: StoredKeySlot) throws
    func insertEntry(_ entry: StoredEntry) throws
    func updateEntry(_ entry: StoredEntry) throws
    /// Deletes the entry and every secret version it has.
    func deleteEntry(id: [UInt8]) throws
    func insertSecretVersion(_ version: StoredSecretVersion) throws
    func updateSecretVersionMetadata(entryID: [UInt8], version: Int, sealedMetadata: [UInt8]) throws
    func deleteSecretVersion(entryID: [UInt8], version: Int) throws
}

/// Storage-level failures the sealing layer turns into `VaultError`s.
public enum VaultStorageError: Error, Equatable, Sendable {
    /// A unique constraint was hit (name index, fingerprint, or entry/version).
    case duplicate(what: String)
    /// Something tried to change a write-once column.
    case writeOnceViolation
    /// The header row is missing: the file is not a (complete) vault.
    case missingHeader
    /// A row that had to exist did not.
    case notFound
}
