public import Vault

extension AuditLog {
    /// Verifies the whole chain against the head sealed with the vault metadata (and against `anchor`, a
    /// head printed earlier and kept elsewhere, if given), streaming it in batches; then records
    /// `audit.verified` with the result.
    ///
    /// Returns `.intact(count:)` or `.broken(seq:problem:)` for the first bad entry. When the chain is so
    /// damaged that nothing can be appended (its head is missing or rolled back), the result is still
    /// returned: reporting the damage matters more than recording that it was looked at. Any other failure
    /// to record throws, as every audit write does.
    public func verify(vault: UnlockedVault, actor: AuditActor, anchor: AuditHead? = nil) throws -> AuditVerification {
        let result = try vault.read { reader in try Self.verify(reader, anchor: anchor) }
        var details = ["result": result.isIntact ? "intact" : "broken"]
        switch result {
        case .intact(let count):
            details["count"] = String(count)
        case .broken(let seq, let problem):
            details["seq"] = String(seq)
            details["problem"] = problem.kind.rawValue
        }
        do {
            try record(AuditEvent(.auditVerified, details: details, actor: actor), vault: vault)
        } catch let error as AuditError {
            guard case .chainBroken = error.kind, !result.isIntact else { throw error }
        }
        return result
    }

    static func verify(_ reader: VaultReader, anchor: AuditHead?) throws -> AuditVerification {
        let metadata = try reader.vaultMetadata()
        let vaultID = try auditRead { try reader.storageReader.header().vaultID }
        let keys = try AuditKeys(reader.keys, vaultID: vaultID)
        return try auditRead {
            try AuditChainVerifier.verify(
                reader: reader.storageReader, keys: keys, recordedHead: metadata.extensions[AuditHead.extensionKey], anchor: anchor)
        }
    }
}
