public import Vault

extension AuditLog {
    /// The entries matching `query`, oldest first, each opened and authenticated (it opens under the audit
    /// seal key and holds its own seq). This does not check the chain: that is `verify`'s job.
    ///
    /// Throws `chainBroken` at the first entry that cannot be opened, rather than skip it silently.
    public func entries(in vault: UnlockedVault, matching query: AuditQuery = AuditQuery()) throws -> [AuditEntry] {
        try vault.read { reader in
            var result: [AuditEntry] = []
            try Self.walk(reader) { entry in
                if query.matches(entry) { result.append(entry) }
            }
            return result
        }
    }

    /// The sealed head of the chain, or nil before the first entry. Print it and keep it elsewhere to anchor
    /// the log against a rollback of the whole file (`verify(vault:actor:anchor:)`).
    public func head(of vault: UnlockedVault) throws -> AuditHead? {
        try vault.read { reader in
            try reader.vaultMetadata().extensions[AuditHead.extensionKey].flatMap(AuditHead.init)
        }
    }

    /// Opens every stored entry in seq order, in batches.
    static func walk(_ reader: VaultReader, _ body: (AuditEntry) throws -> Void) throws {
        let vaultID = try auditRead { try reader.storageReader.header().vaultID }
        let keys = try AuditKeys(reader.keys, vaultID: vaultID)
        var next: Int64 = 1
        var previousMAC = AuditMAC.genesis
        try keys.withKeysOpen {
            while true {
                let batch = try auditRead { try reader.storageReader.auditEntries(fromSeq: next, limit: AuditChainVerifier.batchSize) }
                guard let last = batch.last else { return }
                for row in batch {
                    guard let canonical = keys.open(row.sealedEntry), let record = AuditRecord(canonical: canonical) else {
                        throw AuditError(.chainBroken(seq: Int(row.seq), problem: AuditProblem(.edited, "the entry cannot be opened")))
                    }
                    guard record.seq == row.seq else {
                        throw AuditError(.chainBroken(seq: Int(row.seq), problem: AuditProblem(.reordered, "it holds entry \(record.seq)")))
                    }
                    try body(AuditEntry(record: record, mac: row.mac, previousMAC: previousMAC))
                    previousMAC = row.mac
                }
                guard last.seq < Int64(AuditHead.maximumSeq) else { return }
                next = last.seq + 1
            }
        }
    }
}

/// Storage reads inside the audit module, with raw engine errors in the vault's words.
func auditRead<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as AuditError {
        throw error
    } catch {
        throw StorageFailure.vaultError(from: error) ?? error
    }
}
