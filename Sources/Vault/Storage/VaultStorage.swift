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
/// - Audit entries are append-only: `appendAuditEntry` throws `VaultStorageError.duplicate` for a taken
///   `seq`; the only other write is `replaceAuditEntry`, which rekey uses to reseal an existing entry.
///   Implementations forbid deleting entries or changing their `seq` in the engine as well (a trigger).
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
    /// Up to `limit` entries with `entry_id` greater than `afterID` (all when nil), in increasing `entry_id`:
    /// the whole table in bounded batches. It may be called from a worker thread while the transaction's own
    /// thread waits (`list` reads the next batch alongside the opening of this one), so it must use the
    /// connection only through SQLite's C interface (`RawQuery`), which allows any thread, one at a time, and
    /// not GRDB's statement APIs, which check the thread.
    func entries(afterID: [UInt8]?, limit: Int) throws -> [StoredEntry]
    func entryCount() throws -> Int
    func secretVersions(entryID: [UInt8]) throws -> [StoredSecretVersion]
    func secretVersion(entryID: [UInt8], version: Int) throws -> StoredSecretVersion?
    func fingerprintExists(_ fingerprint: [UInt8]) throws -> Bool
    /// The audit entry with the highest `seq`, or nil when there is none.
    func lastAuditEntry() throws -> StoredAuditEntry?
    /// Up to `limit` audit entries with `seq >= fromSeq`, in increasing `seq` (for streaming a long chain).
    func auditEntries(fromSeq: Int64, limit: Int) throws -> [StoredAuditEntry]
    /// How many audit entries there are.
    func auditEntryCount() throws -> Int
    /// Unlock failures not yet folded into the chain, in increasing `id`.
    func auditPending() throws -> [StoredAuditPending]
    /// The highest pending `id` ever assigned (0 if none), including rows since deleted.
    func auditPendingHighWater() throws -> Int64
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
    /// Appends one audit entry; throws `duplicate` if its `seq` is taken.
    func appendAuditEntry(_ entry: StoredAuditEntry) throws
    /// Replaces the sealed bytes and MAC of an existing entry. Only for rekey, which reseals the whole chain.
    func replaceAuditEntry(_ entry: StoredAuditEntry) throws
    /// Records an unlock failure (no key needed) and returns its id.
    @discardableResult
    func appendAuditPending(recordedAt: Int64, event: String, actor: String) throws -> Int64
    /// Deletes pending rows with `id <= upTo` (they were folded into the chain).
    func deleteAuditPending(upTo id: Int64) throws
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
