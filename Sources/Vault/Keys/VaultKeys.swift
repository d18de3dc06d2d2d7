import Foundation
package import Sodium

/// The unwrapped vault key and the subkeys derived from it, in guarded memory.
///
/// Invariants:
/// - Each purpose has its own subkey (`crypto_kdf`, context "iamvault", ids in `VaultFormat.SubkeyID`).
/// - Every sealed blob is sealed under a per-record key bound to (purpose, owner id, version): a ciphertext
///   moved to another record, version, purpose or vault fails its MAC and is reported as an integrity failure.
/// - The keys are wiped when the last reference goes away (`SecretBytes` deinit); `UnlockedVault.lock()`
///   drops the vault's reference.
public final class VaultKeys: Sendable {
    let vaultKey: SecretBytes
    private let recordsKey: SecretBytes
    private let nameIndexKey: SecretBytes
    private let fingerprintKey: SecretBytes
    /// The audit chain's MAC key (used by the audit log). Package access only: it is handed to an auditor
    /// solely through the audit module's deliberate `exportVerificationKey`.
    package let auditKey: SecretBytes

    init(vaultKey: consuming SecretBytes) throws {
        func subkey(_ id: UInt64, _ master: borrowing SecretBytes) throws -> SecretBytes {
            try KeyDerivation.deriveSubkey(byteCount: 32, id: id, context: VaultFormat.vaultKeyContext, from: master)
        }
        recordsKey = try subkey(VaultFormat.SubkeyID.records, vaultKey)
        nameIndexKey = try subkey(VaultFormat.SubkeyID.nameIndex, vaultKey)
        fingerprintKey = try subkey(VaultFormat.SubkeyID.fingerprint, vaultKey)
        auditKey = try subkey(VaultFormat.SubkeyID.audit, vaultKey)
        self.vaultKey = vaultKey
    }

    /// A fresh random vault key.
    static func generate() throws -> VaultKeys {
        try VaultKeys(vaultKey: try SecretBytes.random(count: VaultFormat.vaultKeyByteCount))
    }

    /// BLAKE2b-256 keyed with the records key over `prefix || 0 || purpose || 0 || owner || u64be(version)`.
    /// Package access: the audit log derives its sealing key once per operation, not once per entry.
    package func recordKey(_ purpose: RecordPurpose, owner: [UInt8], version: UInt64) throws -> SecretBytes {
        try GenericHash.deriveKey(Self.recordKeyMessage(purpose, owner: owner, version: version), key: recordsKey)
    }

    static func recordKeyMessage(_ purpose: RecordPurpose, owner: [UInt8], version: UInt64) -> [UInt8] {
        var message = Array(VaultFormat.recordKeyPrefix.utf8) + [0] + Array(purpose.rawValue.utf8) + [0] + owner
        message += withUnsafeBytes(of: version.bigEndian) { Array($0) }
        return message
    }

    /// Runs `body` with an opener of non-secret records that holds the records and name-index keys readable,
    /// and one guarded scratch region writable, for the whole call (`RecordOpener`). `list` opens every entry
    /// through one per batch: the guarded-memory system calls are paid once per batch, not once per record.
    func withRecordOpener<T>(_ body: (RecordOpener) throws -> T) throws -> T {
        var scratch = try SecretBytes(count: SecretBox.keyByteCount)
        return try recordsKey.withUnsafeBytes { records in
            try nameIndexKey.withUnsafeBytes { names in
                try scratch.withUnsafeMutableBytes { derived in
                    try body(RecordOpener(recordsKey: records, nameIndexKey: names, scratch: derived))
                }
            }
        }
    }

    /// Seals `plaintext` for its place in the vault.
    func seal(_ plaintext: [UInt8], _ purpose: RecordPurpose, owner: [UInt8], version: UInt64 = 0) throws -> [UInt8] {
        let key = try recordKey(purpose, owner: owner, version: version)
        return try plaintext.withUnsafeBytes { try SecretBox.seal($0, key: key) }
    }

    /// Seals a secret for its place in the vault without copying it out of guarded memory.
    func seal(secret: borrowing SecretBytes, _ purpose: RecordPurpose, owner: [UInt8], version: UInt64) throws -> [UInt8] {
        let key = try recordKey(purpose, owner: owner, version: version)
        return try SecretBox.seal(secret, key: key)
    }

    /// Opens a blob sealed for this place; any mismatch (tampering, a blob moved from elsewhere, another
    /// vault's key) is an integrity failure naming `what`.
    func open(_ sealed: [UInt8], _ purpose: RecordPurpose, owner: [UInt8], version: UInt64 = 0, what: String) throws -> SecretBytes {
        let key = try recordKey(purpose, owner: owner, version: version)
        do {
            return try SecretBox.open(sealed, key: key)
        } catch is SodiumError {
            throw VaultError(.integrityFailure(what: what))
        }
    }

    /// Opens a non-secret blob (metadata) straight into an ordinary array, with the same authentication as
    /// `open` but without a guarded-memory region per record (several system calls each; `list` opens every
    /// entry). Never for secret values or keys.
    func openPublic(_ sealed: [UInt8], _ purpose: RecordPurpose, owner: [UInt8], version: UInt64 = 0, what: String) throws -> [UInt8] {
        try withRecordOpener { try $0.openPublic(sealed, purpose, owner: owner, version: version, what: what) }
    }

    /// The blind index of an entry name: keyed BLAKE2b-256 of its normalized form.
    func nameIndex(for name: String) throws -> [UInt8] {
        try GenericHash.keyedHash(Self.nameIndexMessage(name), key: nameIndexKey)
    }

    static func nameIndexMessage(_ name: String) -> [UInt8] {
        Array(VaultFormat.nameIndexPrefix.utf8) + [0] + Array(normalizedName(name).utf8)
    }

    /// The keyed fingerprint of a secret value, used to refuse capturing the same value twice.
    func fingerprint(of value: borrowing SecretBytes) throws -> [UInt8] {
        let prefix = Array(VaultFormat.fingerprintPrefix.utf8) + [0]
        let message = try SecretBytes(count: prefix.count + value.count) { out in
            for (index, byte) in prefix.enumerated() { out[index] = byte }
            value.withUnsafeBytes { bytes in
                UnsafeMutableRawBufferPointer(rebasing: out[prefix.count...]).copyMemory(from: bytes)
            }
        }
        return try GenericHash.keyedHash(of: message, key: fingerprintKey)
    }

    /// Names are unique regardless of case: Unicode NFC, then lower case.
    static func normalizedName(_ name: String) -> String {
        // ASCII is already in NFC: skip Foundation's normalization (5% of `list`, run for every entry).
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return name.lowercased() }
        return name.precomposedStringWithCanonicalMapping.lowercased()
    }
}
