/// A vault failure, written for the person at the keyboard: `message` says what went wrong, `hint` what to do.
///
/// Distinct situations get distinct kinds, because the right response differs: a wrong passphrase is retried,
/// a damaged key slot is restored from backup, a file that is not a vault is a wrong path, and an integrity
/// failure means the file was changed by something other than iamvault. No message ever contains a
/// passphrase, a key or a secret value.
public struct VaultError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case vaultNotFound(path: String)
        case vaultAlreadyExists(path: String)
        case notAVault(path: String, reason: String)
        case unsupportedFormatVersion(found: Int, supported: Int)
        case insecurePermissions(path: String, mode: UInt32)
        case wrongPassphrase
        case wrongRecoveryKey
        case malformedRecoveryKey(reason: String)
        case damagedKeySlot(slot: String, reason: String)
        case integrityFailure(what: String)
        case kdfParametersRejected(reason: String)
        case passphraseRejected(reason: String)
        case duplicateName
        case duplicateSecretValue
        case entryNotFound
        case secretVersionNotFound(version: Int)
        case writeOnceViolation
        case locked
        case storageFailure(reason: String)
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var description: String { message }

    /// One line: what went wrong.
    public var message: String {
        switch kind {
        case .vaultNotFound(let path): return "no vault at \(path)"
        case .vaultAlreadyExists(let path): return "a vault already exists at \(path)"
        case .notAVault(let path, let reason): return "\(path) is not an iamvault vault (\(reason))"
        case .unsupportedFormatVersion(let found, let supported):
            return "the vault uses format version \(found), but this iamvault reads only up to version \(supported)"
        case .insecurePermissions(let path, let mode):
            return "\(path) is accessible to other users (mode \(String(mode & 0o777, radix: 8)))"
        case .wrongPassphrase: return "wrong passphrase"
        case .wrongRecoveryKey: return "wrong recovery key"
        case .malformedRecoveryKey(let reason): return "that is not a valid recovery key: \(reason)"
        case .damagedKeySlot(let slot, let reason): return "the \(slot) key slot is damaged: \(reason)"
        case .integrityFailure(let what): return "integrity check failed: \(what)"
        case .kdfParametersRejected(let reason): return "key-derivation parameters refused: \(reason)"
        case .passphraseRejected(let reason): return "passphrase refused: \(reason)"
        case .duplicateName: return "an entry with that name already exists (names are compared without case)"
        case .duplicateSecretValue: return "that secret value is already stored in this vault"
        case .entryNotFound: return "no such entry"
        case .secretVersionNotFound(let version): return "no secret version \(version)"
        case .writeOnceViolation: return "a stored secret value cannot be changed"
        case .locked: return "the vault is locked"
        case .storageFailure(let reason): return "the vault file could not be read or written: \(reason)"
        }
    }

    /// One line: what to do about it.
    public var hint: String {
        switch kind {
        case .vaultNotFound: return "create one with `iamvault init`, or point IAMVAULT_PATH / --vault at an existing vault"
        case .vaultAlreadyExists: return "choose another path; an existing vault is never overwritten"
        case .notAVault: return "check the path; if this was a vault, restore it from a backup"
        case .unsupportedFormatVersion: return "upgrade iamvault to open this vault"
        case .insecurePermissions(let path, _): return "run `chmod 600 \(path)` (and `chmod 700` on its folder)"
        case .wrongPassphrase: return "try again; if it is lost, use `iamvault recover` with the recovery key"
        case .wrongRecoveryKey: return "check the recovery key you saved when the vault was created"
        case .malformedRecoveryKey: return "type the key as shown at creation: groups of letters A-Z and digits 2-7"
        case .damagedKeySlot: return "the file was damaged on disk; restore the vault from a backup"
        case .integrityFailure: return "the vault was modified outside iamvault; restore it from a backup and investigate"
        case .kdfParametersRejected: return "use at least --kdf-ops 2 and --kdf-memory 64 (MiB), at most 4096 MiB"
        case .passphraseRejected: return "choose a passphrase of 8 to 1024 bytes"
        case .duplicateName: return "choose another name, or edit the existing entry"
        case .duplicateSecretValue: return "each secret value is captured once; create a new secret in Azure for a new version"
        case .entryNotFound: return "list the entries with `iamvault list`"
        case .secretVersionNotFound: return "show the versions with `iamvault show NAME`"
        case .writeOnceViolation: return "capture a new value as a new version (`iamvault rotate`)"
        case .locked: return "unlock the vault with `iamvault unlock`"
        case .storageFailure: return "check free disk space and the file's permissions, then retry"
        }
    }
}
