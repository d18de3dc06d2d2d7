public import Sodium
/// Opens a credential handle; `channel` says how the secret leaves (exec, pipe, terminal, azure). The agent
/// decodes it with Foundation (`AgentRequest.open`); the front program writes its header without Foundation
/// (`wireHeader`). `CredentialOpeningTests` checks that both encodings decode to the same request.
public struct OpenRequest: Codable, Equatable, Sendable {
    public var name: String
    public var purpose: String
    public var channel: String
    public var version: Int?
    public var allowExpired: Bool
    /// The one part to open and send (`read`); nil for the whole credential (`exec`). An agent that predates
    /// this member ignores it and sends all three.
    public var field: CredentialField?

    public init(name: String, purpose: String, channel: String, version: Int?, allowExpired: Bool, field: CredentialField? = nil) {
        self.name = name
        self.purpose = purpose
        self.channel = channel
        self.version = version
        self.allowExpired = allowExpired
        self.field = field
    }

    /// The request header as `AgentRequest.open(self)` encodes it: `{"open":{"_0":{…}}}`, keys sorted,
    /// `field` and `version` absent when nil.
    public var wireHeader: [UInt8] {
        var fields = "\"allowExpired\":\(allowExpired),\"channel\":\(ClientJSON.quoted(channel))"
        if let field { fields += ",\"field\":\(ClientJSON.quoted(field.rawValue))" }
        fields += ",\"name\":\(ClientJSON.quoted(name))"
        fields += ",\"purpose\":\(ClientJSON.quoted(purpose))"
        if let version { fields += ",\"version\":\(version)" }
        return Array("{\"open\":{\"_0\":{\(fields)}}}".utf8)
    }

    /// Sends the request on `connection` and returns the credential's three parts (tenant ID, client ID,
    /// secret, in guarded memory), or throws what the user must see. After the request is out, a broken
    /// connection is reported as an unknown outcome. With a `field`, use `sendForField(on:)`.
    public func send(on connection: UnixConnection) throws(ClientProblem) -> [OwnedSecret] {
        try CredentialOpening.credential(from: AgentFrame.exchange(wireHeader, on: connection))
    }

    /// Sends the request and returns the one part `field` names, in guarded memory.
    public func sendForField(on connection: UnixConnection) throws(ClientProblem) -> OwnedSecret {
        try CredentialOpening.part(field ?? .secret, from: AgentFrame.exchange(wireHeader, on: connection))
    }
}
