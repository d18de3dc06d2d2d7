/// Storage errors caught *inside* a transaction, in the vault's own words.
///
/// A storage writer's methods throw the engine's raw errors; `VaultStorage.write` translates them when they
/// leave the transaction. A module that must wrap such an error in its own (the audit log saying "the entry
/// could not be written, so the operation was not performed") calls this first, so no raw SQLite code reaches
/// a user.
package enum StorageFailure {
    package static func vaultError(from error: any Error) -> VaultError? {
        if let error = error as? VaultError { return error }
        let translated = SQLiteErrors.translate(error, path: "the vault file")
        if let error = translated as? VaultError { return error }
        guard let storageError = translated as? VaultStorageError else { return nil }
        do {
            return try storageCall { () throws -> VaultError? in throw storageError }
        } catch let error as VaultError {
            return error
        } catch {
            return nil
        }
    }
}
