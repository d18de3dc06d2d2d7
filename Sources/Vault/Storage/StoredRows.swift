/// The rows a vault storage keeps. Every field is either public by design (ids, KDF parameters, the format
/// version) or sealed/keyed by the layer above; a storage implementation never sees plaintext.

/// The vault's single header row.
public struct StoredHeader: Equatable, Sendable {
    public var formatVersion: Int
    public var vaultID: [UInt8]
    public var sealedMetadata: [UInt8]

    public init(formatVersion: Int, vaultID: [UInt8], sealedMetadata: [UInt8]) {
        self.formatVersion = formatVersion
        self.vaultID = vaultID
        self.sealedMetadata = sealedMetadata
    }
}

/// One key slot: the vault key wrapped under a key-encryption key, with what is needed to derive that key.
public struct StoredKeySlot: Equatable, Sendable {
    public var kind: String
    public var kdf: String
    public var salt: [UInt8]
    public var opsLimit: UInt64
    public var memLimit: UInt64
    public var wrappedKey: [UInt8]
    public var checksum: [UInt8]

    public init(kind: String, kdf: String, salt: [UInt8], opsLimit: UInt64, memLimit: UInt64, wrappedKey: [UInt8], checksum: [UInt8]) {
        self.kind = kind
        self.kdf = kdf
        self.salt = salt
        self.opsLimit = opsLimit
        self.memLimit = memLimit
        self.wrappedKey = wrappedKey
        self.checksum = checksum
    }
}

/// One entry (an account): a random id, the blind index of its name, and its sealed metadata.
public struct StoredEntry: Equatable, Sendable {
    public var id: [UInt8]
    public var nameIndex: [UInt8]
    public var sealedMetadata: [UInt8]

    public init(id: [UInt8], nameIndex: [UInt8], sealedMetadata: [UInt8]) {
        self.id = id
        self.nameIndex = nameIndex
        self.sealedMetadata = sealedMetadata
    }
}

/// One secret version: write-once sealed value and fingerprint, updatable sealed metadata.
public struct StoredSecretVersion: Equatable, Sendable {
    public var entryID: [UInt8]
    public var version: Int
    public var fingerprint: [UInt8]
    public var sealedValue: [UInt8]
    public var sealedMetadata: [UInt8]

    public init(entryID: [UInt8], version: Int, fingerprint: [UInt8], sealedValue: [UInt8], sealedMetadata: [UInt8]) {
        self.entryID = entryID
        self.version = version
        self.fingerprint = fingerprint
        self.sealedValue = sealedValue
        self.sealedMetadata = sealedMetadata
    }
}
