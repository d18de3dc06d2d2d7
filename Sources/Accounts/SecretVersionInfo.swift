public import Foundation

/// The public facts of one captured secret version (sealed with it): never the value.
public struct SecretVersionInfo: Codable, Equatable, Sendable {
    public var version: Int
    /// The first three characters, as Azure shows them.
    public var hint: String
    public var createdAt: Date
    public var expiresAt: Date
    /// Azure's `keyId` of this password, when known (Graph rotation or `--key-id`).
    public var azureKeyID: String?

    public init(version: Int, hint: String, createdAt: Date, expiresAt: Date, azureKeyID: String? = nil) {
        self.version = version
        self.hint = hint
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.azureKeyID = azureKeyID
    }

    func encoded() throws -> [UInt8] { try StoredJSON.encode(self) }
}

/// A live secret version with its role: the newest is `current`, the one before it `previous` (Azure keeps
/// both valid until the old one is removed), older live ones `older` until retired.
public struct SecretVersionSummary: Codable, Equatable, Sendable {
    public enum Role: String, Codable, Sendable {
        case current, previous, older
    }

    public var info: SecretVersionInfo
    public var role: Role

    public func isExpired(at now: Date) -> Bool { info.expiresAt <= now }
}

/// An account with its live versions, as `show` presents it.
public struct AccountDetails: Codable, Equatable, Sendable {
    public var account: Account
    public var versions: [SecretVersionSummary]

    public var current: SecretVersionSummary? { versions.first { $0.role == .current } }
}

/// A live secret version that expires within a window.
public struct ExpiringSecret: Codable, Equatable, Sendable {
    public var account: String
    public var version: Int
    public var role: SecretVersionSummary.Role
    public var hint: String
    public var expiresAt: Date
    public var expired: Bool
}

extension SecretVersionInfo {
    /// Decodes a secret version's sealed metadata as the account service reads it back. Anything not in
    /// `storedMetadata()`'s form is a `VaultError` integrity failure naming the version, never a trap.
    public init(storedMetadata: [UInt8], version: Int) throws {
        self = try StoredJSON.decode(SecretVersionInfo.self, from: storedMetadata, what: "the metadata of secret version \(version)")
    }

    /// The JSON the account service seals with a secret version (sorted keys, dates in milliseconds).
    public func storedMetadata() throws -> [UInt8] {
        try encoded()
    }
}
