public import Sodium

/// What a passphrase must be. Checked on every new passphrase (creation, change, recovery) and, for
/// length only, on every unlock attempt so that a huge input is refused before the KDF runs.
public enum PassphrasePolicy {
    public static let minimumByteCount = 8
    public static let maximumByteCount = 1024

    /// Throws `passphraseRejected` unless `passphrase` may protect a vault.
    public static func validateNew(_ passphrase: borrowing SecretBytes) throws {
        try validateForUnlock(passphrase)
        guard passphrase.count >= minimumByteCount else {
            throw VaultError(.passphraseRejected(reason: "it is shorter than \(minimumByteCount) bytes"))
        }
    }

    /// Throws `passphraseRejected` for an empty or over-long passphrase (nothing is derived from it).
    public static func validateForUnlock(_ passphrase: borrowing SecretBytes) throws {
        guard passphrase.count > 0 else {
            throw VaultError(.passphraseRejected(reason: "it is empty"))
        }
        guard passphrase.count <= maximumByteCount else {
            throw VaultError(.passphraseRejected(reason: "it is longer than \(maximumByteCount) bytes"))
        }
    }
}
