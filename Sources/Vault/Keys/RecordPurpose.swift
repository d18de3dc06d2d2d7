/// What a sealed blob is; part of the per-record key derivation, so a blob sealed for one purpose (or one
/// record) cannot be opened as another.
public enum RecordPurpose: String, Sendable, CaseIterable {
    case vaultMetadata = "vault-metadata"
    case entryMetadata = "entry-metadata"
    case secretValue = "secret-value"
    case secretMetadata = "secret-metadata"
    case auditEntry = "audit-entry"
}
