/// The two ways into a vault. Both wrap the same vault key.
public enum KeySlotKind: String, Sendable, CaseIterable {
    /// Argon2id(passphrase) wraps the vault key.
    case passphrase
    /// A random 32-byte recovery key, shown once, wraps the vault key.
    case recovery
}
