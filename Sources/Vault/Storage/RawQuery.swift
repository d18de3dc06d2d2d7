import GRDB
import GRDBSQLite

/// One SQL statement run through SQLite's C interface, its rows read straight from SQLite's buffers: for the
/// scans that read every row (`audit verify`, `list`), where GRDB's row decoding (a copied row, a `Data` per
/// blob, a column lookup by name) cost more than the cryptography, and for the one-row lookups every
/// command makes (`init(cached:)`).
///
/// Guarantees: a statement it prepared is finalized when the query goes, a connection's cached statement is
/// reset and its bindings cleared; a column of another type than expected (a table recreated without STRICT)
/// reads as empty bytes or 0 and then fails authentication, never a trap; SQLite's errors come back as GRDB's
/// `DatabaseError` with the SQL, as from any other query.
struct RawQuery: ~Copyable {
    private let db: Database
    private let sql: String
    private let statement: OpaquePointer
    /// The connection's cached statement this query runs (kept alive while it does), or nil when the query
    /// prepared its own.
    private let cachedStatement: Statement?

    init(_ db: Database, _ sql: String) throws {
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            sqlite3_finalize(prepared)
            throw Self.error(code, db, sql)
        }
        self.db = db
        self.sql = sql
        self.statement = prepared
        self.cachedStatement = nil
    }

    /// Runs one of the connection's cached statements (`SQLiteVaultWriter.cached`), which is compiled once per
    /// connection: a `read` makes eight such lookups (the header four times), and GRDB's rows cost it about
    /// 120 k instructions (docs/performance.md).
    /// `sql` is the statement's text, for error messages (GRDB's `Statement.sql` costs about 47 k instructions).
    init(cached: Statement, sql: String, _ db: Database) {
        sqlite3_reset(cached.sqliteStatement)
        sqlite3_clear_bindings(cached.sqliteStatement)
        self.db = db
        self.sql = sql
        self.statement = cached.sqliteStatement
        self.cachedStatement = cached
    }

    deinit {
        if cachedStatement == nil {
            sqlite3_finalize(statement)
        } else {
            // Ends the read at once (a statement left mid-rows would hold its read transaction open).
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
    }

    /// Binds a copy of `bytes` (SQLite copies them: `SQLITE_TRANSIENT`).
    func bind(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(statement, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
        }
    }

    /// Every remaining row, each made by `row` while it is current (room reserved for `expected` rows): the one
    /// loop of the scans that read a table in batches.
    func rows<Row>(expected: Int, _ row: (borrowing RawQuery) -> Row) throws -> [Row] {
        var result: [Row] = []
        result.reserveCapacity(max(expected, 0))
        while try next() { result.append(row(self)) }
        return result
    }

    /// The first row made by `row`, or nil when there is none: the one-row lookups.
    func first<Row>(_ row: (borrowing RawQuery) -> Row) throws -> Row? {
        try next() ? row(self) : nil
    }

    /// Steps to the next row; false when there is none.
    func next() throws -> Bool {
        let step = sqlite3_step(statement)
        if step == SQLITE_DONE { return false }
        guard step == SQLITE_ROW else { throw Self.error(step, db, sql) }
        return true
    }

    /// The column's bytes in the current row (a column that is not a BLOB reads as its text bytes or empty).
    func blob(_ column: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))))
    }

    /// The column as an integer in the current row; 0 when it is not an INTEGER.
    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_type(statement, column) == SQLITE_INTEGER ? sqlite3_column_int64(statement, column) : 0
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func error(_ code: Int32, _ db: Database, _ sql: String) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
