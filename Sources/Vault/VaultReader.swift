/// A read transaction over an unlocked vault: a consistent snapshot, every value authenticated.
public struct VaultReader: VaultReading {
    public let storageReader: any VaultStorageReader
    public let keys: VaultKeys
}
