import Foundation

/// The "Add account" form as typed, before validation. `AccountService.add` validates every field.
public struct AccountDraft: Sendable {
    public var name: String
    public var enabled: Bool
    public var provider: Provider
    public var description: String?
    public var tags: [String]
    public var tenantID: String
    public var clientID: String
    /// Permission names; empty means the whole catalogue (the default).
    public var permissions: [String]
    public var lifetime: SecretLifetime
    /// Azure's keyId of the secret being captured, if the user knows it (links it for Graph rotation).
    public var azureKeyID: String?

    public init(
        name: String, enabled: Bool = true, provider: Provider = .azure, description: String? = nil, tags: [String] = [],
        tenantID: String, clientID: String, permissions: [String] = [], lifetime: SecretLifetime = .recommended,
        azureKeyID: String? = nil
    ) {
        self.name = name
        self.enabled = enabled
        self.provider = provider
        self.description = description
        self.tags = tags
        self.tenantID = tenantID
        self.clientID = clientID
        self.permissions = permissions
        self.lifetime = lifetime
        self.azureKeyID = azureKeyID
    }
}

/// Changes to every field but the secret. Nil leaves a field as it is.
public struct AccountEdit: Sendable {
    public var rename: String?
    /// `.some(nil)` or `.some("")` clears the description.
    public var description: String??
    public var addTags: [String]
    public var removeTags: [String]
    public var enabled: Bool?
    /// Replaces the selection when non-nil (empty means the whole catalogue).
    public var permissions: [String]?
    public var tenantID: String?
    public var clientID: String?

    public init(
        rename: String? = nil, description: String?? = nil, addTags: [String] = [], removeTags: [String] = [],
        enabled: Bool? = nil, permissions: [String]? = nil, tenantID: String? = nil, clientID: String? = nil
    ) {
        self.rename = rename
        self.description = description
        self.addTags = addTags
        self.removeTags = removeTags
        self.enabled = enabled
        self.permissions = permissions
        self.tenantID = tenantID
        self.clientID = clientID
    }
}

/// Which accounts `list` returns.
public struct AccountFilter: Sendable {
    public var tag: String?
    public var provider: Provider?
    public var enabled: Bool?

    public init(tag: String? = nil, provider: Provider? = nil, enabled: Bool? = nil) {
        self.tag = tag
        self.provider = provider
        self.enabled = enabled
    }

    /// Whether every account passes (no condition set): `list` then renders stored payloads without decoding
    /// them into accounts when it can (`AccountListTranscoder`).
    var selectsEverything: Bool { tag == nil && provider == nil && enabled == nil }

    /// Whether `account` passes; `normalizedTag` is `tag` as `AccountFields.tag` normalizes it.
    func matches(_ account: Account, normalizedTag: String?) -> Bool {
        (normalizedTag.map { account.tags.contains($0) } ?? true)
            && (provider.map { account.provider == $0 } ?? true)
            && (enabled.map { account.enabled == $0 } ?? true)
    }
}
