public import Foundation

/// A request to the agent (or to the same handler in-process when no agent runs). Never holds a secret:
/// secrets travel in the frame's guarded segments.
public enum AgentRequest: Codable, Sendable {
    case status
    case lock
    case list(tag: String?, enabled: Bool?)
    case show(name: String)
    /// Segment 0: the client secret value.
    case add(AddRequest)
    case edit(name: String, change: EditRequest)
    case remove(name: String)
    /// Segment 0: the new client secret value.
    case rotate(RotateRequest)
    /// Reply segments: tenant ID, client ID, secret.
    case open(OpenRequest)
    case expiring(withinSeconds: Double)
    case auditList(AuditListRequest)
    case auditVerify
    case auditExport
}

/// The fields of `iamvault add`, validated by the account service.
public struct AddRequest: Codable, Sendable {
    public var name: String
    public var enabled: Bool
    public var description: String?
    public var tags: [String]
    public var tenantID: String
    public var clientID: String
    public var permissions: [String]
    public var expires: String?
    public var keyID: String?
    public var allowSecretThatLooksLikeID: Bool

    public init(name: String, enabled: Bool, description: String?, tags: [String], tenantID: String, clientID: String,
                permissions: [String], expires: String?, keyID: String?, allowSecretThatLooksLikeID: Bool) {
        self.name = name
        self.enabled = enabled
        self.description = description
        self.tags = tags
        self.tenantID = tenantID
        self.clientID = clientID
        self.permissions = permissions
        self.expires = expires
        self.keyID = keyID
        self.allowSecretThatLooksLikeID = allowSecretThatLooksLikeID
    }
}

/// The changes of `iamvault edit`; nil leaves a field as it is.
public struct EditRequest: Codable, Sendable {
    public var rename: String?
    public var description: String?
    public var clearDescription: Bool
    public var addTags: [String]
    public var removeTags: [String]
    public var enabled: Bool?
    public var permissions: [String]?
    public var tenantID: String?
    public var clientID: String?

    public init(rename: String?, description: String?, clearDescription: Bool, addTags: [String], removeTags: [String],
                enabled: Bool?, permissions: [String]?, tenantID: String?, clientID: String?) {
        self.rename = rename
        self.description = description
        self.clearDescription = clearDescription
        self.addTags = addTags
        self.removeTags = removeTags
        self.enabled = enabled
        self.permissions = permissions
        self.tenantID = tenantID
        self.clientID = clientID
    }
}

public struct RotateRequest: Codable, Sendable {
    public var name: String
    public var expires: String?
    public var keyID: String?
    public var allowSecretThatLooksLikeID: Bool

    public init(name: String, expires: String?, keyID: String?, allowSecretThatLooksLikeID: Bool) {
        self.name = name
        self.expires = expires
        self.keyID = keyID
        self.allowSecretThatLooksLikeID = allowSecretThatLooksLikeID
    }
}

/// Opens a credential handle; `channel` says how the secret leaves (exec, pipe, terminal, azure).
public struct OpenRequest: Codable, Sendable {
    public var name: String
    public var purpose: String
    public var channel: String
    public var version: Int?
    public var allowExpired: Bool

    public init(name: String, purpose: String, channel: String, version: Int?, allowExpired: Bool) {
        self.name = name
        self.purpose = purpose
        self.channel = channel
        self.version = version
        self.allowExpired = allowExpired
    }
}

public struct AuditListRequest: Codable, Sendable {
    public var account: String?
    public var since: Date?

    public init(account: String?, since: Date?) {
        self.account = account
        self.since = since
    }
}
