import GRDB

/// Turns GRDB/SQLite failures into the vault's own errors, so no raw result code reaches a caller.
enum SQLiteErrors {
    static func translate(_ error: any Error, path: String) -> any Error {
        if error is VaultError || error is VaultStorageError { return error }
        guard let database = error as? DatabaseError else { return error }
        switch database.resultCode {
        case .SQLITE_CONSTRAINT:
            if database.message?.contains("write-once") == true { return VaultStorageError.writeOnceViolation }
            if database.extendedResultCode == .SQLITE_CONSTRAINT_TRIGGER {
                // Another trigger (the audit table's append-only guard, or one an administrator added) refused
                // the write: say so rather than blame a secret value.
                return VaultError(.storageFailure(reason: "the database refused the change (\(database.message ?? "a trigger"))"))
            }
            return VaultStorageError.duplicate(what: database.message ?? "a unique value")
        case .SQLITE_NOTADB:
            return VaultError(.notAVault(path: path, reason: "it is not an SQLite database"))
        case .SQLITE_CORRUPT:
            return VaultError(.integrityFailure(what: "the vault file is damaged (SQLite reports a malformed database)"))
        case .SQLITE_FULL:
            return VaultError(.storageFailure(reason: "the disk is full; nothing was written"))
        case .SQLITE_READONLY:
            return VaultError(.storageFailure(reason: "the vault file or its folder is read-only; nothing was written"))
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return VaultError(.storageFailure(reason: "another process kept the vault busy for too long; nothing was written"))
        case .SQLITE_CANTOPEN:
            return VaultError(.storageFailure(reason: "the vault file cannot be opened"))
        case .SQLITE_IOERR:
            return VaultError(.storageFailure(reason: "an I/O error occurred (a full disk, a file-size limit or a failing disk); nothing was written"))
        case .SQLITE_ERROR where database.message?.contains("no such table") == true:
            return VaultError(.notAVault(path: path, reason: "its tables are missing"))
        default:
            return VaultError(.storageFailure(reason: database.message ?? "SQLite error \(database.resultCode.rawValue)"))
        }
    }
}
