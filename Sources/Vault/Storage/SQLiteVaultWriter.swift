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

    func header() throws -> StoredHeader {
        let sql = "SELECT format_version, vault_id, sealed_metadata FROM vault WHERE singleton = 1"
        guard let row = try Row.fetchOne(try cached(sql)) else {
            throw VaultStorageError.missingHeader
        }
        return StoredHeader(formatVersion: row["format_version"], vaultID: bytes(row, "vault_id"), sealedMetadata: bytes(row, "sealed_metadata"))
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
        try Row.fetchOne(try cached("SELECT * FROM entry WHERE entry_id = ?"), arguments: [Data(id)]).map(entry)
    }

    func entry(nameIndex: [UInt8]) throws -> StoredEntry? {
        try Row.fetchOne(try cached("SELECT * FROM entry WHERE name_index = ?"), arguments: [Data(nameIndex)]).map(entry)
    }

    func entries() throws -> [StoredEntry] {
        try Row.fetchAll(try cached("SELECT * FROM entry ORDER BY entry_id")).map(entry)
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
        return try query.rows(expected: limit) { row in
            StoredEntry(id: row.blob(0), nameIndex: row.blob(1), sealedMetadata: row.blob(2))
        }
    }

    func entryCount() throws -> Int {
        try Int.fetchOne(try cached("SELECT count(*) FROM entry")) ?? 0
    }

    func secretVersions(entryID: [UInt8]) throws -> [StoredSecretVersion] {
        try Row.fetchAll(try cached("SELECT * FROM secret_version WHERE entry_id = ? ORDER BY version"), arguments: [Data(entryID)])
            .map(secretVersion)
    }

    func secretVersion(entryID: [UInt8], version: Int) throws -> StoredSecretVersion? {
        try Row.fetchOne(try cached("SELECT * FROM secret_version WHERE entry_id = ? AND version = ?"), arguments: [Data(entryID), version])
            .map(secretVersion)
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

    private func entry(_ row: Row) -> StoredEntry {
        StoredEntry(id: bytes(row, "entry_id"), nameIndex: bytes(row, "name_index"), sealedMetadata: bytes(row, "sealed_metadata"))
    }

    private func secretVersion(_ row: Row) -> StoredSecretVersion {
        StoredSecretVersion(
            entryID: bytes(row, "entry_id"), version: row["version"], fingerprint: bytes(row, "fingerprint"),
            sealedValue: bytes(row, "sealed_value"), sealedMetadata: bytes(row, "sealed_metadata"))
    }

    /// A BLOB column as bytes; a column of another type (a tampered file) reads as empty, which then fails
    /// its length or MAC check instead of trapping.
    private func bytes(_ row: Row, _ column: String) -> [UInt8] {
        guard let data = row[column] as Data? else { return [] }
        return [UInt8](data)
    }
}
