public import Foundation

/// A request to the agent (or to the same handler in-process when no agent runs). Never holds a secret:
/// secrets travel in the frame's guarded segments.
public enum AgentRequest: Codable, Sendable {
    case status
    case lock
    /// `list` and `list --json`, streamed: the reply frame is followed by the output in chunks (`ListStream`).
    /// There is no one-reply list: it made the agent hold every account at once.
    case listJSON(tag: String?, enabled: Bool?)
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
    /// `anchor`: a head printed earlier (`"<seq>:<mac hex>"`) that must still be on the chain (rollback check).
    case auditVerify(anchor: String?)
    case auditExport
    /// `verify`: a Graph token with the current secret, its roles against the selection.
    case verify(AzureRequest)
    /// `rotate --via-graph`: the new secret comes from Graph's addPassword, never from the client.
    case rotateViaGraph(GraphRotateRequest)
    /// `reconcile`: the application's passwords against the vault's versions.
    case reconcile(AzureRequest)
    /// `expiring --from-azure`: every enabled Azure account's passwords as Graph lists them.
    case expiringFromAzure(AzureExpiringRequest)
    /// `exec --token-only`: start a token broker that stays up (in the agent) until `brokerStop`.
    /// Reply segment 0: the broker's identity header value, the child's credential for it.
    case brokerStart(AzureRequest)
    case brokerStop(id: String)
}

/// Where Azure is: the cloud named on the command line and the client's endpoint overrides
/// (`AZURE_AUTHORITY_HOST`, `IAMVAULT_GRAPH_ENDPOINT`, `IAMVAULT_AZURE_CLOUD`), so that a request served by
/// the agent reaches the same endpoints as one served in-process. Never a secret.
public struct AzureTarget: Codable, Sendable {
    public var cloud: String?
    public var environment: [String: String]

    /// The variables the Azure module reads; nothing else of the client's environment travels.
    public static let variables = ["AZURE_AUTHORITY_HOST", "IAMVAULT_GRAPH_ENDPOINT", "IAMVAULT_AZURE_CLOUD"]

    public init(cloud: String?, environment: [String: String]) {
        self.cloud = cloud
        self.environment = environment.filter { Self.variables.contains($0.key) }
    }
}

public struct AzureRequest: Codable, Sendable {
    public var name: String
    public var target: AzureTarget

    public init(name: String, target: AzureTarget) {
        self.name = name
        self.target = target
    }
}

public struct GraphRotateRequest: Codable, Sendable {
    public var name: String
    public var target: AzureTarget
    public var expires: String?
    /// How long the old password stays valid once the new one is proven (0: removed at once).
    public var graceSeconds: Double

    public init(name: String, target: AzureTarget, expires: String?, graceSeconds: Double) {
        self.name = name
        self.target = target
        self.expires = expires
        self.graceSeconds = graceSeconds
    }
}

public struct AzureExpiringRequest: Codable, Sendable {
    public var withinSeconds: Double
    public var target: AzureTarget

    public init(withinSeconds: Double, target: AzureTarget) {
        self.withinSeconds = withinSeconds
        self.target = target
    }
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

public struct AuditListRequest: Codable, Sendable {
    public var account: String?
    public var since: Date?

    public init(account: String?, since: Date?) {
        self.account = account
        self.since = since
    }
}

extension AgentRequest {
    /// Decodes a request frame's header as the agent does. Hostile input (any JSON, any bytes) is refused
    /// with `AgentProtocolError.malformed` naming no byte of it; it never traps.
    public init(wireHeader: Data) throws(AgentProtocolError) {
        do {
            self = try WireJSON.decoder.decode(AgentRequest.self, from: wireHeader)
        } catch {
            throw AgentProtocolError.malformed("the request is not valid JSON of a known kind")
        }
    }

    /// The header JSON the client sends for this request (dates as milliseconds since 1970).
    public func wireHeader() throws -> Data {
        try WireJSON.encoder.encode(self)
    }
}
