import Foundation
package import Sodium
import Synchronization

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
    /// Guarded regions for per-record keys and working copies, reused from one operation to the next and
    /// zeroed between them (`GuardedScratchPool`): no new `sodium_malloc` per record key.
    private let scratch = GuardedScratchPool(regionByteCount: VaultKeys.scratchByteCount)
    /// The audit log's sealing key (a record key of the vault id), derived once: it does not change for the
    /// life of these keys.
    private let auditSealKey = Mutex<(owner: [UInt8], key: SharedKey)?>(nil)

    /// The vault metadata last opened or sealed with these keys (`OpenedMetadataMemo`).
    let metadataMemo = OpenedMetadataMemo()

    /// Room for one record key and a working copy of a typical secret value (longer ones get their own region).
    static let scratchByteCount = 1024

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

    /// The audit entries' sealing key (`recordKey(.auditEntry, owner: vaultID, version: 0)`), derived on first
    /// use and kept, in guarded memory, as long as these keys.
    package func auditEntryKey(vaultID: [UInt8]) throws -> SharedKey {
        try auditSealKey.withLock { cached in
            if let cached, cached.owner == vaultID { return cached.key }
            let key = SharedKey(try recordKey(.auditEntry, owner: vaultID, version: 0))
            cached = (vaultID, key)
            return key
        }
    }

    /// Runs `body` with the per-record key of (purpose, owner, version) derived into a guarded scratch region,
    /// held readable for the call and zeroed after it.
    private func withRecordKey<T: ~Copyable>(
        _ purpose: RecordPurpose, owner: [UInt8], version: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        try scratch.withRegion { region in
            let key = UnsafeMutableRawBufferPointer(rebasing: region[0..<SecretBox.keyByteCount])
            try recordsKey.withUnsafeBytes { records in
                try GenericHash.keyedHash(Self.recordKeyMessage(purpose, owner: owner, version: version), rawKey: records, into: key)
            }
            return try body(UnsafeRawBufferPointer(key))
        }
    }

    static func recordKeyMessage(_ purpose: RecordPurpose, owner: [UInt8], version: UInt64) -> [UInt8] {
        // One allocation (this runs twice per entry in `list`): prefix || 0 || purpose || 0 || owner || u64be.
        var message = [UInt8]()
        message.reserveCapacity(recordKeyPrefixBytes.count + purpose.rawValue.utf8.count + 1 + owner.count + 8)
        message.append(contentsOf: recordKeyPrefixBytes)
        message.append(contentsOf: purpose.rawValue.utf8)
        message.append(0)
        message.append(contentsOf: owner)
        withUnsafeBytes(of: version.bigEndian) { message.append(contentsOf: $0) }
        return message
    }

    private static let recordKeyPrefixBytes = Array(VaultFormat.recordKeyPrefix.utf8) + [0]
    private static let nameIndexPrefixBytes = Array(VaultFormat.nameIndexPrefix.utf8) + [0]

    /// Runs `body` with an opener of non-secret records that holds the records and name-index keys readable,
    /// and one guarded scratch region writable, for the whole call (`RecordOpener`). `list` opens every entry
    /// through one per batch: the guarded-memory system calls are paid once per batch, not once per record.
    func withRecordOpener<T>(_ body: (RecordOpener) throws -> T) throws -> T {
        try scratch.withRegion { region in
            let derived = UnsafeMutableRawBufferPointer(rebasing: region[0..<SecretBox.keyByteCount])
            return try recordsKey.withUnsafeBytes { records in
                try nameIndexKey.withUnsafeBytes { names in
                    try body(RecordOpener(recordsKey: records, nameIndexKey: names, scratch: derived))
                }
            }
        }
    }

    /// Seals `plaintext` for its place in the vault.
    func seal(_ plaintext: [UInt8], _ purpose: RecordPurpose, owner: [UInt8], version: UInt64 = 0) throws -> [UInt8] {
        try withRecordKey(purpose, owner: owner, version: version) { key in
            try plaintext.withUnsafeBytes { try SecretBox.seal($0, rawKey: key) }
        }
    }

    /// Seals a secret for its place in the vault without copying it out of guarded memory.
    func seal(secret: borrowing SecretBytes, _ purpose: RecordPurpose, owner: [UInt8], version: UInt64) throws -> [UInt8] {
        try withRecordKey(purpose, owner: owner, version: version) { key in
            try secret.withUnsafeBytes { try SecretBox.seal($0, rawKey: key) }
        }
    }

    /// Opens a blob sealed for this place; any mismatch (tampering, a blob moved from elsewhere, another
    /// vault's key) is an integrity failure naming `what`.
    func open(_ sealed: [UInt8], _ purpose: RecordPurpose, owner: [UInt8], version: UInt64 = 0, what: String) throws -> SecretBytes {
        try withRecordKey(purpose, owner: owner, version: version) { key in
            do {
                return try SecretBox.open(sealed, rawKey: key)
            } catch is SodiumError {
                throw VaultError(.integrityFailure(what: what))
            }
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
        let normalized = normalizedName(name)
        var message = [UInt8]()
        message.reserveCapacity(nameIndexPrefixBytes.count + normalized.utf8.count)
        message.append(contentsOf: nameIndexPrefixBytes)
        message.append(contentsOf: normalized.utf8)
        return message
    }

    /// The keyed fingerprint of a secret value, used to refuse capturing the same value twice.
    func fingerprint(of value: borrowing SecretBytes) throws -> [UInt8] {
        let prefix = Self.fingerprintPrefix
        if prefix.count + value.count <= Self.scratchByteCount {
            // The message (prefix || value) is assembled in a scratch region: guarded, and zeroed after.
            return try scratch.withRegion { region in
                region.copyBytes(from: prefix)
                value.withUnsafeBytes { bytes in
                    UnsafeMutableRawBufferPointer(rebasing: region[prefix.count...]).copyMemory(from: bytes)
                }
                let message = UnsafeRawBufferPointer(rebasing: region[0..<(prefix.count + value.count)])
                return try fingerprintKey.withUnsafeBytes { key in try GenericHash.keyedHash(message, rawKey: key) }
            }
        }
        let message = try SecretBytes(count: prefix.count + value.count) { out in
            for (index, byte) in prefix.enumerated() { out[index] = byte }
            value.withUnsafeBytes { bytes in
                UnsafeMutableRawBufferPointer(rebasing: out[prefix.count...]).copyMemory(from: bytes)
            }
        }
        return try GenericHash.keyedHash(of: message, key: fingerprintKey)
    }

    static let fingerprintPrefix = Array(VaultFormat.fingerprintPrefix.utf8) + [0]

    /// Names are unique regardless of case: Unicode NFC, then lower case.
    static func normalizedName(_ name: String) -> String {
        // ASCII is already in NFC: skip Foundation's normalization (5% of `list`, run for every entry).
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return name.lowercased() }
        return name.precomposedStringWithCanonicalMapping.lowercased()
    }
}
