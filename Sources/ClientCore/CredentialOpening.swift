/// The agent's `open` request as the Foundation-free client sends it, and its answer: the three parts of a
/// credential (tenant ID, client ID, secret) in guarded segments, or the error the agent decided. The header is
/// the JSON the agent's `AgentRequest` decoder reads (`CredentialOpeningTests` checks both directions against
/// the agent's own Codable types).
public struct CredentialOpening: Equatable, Sendable {
    public var name: String
    public var purpose: String
    /// How the value leaves: `pipe`, `terminal`, `exec` (recorded in the audit entry).
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

    /// The request header: `{"open":{"_0":{…}}}`, keys sorted, `version` absent when nil.
    public var header: [UInt8] {
        var fields = "\"allowExpired\":\(allowExpired),\"channel\":\(ClientJSON.quoted(channel)),\"name\":\(ClientJSON.quoted(name))"
        fields += ",\"purpose\":\(ClientJSON.quoted(purpose))"
        if let version { fields += ",\"version\":\(version)" }
        return Array("{\"open\":{\"_0\":{\(fields)}}}".utf8)
    }

    /// Sends the request on `connection` and returns the credential's three parts, or throws what the user
    /// must see. After the request is out, a broken connection is reported as an unknown outcome.
    public func send(on connection: UnixConnection) throws(ClientProblem) -> [OwnedSecret] {
        do {
            try AgentFrame(header: header, secrets: []).write(to: connection)
        } catch let error as AgentProtocolError {
            throw error.problem
        } catch {
            throw ClientProblem(exitCode: 7, message: "cannot write to the agent")
        }
        let frame: AgentFrame
        do {
            frame = try AgentFrame.read(from: connection, maximumHeader: Self.maximumAnswerHeader)
        } catch {
            throw error.problemAfterSending
        }
        return try Self.credential(from: frame)
    }

    /// The largest answer header accepted: an `open` answer is a few hundred bytes.
    public static let maximumAnswerHeader = 1 << 20

    /// The credential in an answer frame, or the agent's error as a problem.
    public static func credential(from frame: AgentFrame) throws(ClientProblem) -> [OwnedSecret] {
        let malformed = AgentProtocolError.malformed("the agent's answer").problem
        guard let answer = ClientJSON.parse(frame.header) else { throw malformed }
        if let failure = answer["failure"]?["_0"] {
            guard let code = failure["exitCode"]?.number, let message = failure["message"]?.string,
                  code >= 1, code <= 125, code == code.rounded() else { throw malformed }
            throw ClientProblem(exitCode: Int32(code), message: message, hint: failure["hint"]?.string)
        }
        guard answer["reply"]?["_0"] != nil else { throw malformed }
        guard frame.secrets.count == 3 else { throw ClientProblem(exitCode: 7, message: "the agent sent no credential") }
        return frame.secrets
    }
}
