import Foundation

/// Reseals every record from one key to another inside a single write transaction (used by rekey).
///
/// Secret rows are deleted and inserted again rather than updated: the write-once trigger forbids any
/// UPDATE of a sealed value, and a rekey is exactly "same value, new ciphertext, new fingerprint".
enum VaultResealer {
    static func reseal(from old: VaultWriter, to new: VaultWriter, now: Date) throws {
        var metadata = try old.vaultMetadata()
        metadata.rekeyedAt = now
        for entry in try old.entries() {
            let versions = try old.secretVersions(of: entry.id)
            var values: [(SecretVersionRecord, [UInt8])] = []
            for record in versions {
                let value = try old.openSecret(of: entry.id, version: record.version)
                let sealedValue = try new.keys.seal(secret: value, .secretValue, owner: entry.id.bytes, version: UInt64(record.version))
                let fingerprint = try new.keys.fingerprint(of: value)
                values.append((record, sealedValue + fingerprint))
            }
            try new.updateEntry(id: entry.id, name: entry.name, payload: entry.payload)
            for (record, sealedAndFingerprint) in values {
                let sealedValue = Array(sealedAndFingerprint.dropLast(32))
                let fingerprint = Array(sealedAndFingerprint.suffix(32))
                try storageCall {
                    try new.storageWriter.deleteSecretVersion(entryID: entry.id.bytes, version: record.version)
                    try new.storageWriter.insertSecretVersion(StoredSecretVersion(
                        entryID: entry.id.bytes, version: record.version, fingerprint: fingerprint, sealedValue: sealedValue,
                        sealedMetadata: try new.keys.seal(record.metadata, .secretMetadata, owner: entry.id.bytes, version: UInt64(record.version))))
                }
            }
        }
        try new.updateVaultMetadata(metadata)
    }
}
