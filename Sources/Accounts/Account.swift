public import Foundation

/// An Azure account as a security team fills it in, without its secret. Every field has been validated.
public struct Account: Codable, Equatable, Sendable {
    public var name: String
    public var enabled: Bool
    public var provider: Provider
    public var description: String?
    public var tags: [String]
    public var tenantID: String
    public var clientID: String
    /// Canonical names from `GraphPermission.catalogue`, in catalogue order.
    public var permissions: [String]
    public var createdAt: Date
    public var updatedAt: Date
    /// The last time `verify` proved the credential works (set by the Azure module).
    public var lastVerifiedAt: Date?
    /// Versions that were retired and shredded: their hints and dates only (bounded).
    public var retiredVersions: [RetiredVersion]
    /// Graph rotations started and not yet finished (set by the Azure module; `reconcile` finishes them).
    public var azureRotations: [AzureRotationIntent] = []

    /// A retired version's public facts, kept for history after its value was destroyed.
    public struct RetiredVersion: Codable, Equatable, Sendable {
        public var version: Int
        public var hint: String
        public var createdAt: Date
        public var expiresAt: Date
        public var retiredAt: Date
    }
}

/// What is sealed in the vault entry's payload for an account (JSON). The name is the entry's own.
struct AccountPayload: Codable, Equatable {
    static let currentSchema = 1

    var schema: Int
    var enabled: Bool
    var provider: Provider
    var description: String?
    var tags: [String]
    var tenantID: String
    var clientID: String
    var permissions: [String]
    var createdAt: Date
    var updatedAt: Date
    var lastVerifiedAt: Date?
    var retiredVersions: [Account.RetiredVersion]
    /// Optional so that payloads written before Graph rotation existed still decode.
    var azureRotations: [AzureRotationIntent]?

    init(
        schema: Int, enabled: Bool, provider: Provider, description: String?, tags: [String], tenantID: String, clientID: String,
        permissions: [String], createdAt: Date, updatedAt: Date, lastVerifiedAt: Date?, retiredVersions: [Account.RetiredVersion],
        azureRotations: [AzureRotationIntent]?
    ) {
        self.schema = schema
        self.enabled = enabled
        self.provider = provider
        self.description = description
        self.tags = tags
        self.tenantID = tenantID
        self.clientID = clientID
        self.permissions = permissions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastVerifiedAt = lastVerifiedAt
        self.retiredVersions = retiredVersions
        self.azureRotations = azureRotations
    }

    init(_ account: Account) {
        schema = Self.currentSchema
        enabled = account.enabled
        provider = account.provider
        description = account.description
        tags = account.tags
        tenantID = account.tenantID
        clientID = account.clientID
        permissions = account.permissions
        createdAt = account.createdAt
        updatedAt = account.updatedAt
        lastVerifiedAt = account.lastVerifiedAt
        retiredVersions = account.retiredVersions
        azureRotations = account.azureRotations.isEmpty ? nil : account.azureRotations
    }

    func account(named name: String) -> Account {
        Account(
            name: name, enabled: enabled, provider: provider, description: description, tags: tags, tenantID: tenantID,
            clientID: clientID, permissions: permissions, createdAt: createdAt, updatedAt: updatedAt,
            lastVerifiedAt: lastVerifiedAt, retiredVersions: retiredVersions, azureRotations: azureRotations ?? [])
    }

    func encoded() throws -> [UInt8] { try StoredJSON.encode(self) }

    /// Decodes with the hand-written scanner (`AccountPayload+Scanning.swift`); anything it refuses is the same
    /// integrity failure `StoredJSON.decode` reports.
    static func decode(_ bytes: [UInt8], account: String) throws -> AccountPayload {
        do {
            return try AccountPayload(scanning: bytes)
        } catch {
            throw StoredJSON.malformed("the record of account \"\(account)\"")
        }
    }
}

extension Account {
    /// Decodes a vault entry's payload as the account service reads it back (after the entry opened, so it
    /// is authentic). Anything not in `storedPayload()`'s form is a `VaultError` integrity failure naming the
    /// account, never a trap.
    public init(storedPayload: [UInt8], name: String) throws {
        self = try AccountPayload.decode(storedPayload, account: name).account(named: name)
    }

    /// The JSON payload the account service seals for this account (sorted keys, dates in milliseconds).
    public func storedPayload() throws -> [UInt8] {
        try AccountPayload(self).encoded()
    }
}
