import Foundation
public import Sodium
public import Vault

extension AuditLog {
    /// Creates a vault (`Vault.create`) whose first audit entry, `vault.created`, is written in the creating
    /// transaction: a vault never exists without the start of its chain.
    public func createVault(
        at path: String, passphrase: borrowing SecretBytes, kdf: KDFParameters = .moderate, actor: AuditActor
    ) throws -> CreatedVault {
        let now = time.now()
        return try Vault.create(at: path, passphrase: passphrase, kdf: kdf, now: now) { writer in
            try record(AuditEvent(.vaultCreated, actor: actor), in: writer)
        }
    }

    /// Changes the passphrase and records `vault.passphrase_changed` in the same transaction.
    public func changePassphrase(
        of vault: UnlockedVault, to newPassphrase: borrowing SecretBytes, kdf: KDFParameters = .moderate, actor: AuditActor
    ) throws {
        try vault.changePassphrase(to: newPassphrase, kdf: kdf) { writer in
            try record(AuditEvent(.passphraseChanged, actor: actor), in: writer)
        }
    }

    /// Rekeys the vault (`UnlockedVault.rekey`): reseals and re-MACs the whole chain under the new keys and
    /// records `vault.rekeyed`, all in the rekey's single transaction. Returns the new recovery key.
    ///
    /// Refuses (throws `chainBroken`, and nothing changes) when the chain does not verify: re-MACing a
    /// tampered chain under a new key would erase the evidence.
    public func rekey(
        _ vault: UnlockedVault, passphrase: borrowing SecretBytes, kdf: KDFParameters = .moderate, actor: AuditActor
    ) throws -> RecoveryKey {
        let now = time.now()
        return try vault.rekey(passphrase: passphrase, kdf: kdf, now: now) { old, newKeys in
            try reseal(from: old, to: newKeys)
            try record(AuditEvent(.vaultRekeyed, actor: actor), in: VaultWriter(storageWriter: old.storageWriter, keys: newKeys))
        }
    }

    /// Reseals and re-MACs every entry under `newKeys` in `old`'s transaction and stores the new head. For
    /// `UnlockedVault.rekey`'s `resealExtra`, after the vault metadata has been resealed (it is read with the
    /// new keys, or with the old ones if not yet). The old chain is verified on the way; a broken chain
    /// throws `chainBroken` and so aborts the rekey.
    public func reseal(from old: VaultWriter, to newKeys: VaultKeys) throws {
        let new = VaultWriter(storageWriter: old.storageWriter, keys: newKeys)
        var metadata = try (try? new.vaultMetadata()) ?? old.vaultMetadata()
        let vaultID = try auditRead { try old.storageWriter.header().vaultID }
        let oldKeys = try AuditKeys(old.keys, vaultID: vaultID)
        let newAuditKeys = try AuditKeys(newKeys, vaultID: vaultID)
        var previous = AuditMAC.genesis
        var scratch = [UInt8]()
        var newHead: AuditHead?
        let result = try newAuditKeys.withKeysOpen {
            try auditWrite {
                try AuditChainVerifier.verify(
                    reader: old.storageWriter, keys: oldKeys, recordedHead: metadata.extensions[AuditHead.extensionKey], anchor: nil
                ) { row, canonical in
                    let mac = try newAuditKeys.mac(previous: previous, canonical: canonical, scratch: &scratch)
                    try old.storageWriter.replaceAuditEntry(
                        StoredAuditEntry(seq: row.seq, sealedEntry: try newAuditKeys.seal(canonical), mac: mac))
                    previous = mac
                    newHead = AuditHead(seq: Int(row.seq), mac: mac)
                }
            }
        }
        if case .broken(let seq, let problem) = result {
            throw AuditError(.chainBroken(seq: seq, problem: problem))
        }
        if let newHead { metadata.extensions[AuditHead.extensionKey] = newHead.description }
        try auditWrite { try new.updateVaultMetadata(metadata) }
    }
}
