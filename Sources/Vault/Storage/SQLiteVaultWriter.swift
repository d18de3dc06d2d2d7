import Foundation
import GRDB

/// The reader and writer of `SQLiteVaultStorage`, valid only inside the transaction that created it.
struct SQLiteVaultWriter: VaultStorageWriter {
    let db: Database

    /// The connection's prepared statement for `sql`, compiled once per connection: preparing costs more
    /// than running these one-row statements, and every command runs several (docs/performance.md).
    func cached(_ sql: String) throws -> Statement {
        try db.cachedStatement(sql: sql)
    }

    /// `sql`'s cached statement, run through SQLite's C interface (`RawQuery`): for the lookups of every command.
    func rawCached(_ sql: String) throws -> RawQuery {
        RawQuery(cached: try cached(sql), sql: sql, db)
    }

    func header() throws -> StoredHeader {
        let query = try rawCached("SELECT format_version, vault_id, sealed_metadata FROM vault WHERE singleton = 1")
        guard let header = try query.first({ row in
            StoredHeader(formatVersion: Int(row.int64(0)), vaultID: row.blob(1), sealedMetadata: row.blob(2))
        }) else {
            throw VaultStorageError.missingHeader
        }
        return header
    }

    func keySlots() throws -> [StoredKeySlot] {
        try Row.fetchAll(try cached("SELECT * FROM key_slot ORDER BY kind")).map { row in
            StoredKeySlot(
                kind: row["kind"], kdf: row["kdf"], salt: bytes(row, "salt"),
                opsLimit: UInt64(clamping: row["ops_limit"] as Int64), memLimit: UInt64(clamping: row["mem_limit"] as Int64),
                wrappedKey: bytes(row, "wrapped_key"), checksum: bytes(row, "checksum"))
        }
    }

    func entry(id: [UInt8]) throws -> StoredEntry? {
        let query = try rawCached("SELECT entry_id, name_index, sealed_metadata FROM entry WHERE entry_id = ?1")
        query.bind(1, id)
        return try query.first(Self.entry)
    }

    func entry(nameIndex: [UInt8]) throws -> StoredEntry? {
        let query = try rawCached("SELECT entry_id, name_index, sealed_metadata FROM entry WHERE name_index = ?1")
        query.bind(1, nameIndex)
        return try query.first(Self.entry)
    }

    /// An entry from the columns `entry_id, name_index, sealed_metadata` of the current row.
    private static func entry(_ row: borrowing RawQuery) -> StoredEntry {
        StoredEntry(id: row.blob(0), nameIndex: row.blob(1), sealedMetadata: row.blob(2))
    }

    /// A secret version from the columns `entry_id, version, fingerprint, sealed_value, sealed_metadata`.
    private static func secretVersion(_ row: borrowing RawQuery) -> StoredSecretVersion {
        StoredSecretVersion(entryID: row.blob(0), version: Int(row.int64(1)), fingerprint: row.blob(2), sealedValue: row.blob(3),
                            sealedMetadata: row.blob(4))
    }

    func entries() throws -> [StoredEntry] {
        try rawCached("SELECT entry_id, name_index, sealed_metadata FROM entry ORDER BY entry_id").rows(expected: 0, Self.entry)
    }

    func entries(afterID: [UInt8]?, limit: Int) throws -> [StoredEntry] {
        // The first batch has no lower bound: a row whose entry_id is not a BLOB (a tampered file) sorts before
        // every BLOB and is returned there, where opening it fails, instead of being skipped by `> X''`.
        // Read through SQLite's C interface (`RawQuery`): `list` reads every row.
        let query: RawQuery
        if let afterID {
            query = try RawQuery(db, "SELECT entry_id, name_index, sealed_metadata FROM entry WHERE entry_id > ?1 ORDER BY entry_id LIMIT ?2")
            query.bind(1, afterID)
        } else {
            query = try RawQuery(db, "SELECT entry_id, name_index, sealed_metadata FROM entry ORDER BY entry_id LIMIT ?2")
        }
        query.bind(2, Int64(max(limit, 0)))
        return try query.rows(expected: limit, Self.entry)
    }

    func entryCount() throws -> Int {
        try Int.fetchOne(try cached("SELECT count(*) FROM entry")) ?? 0
    }

    func secretVersions(entryID: [UInt8]) throws -> [StoredSecretVersion] {
        let query = try rawCached("""
            SELECT entry_id, version, fingerprint, sealed_value, sealed_metadata FROM secret_version WHERE entry_id = ?1 ORDER BY version
            """)
        query.bind(1, entryID)
        return try query.rows(expected: 3, Self.secretVersion)
    }

    func secretVersion(entryID: [UInt8], version: Int) throws -> StoredSecretVersion? {
        let query = try rawCached("""
            SELECT entry_id, version, fingerprint, sealed_value, sealed_metadata FROM secret_version WHERE entry_id = ?1 AND version = ?2
            """)
        query.bind(1, entryID)
        query.bind(2, Int64(version))
        return try query.first(Self.secretVersion)
    }

    func fingerprintExists(_ fingerprint: [UInt8]) throws -> Bool {
        try Bool.fetchOne(try cached("SELECT EXISTS (SELECT 1 FROM secret_version WHERE fingerprint = ?)"),
                          arguments: [Data(fingerprint)]) ?? false
    }

    func insertHeader(_ header: StoredHeader) throws {
        try cached("INSERT INTO vault (singleton, format_version, vault_id, sealed_metadata) VALUES (1, ?, ?, ?)").execute(
            arguments: [header.formatVersion, Data(header.vaultID), Data(header.sealedMetadata)])
    }

    func updateVaultMetadata(_ sealedMetadata: [UInt8]) throws {
        try cached("UPDATE vault SET sealed_metadata = ? WHERE singleton = 1").execute(arguments: [Data(sealedMetadata)])
        guard db.changesCount == 1 else { throw VaultStorageError.missingHeader }
    }

    func putKeySlot(_ slot: StoredKeySlot) throws {
        try cached("""
                INSERT OR REPLACE INTO key_slot (kind, kdf, salt, ops_limit, mem_limit, wrapped_key, checksum)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [slot.kind, slot.kdf, Data(slot.salt), Int64(clamping: slot.opsLimit), Int64(clamping: slot.memLimit),
                        Data(slot.wrappedKey), Data(slot.checksum)])
    }

    func insertEntry(_ entry: StoredEntry) throws {
        try cached("INSERT INTO entry (entry_id, name_index, sealed_metadata) VALUES (?, ?, ?)").execute(
            arguments: [Data(entry.id), Data(entry.nameIndex), Data(entry.sealedMetadata)])
    }

    func updateEntry(_ entry: StoredEntry) throws {
        try cached("UPDATE entry SET name_index = ?, sealed_metadata = ? WHERE entry_id = ?").execute(
            arguments: [Data(entry.nameIndex), Data(entry.sealedMetadata), Data(entry.id)])
        guard db.changesCount == 1 else { throw VaultStorageError.notFound }
    }

    func deleteEntry(id: [UInt8]) throws {
        try cached("DELETE FROM secret_version WHERE entry_id = ?").execute(arguments: [Data(id)])
        try cached("DELETE FROM entry WHERE entry_id = ?").execute(arguments: [Data(id)])
        guard db.changesCount == 1 else { throw VaultStorageError.notFound }
    }

    func insertSecretVersion(_ version: StoredSecretVersion) throws {
        try cached("""
                INSERT INTO secret_version (entry_id, version, fingerprint, sealed_value, sealed_metadata)
                VALUES (?, ?, ?, ?, ?)
                """).execute(
            arguments: [Data(version.entryID), version.version, Data(version.fingerprint), Data(version.sealedValue),
                        Data(version.sealedMetadata)])
    }

    func updateSecretVersionMetadata(entryID: [UInt8], version: Int, sealedMetadata: [UInt8]) throws {
        try cached("UPDATE secret_version SET sealed_metadata = ? WHERE entry_id = ? AND version = ?").execute(
            arguments: [Data(sealedMetadata), Data(entryID), version])
        guard db.changesCount == 1 else { throw VaultStorageError.notFound }
    }

    func deleteSecretVersion(entryID: [UInt8], version: Int) throws {
        try cached("DELETE FROM secret_version WHERE entry_id = ? AND version = ?").execute(arguments: [Data(entryID), version])
        guard db.changesCount == 1 else { throw VaultStorageError.notFound }
    }

    /// A BLOB column as bytes; a column of another type (a tampered file) reads as empty, which then fails
    /// its length or MAC check instead of trapping.
    private func bytes(_ row: Row, _ column: String) -> [UInt8] {
        guard let data = row[column] as Data? else { return [] }
        return [UInt8](data)
    }
}
