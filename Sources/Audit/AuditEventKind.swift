/// Every security-relevant event iamvault records. The raw values are the `event` field of an exported entry
/// and are stable: docs/audit.md describes each one.
public enum AuditEventKind: String, Codable, Sendable, CaseIterable {
    // The vault
    case vaultCreated = "vault.created"
    case vaultUnlocked = "vault.unlocked"
    case vaultUnlockFailed = "vault.unlock_failed"
    case vaultLocked = "vault.locked"
    case passphraseChanged = "vault.passphrase_changed"
    case vaultRekeyed = "vault.rekeyed"
    case recoveryUsed = "vault.recovery_used"
    // Accounts
    case accountAdded = "account.added"
    case accountEdited = "account.edited"
    case accountEnabled = "account.enabled"
    case accountDisabled = "account.disabled"
    case accountRemoved = "account.removed"
    // Secrets
    case secretCaptured = "secret.captured"
    case secretRotated = "secret.rotated"
    case secretRetired = "secret.retired"
    case secretShredded = "secret.shredded"
    // Credential handles and how a secret left the vault
    case handleOpened = "handle.opened"
    case handleRefused = "handle.refused"
    case secretReleased = "secret.released"
    // Azure
    case azureVerified = "azure.verified"
    case azureRotationStep = "azure.rotation_step"
    // The log itself
    case auditExported = "audit.exported"
    case auditVerified = "audit.verified"
}
