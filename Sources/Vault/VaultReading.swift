public import Sodium

/// Reads of sealed vault content, shared by read and write transactions.
///
/// Every value returned has been authenticated: a blob that fails its MAC, a blob moved from another record,
/// or an entry whose sealed name does not match the blind index it was found under, is an integrity failure.
public protocol VaultReading {
    var storageReader: any VaultStorageReader { get }
    var keys: VaultKeys { get }
}

extension VaultReading {
    /// The vault's sealed metadata. A box these keys opened or sealed last is not opened again
    /// (`OpenedMetadataMemo`); any other is opened, decoded and checked in full.
    public func vaultMetadata() throws -> VaultMetadata {
        try storageCall {
            let header = try storageReader.header()
            if let known = keys.metadataMemo.metadata(sealed: header.sealedMetadata, owner: header.vaultID) { return known }
            let plaintext = try keys.openPublic(header.sealedMetadata, .vaultMetadata, owner: header.vaultID, what: "the vault metadata")
            let metadata = try VaultMetadata.decode(plaintext)
            guard metadata.vaultID == EntryID(bytes: header.vaultID).description else {
                throw VaultError(.integrityFailure(what: "the vault metadata belongs to another vault"))
            }
            keys.metadataMemo.remember(sealed: header.sealedMetadata, owner: header.vaultID, metadata: metadata)
            return metadata
        }
    }

    /// The entry called `name` (compared without case), or nil.
    public func entry(named name: String) throws -> VaultEntry? {
        try storageCall {
            guard let stored = try storageReader.entry(nameIndex: try keys.nameIndex(for: name)) else { return nil }
            let entry = try open(stored)
            guard VaultKeys.normalizedName(entry.name) == VaultKeys.normalizedName(name) else {
                throw VaultError(.integrityFailure(what: "an entry was found under another entry's name"))
            }
            return entry
        }
    }

    /// The entry with `id`, or nil.
    public func entry(id: EntryID) throws -> VaultEntry? {
        try storageCall { try storageReader.entry(id: id.bytes).map(open) }
    }

    /// Every entry, sorted by name.
    public func entries() throws -> [VaultEntry] {
        try storageCall { try storageReader.entries().map(open).sorted { $0.name.lowercased() < $1.name.lowercased() } }
    }

    /// How many entries the vault holds (no decryption).
    public func entryCount() throws -> Int {
        try storageCall { try storageReader.entryCount() }
    }

    /// The versions of an entry's secret, oldest first, without their values.
    public func secretVersions(of entryID: EntryID) throws -> [SecretVersionRecord] {
        try storageCall {
            try storageReader.secretVersions(entryID: entryID.bytes).map { stored in
                let metadata = try keys.openPublic(
                    stored.sealedMetadata, .secretMetadata, owner: stored.entryID, version: UInt64(stored.version),
                    what: "the metadata of secret version \(stored.version)")
                return SecretVersionRecord(entryID: entryID, version: stored.version, metadata: metadata)
            }
        }
    }

    /// Opens one secret value into guarded memory.
    public func openSecret(of entryID: EntryID, version: Int) throws -> SecretBytes {
        try storageCall {
            guard let stored = try storageReader.secretVersion(entryID: entryID.bytes, version: version) else {
                throw VaultError(.secretVersionNotFound(version: version))
            }
            let value = try keys.open(
                stored.sealedValue, .secretValue, owner: stored.entryID, version: UInt64(stored.version),
                what: "the sealed value of secret version \(version)")
            // The fingerprint column is not sealed; check it agrees, so a swapped fingerprint cannot
            // silently disable the duplicate check.
            guard ConstantTime.equals(try keys.fingerprint(of: value), stored.fingerprint) else {
                throw VaultError(.integrityFailure(what: "the fingerprint of secret version \(version) does not match its value"))
            }
            return value
        }
    }

    /// Whether `value` is already stored anywhere in the vault.
    public func containsSecretValue(_ value: borrowing SecretBytes) throws -> Bool {
        let fingerprint = try keys.fingerprint(of: value)
        return try storageCall { try storageReader.fingerprintExists(fingerprint) }
    }

    func open(_ stored: StoredEntry) throws -> VaultEntry {
        try keys.withRecordOpener { try EntryOpening.open(stored, with: $0) }
    }
}

/// Runs a storage call and turns storage-level errors into vault errors.
func storageCall<T: ~Copyable>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as VaultStorageError {
        switch error {
        case .duplicate(let what) where what.contains("fingerprint"): throw VaultError(.duplicateSecretValue)
        case .duplicate(let what) where what.contains("name_index"): throw VaultError(.duplicateName)
        case .duplicate: throw VaultError(.writeOnceViolation)
        case .writeOnceViolation: throw VaultError(.writeOnceViolation)
        case .missingHeader: throw VaultError(.integrityFailure(what: "the vault header row is missing"))
        case .notFound: throw VaultError(.entryNotFound)
        }
    }
}
