import Sodium
import Vault

/// The keys of one audit operation and the two things done with them: sealing an entry at rest, and the
/// chain MAC.
///
/// - Sealing: `K_auditseal = K_rec(audit-entry, vault_id, 0)`, derived **once per unlocked vault** (`VaultKeys.auditEntryKey`; not per entry,
///   so verifying a million entries does not derive a million keys). One key for every entry is safe because
///   the canonical plaintext holds the entry's own seq: a ciphertext moved to another seq opens, but names
///   the wrong position, and is reported as reordered.
/// - MAC: `mac_n = BLAKE2b-256(key = K_audit, "iamvault/v1/audit" || 0x00 || mac_(n-1) || canonical_n)`,
///   with 32 zero bytes before the first entry. Keyed BLAKE2b is a PRF and resists length extension.
///   K_audit is an independent `crypto_kdf` subkey of the vault key: holding it lets an auditor check (and
///   forge) MACs, never open a sealed record.
struct AuditKeys: Sendable {
    let sealKey: SharedKey
    let vaultKeys: VaultKeys

    init(_ keys: VaultKeys, vaultID: [UInt8]) throws {
        sealKey = try keys.auditEntryKey(vaultID: vaultID)
        vaultKeys = keys
    }

    func seal(_ canonical: [UInt8]) throws -> [UInt8] {
        try canonical.withUnsafeBytes { try SecretBox.seal($0, key: sealKey.bytes) }
    }

    /// The canonical bytes, or nil when the box does not authenticate under this vault's audit seal key.
    func open(_ sealed: [UInt8]) -> [UInt8]? {
        try? SecretBox.openNonSecret(sealed, key: sealKey.bytes)
    }

    func mac(previous: [UInt8], canonical: [UInt8], scratch: inout [UInt8]) throws -> [UInt8] {
        try AuditMAC.compute(previous: previous, canonical: canonical, key: vaultKeys.auditKey, scratch: &scratch)
    }

    /// Runs `body` with both keys' guarded pages held readable, so the per-entry calls inside do not each
    /// change page protections (a system call apiece): what makes bulk verification fast.
    func withKeysOpen<T>(_ body: () throws -> T) throws -> T {
        try sealKey.bytes.withUnsafeBytes { _ in try vaultKeys.auditKey.withUnsafeBytes { _ in try body() } }
    }
}

/// Constants of the chain MAC (docs/format.md §5.4).
public enum AuditMAC {
    public static let byteCount = 32
    /// `"iamvault/v1/audit" || 0x00`.
    static let prefix: [UInt8] = Array("iamvault/v1/audit".utf8) + [0]
    /// The "previous MAC" of the first entry.
    public static let genesis = [UInt8](repeating: 0, count: byteCount)

    /// `BLAKE2b-256(key, prefix || previous || canonical)`; `scratch` is reused between entries.
    static func compute(previous: [UInt8], canonical: [UInt8], key: borrowing SecretBytes, scratch: inout [UInt8]) throws -> [UInt8] {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: prefix)
        scratch.append(contentsOf: previous)
        scratch.append(contentsOf: canonical)
        return try GenericHash.keyedHash(scratch, key: key)
    }
}
