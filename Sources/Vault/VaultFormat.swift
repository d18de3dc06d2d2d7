/// The constants of on-disk format version 1 (docs/format.md is the normative description).
///
/// Changing any value here changes the format: bump `version` and keep a reader for the old one.
enum VaultFormat {
    /// `PRAGMA user_version` and `vault.format_version`.
    static let version = 1
    /// `PRAGMA application_id`: the ASCII bytes "iavt", so `file(1)`-style tools can tell a vault apart.
    static let applicationID: Int32 = 0x6961_7674

    /// Why a file with these header values is not a vault this code opens, or nil when it is one. The one place
    /// that says it, for the raw header read before SQLite opens the file and for SQLite's answer after.
    static func refusal(applicationID: Int32, version: Int, path: String) -> VaultError? {
        if applicationID != Self.applicationID {
            return VaultError(.notAVault(path: path, reason: "it is an SQLite database of another application"))
        }
        if version > Self.version { return VaultError(.unsupportedFormatVersion(found: version, supported: Self.version)) }
        if version < 1 { return VaultError(.notAVault(path: path, reason: "its format version \(version) is not valid")) }
        return nil
    }

    static let vaultKeyByteCount = 32
    static let vaultIDByteCount = 16
    static let entryIDByteCount = 16
    static let saltByteCount = 16

    /// `crypto_kdf` context for every subkey of the vault key.
    static let vaultKeyContext = "iamvault"
    /// `crypto_kdf` context for the recovery slot's key-encryption key.
    static let recoveryContext = "ivrecovr"

    /// Subkey ids under `vaultKeyContext` (one key, one purpose).
    enum SubkeyID {
        static let records: UInt64 = 1
        static let nameIndex: UInt64 = 2
        static let fingerprint: UInt64 = 3
        static let audit: UInt64 = 4
    }

    /// Prefix of every message hashed to derive a per-record key.
    static let recordKeyPrefix = "iamvault/v1/record"
    /// Prefix of the blind-index message.
    static let nameIndexPrefix = "iamvault/v1/name"
    /// Prefix of the fingerprint message.
    static let fingerprintPrefix = "iamvault/v1/fingerprint"
    /// Prefix of the key-slot checksum message.
    static let slotChecksumPrefix = "iamvault/v1/slot"
    /// Prefix of the recovery-key checksum message.
    static let recoveryChecksumPrefix = "iamvault/v1/recovery"

    /// The KDF names stored in `key_slot.kdf`.
    static let argon2idName = "argon2id13"
    static let recoveryKDFName = "kdf-blake2b"
}
