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

    public init(name: String, purpose: String, channel: String, version: Int?, allowExpired: Bool) {
        self.name = name
        self.purpose = purpose
        self.channel = channel
        self.version = version
        self.allowExpired = allowExpired
    }

    /// The request header as `AgentRequest.open(self)` encodes it: `{"open":{"_0":{…}}}`, keys sorted,
    /// `version` absent when nil.
    public var wireHeader: [UInt8] {
        var fields = "\"allowExpired\":\(allowExpired),\"channel\":\(ClientJSON.quoted(channel)),\"name\":\(ClientJSON.quoted(name))"
        fields += ",\"purpose\":\(ClientJSON.quoted(purpose))"
        if let version { fields += ",\"version\":\(version)" }
        return Array("{\"open\":{\"_0\":{\(fields)}}}".utf8)
    }

    /// Sends the request on `connection` and returns the credential's three parts (tenant ID, client ID,
    /// secret, in guarded memory), or throws what the user must see. After the request is out, a broken
    /// connection is reported as an unknown outcome.
    public func send(on connection: UnixConnection) throws(ClientProblem) -> [OwnedSecret] {
        try CredentialOpening.credential(from: AgentFrame.exchange(wireHeader, on: connection))
    }
}
