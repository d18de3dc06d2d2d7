import Foundation
import GRDB
import GRDBSQLite

/// The audit tables of `SQLiteVaultStorage` (docs/format.md §2).
extension SQLiteVaultWriter {
    func lastAuditEntry() throws -> StoredAuditEntry? {
        try rawCached("SELECT seq, sealed_entry, mac FROM audit_entry ORDER BY seq DESC LIMIT 1").first(Self.auditEntry)
    }

    /// A range scan of the primary key, so each batch costs the same however long the chain is. Read through
    /// SQLite's C interface, straight from its buffers: verification reads a million rows, and GRDB's row
    /// decoding (a `Data` per blob) would cost more than the cryptography.
    func auditEntries(fromSeq: Int64, limit: Int) throws -> [StoredAuditEntry] {
        let query = try RawQuery(db, "SELECT seq, sealed_entry, mac FROM audit_entry WHERE seq >= ?1 ORDER BY seq LIMIT ?2")
        query.bind(1, fromSeq)
        query.bind(2, Int64(max(limit, 0)))
        return try query.rows(expected: limit, Self.auditEntry)
    }

    /// An audit entry from the columns `seq, sealed_entry, mac` of the current row.
    private static func auditEntry(_ row: borrowing RawQuery) -> StoredAuditEntry {
        StoredAuditEntry(seq: row.int64(0), sealedEntry: row.blob(1), mac: row.blob(2))
    }

    func auditEntryCount() throws -> Int {
        try Int.fetchOne(try cached("SELECT count(*) FROM audit_entry")) ?? 0
    }

    func auditPending() throws -> [StoredAuditPending] {
        try Row.fetchAll(try cached("SELECT id, recorded_at, event, actor FROM audit_pending ORDER BY id")).map { row in
            // Optional reads: a row of a hostile schema reads as empty values (reported later), never a trap.
            StoredAuditPending(
                id: value(row, "id") ?? 0, recordedAt: value(row, "recorded_at") ?? 0,
                event: value(row, "event") ?? "", actor: value(row, "actor") ?? "")
        }
    }

    func auditPendingHighWater() throws -> Int64 {
        // sqlite_sequence has a row for an AUTOINCREMENT table once it has had one insert.
        try Int64.fetchOne(try cached("SELECT seq FROM sqlite_sequence WHERE name = 'audit_pending'")) ?? 0
    }

    func appendAuditEntry(_ entry: StoredAuditEntry) throws {
        try cached("INSERT INTO audit_entry (seq, sealed_entry, mac) VALUES (?, ?, ?)").execute(
            arguments: [entry.seq, Data(entry.sealedEntry), Data(entry.mac)])
    }

    func replaceAuditEntry(_ entry: StoredAuditEntry) throws {
        try cached("UPDATE audit_entry SET sealed_entry = ?, mac = ? WHERE seq = ?").execute(
            arguments: [Data(entry.sealedEntry), Data(entry.mac), entry.seq])
        guard db.changesCount == 1 else { throw VaultStorageError.notFound }
    }

    @discardableResult
    func appendAuditPending(recordedAt: Int64, event: String, actor: String) throws -> Int64 {
        try cached("INSERT INTO audit_pending (recorded_at, event, actor) VALUES (?, ?, ?)").execute(
            arguments: [recordedAt, event, actor])
        return db.lastInsertedRowID
    }

    func deleteAuditPending(upTo id: Int64) throws {
        try cached("DELETE FROM audit_pending WHERE id <= ?").execute(arguments: [id])
    }

    /// A column converted without trapping: a value of the wrong type (a table recreated by an attacker
    /// without STRICT) reads as nil, and the audit layer reports the entry as damaged.
    private func value<T: DatabaseValueConvertible>(_ row: Row, _ column: String) -> T? {
        T.fromDatabaseValue(row[column] as DatabaseValue)
    }

}
