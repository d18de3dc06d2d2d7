/// An entry as the sealing layer sees it: an identity, a unique name, and an opaque payload that the layer
/// above (the account service) defines. Both name and payload are sealed at rest.
public struct VaultEntry: Equatable, Sendable {
    public let id: EntryID
    public let name: String
    public let payload: [UInt8]

    public init(id: EntryID, name: String, payload: [UInt8]) {
        self.id = id
        self.name = name
        self.payload = payload
    }
}

/// One stored version of an entry's secret, without its value: the version number and the sealed metadata
/// the layer above keeps with it (hint, dates, state). The value is reached only through `openSecret`.
public struct SecretVersionRecord: Equatable, Sendable {
    public let entryID: EntryID
    public let version: Int
    public let metadata: [UInt8]

    public init(entryID: EntryID, version: Int, metadata: [UInt8]) {
        self.entryID = entryID
        self.version = version
        self.metadata = metadata
    }
}
