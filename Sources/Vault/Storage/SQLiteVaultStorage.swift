import Foundation
import GRDB

/// `VaultStorage` on a local SQLite file through GRDB.
///
/// Guarantees: WAL journal with `synchronous=FULL` (a commit that returned survives power loss),
/// `secure_delete=ON` (deleted rows are zeroed), a busy timeout so two processes take turns instead of
/// failing, every write an IMMEDIATE transaction, the file created 0600 inside a 0700 folder and refused
/// when others can read it, and the write-once trigger on secret values.
public final class SQLiteVaultStorage: VaultStorage {
    public let path: String
    private let pool: DatabasePool

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Creates a new vault file at `path`: the schema and `initialize` in one transaction, in a file under a
    /// staging name in the same folder, which takes the name `path` only once it is complete and synced
    /// (`VaultFiles.publish`). A crash leaves no file at `path` or a complete vault, never a file that is not
    /// one (which `init` would then refuse to replace); what a killed `init` left under its staging name is
    /// removed by the next. Refuses to touch an existing file.
    public static func create(at path: String, initialize: (any VaultStorageWriter) throws -> Void) throws -> SQLiteVaultStorage {
        try VaultFiles.refuseExisting(path)
        VaultFiles.removeAbandonedStaging(for: path)
        let staging = VaultFiles.stagingPath(for: path)
        try VaultFiles.createPrivateFile(at: staging)
        do {
            let pool = try openPool(path: staging)
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for statement in SQLiteSchema.statements { try db.execute(sql: statement) }
                    try db.execute(sql: "PRAGMA application_id = \(VaultFormat.applicationID)")
                    try db.execute(sql: "PRAGMA user_version = \(VaultFormat.version)")
                    try initialize(SQLiteVaultWriter(db: db))
                    return .commit
                }
                // Everything into the main file: the WAL keeps the staging name and is not renamed with it.
                try db.checkpoint(.truncate)
            }
            try pool.close()
            for suffix in ["-wal", "-shm", "-journal"] { unlink(staging + suffix) }
            try VaultFiles.publish(staging, as: path)
        } catch {
            VaultFiles.removeVaultFiles(at: staging)
            throw SQLiteErrors.translate(error, path: path)
        }
        do {
            return SQLiteVaultStorage(path: path, pool: try openPool(path: path))
        } catch {
            throw SQLiteErrors.translate(error, path: path)
        }
    }

    /// Opens an existing vault file, checking that it is one, of a version this code reads, and private.
    public static func open(at path: String) throws -> SQLiteVaultStorage {
        try VaultFiles.checkExistingPrivateFile(at: path)
        if let refusal = try VaultFileHeader(path: path).refusal(path: path, walIsEmpty: VaultFileHeader.walIsEmpty(path: path)) {
            throw refusal
        }
        do {
            let pool = try openPool(path: path)
            let (applicationID, version) = try pool.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
            }
            if let refusal = VaultFormat.refusal(applicationID: applicationID, version: version, path: path) { throw refusal }
            return SQLiteVaultStorage(path: path, pool: pool)
        } catch {
            throw SQLiteErrors.translate(error, path: path)
        }
    }

    public func read<T>(_ body: (any VaultStorageReader) throws -> T) throws -> T {
        do {
            // GRDB runs `read` in a deferred transaction on a reader connection: a consistent snapshot.
            return try pool.read { db in try body(SQLiteVaultWriter(db: db)) }
        } catch {
            throw SQLiteErrors.translate(error, path: path)
        }
    }

    public func write<T>(_ body: (any VaultStorageWriter) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteVaultWriter(db: db))
                    return .commit
                }
                return result!
            }
        } catch {
            throw SQLiteErrors.translate(error, path: path)
        }
    }

    public func compact() throws {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch {
            throw SQLiteErrors.translate(error, path: path)
        }
    }

    private static func openPool(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "PRAGMA trusted_schema = OFF")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB turns WAL on after `prepareDatabase` and sets `synchronous = NORMAL` with it, under which a commit
        // is not synced and can be lost on power failure. Only the writer connection commits: make it FULL again,
        // so every commit (an audited read included) is on disk before it returns.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return pool
    }
}
