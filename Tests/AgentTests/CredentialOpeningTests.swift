import Foundation
import Sodium
import Testing
@testable import Agent

/// The front program builds the `open` request and reads the answer without Foundation (ClientCore). Both must
/// agree with the agent's own Codable types, byte for byte where it matters and field for field otherwise.
@Suite("ClientCore's open request and answer agree with the agent's Codable types")
struct CredentialOpeningTests {
    static let names = ["Prod", "with \"quotes\" and \\ backslash", "tab\tnew\nline\u{01}\u{1F}", "ünïcödé 🔐", "", "a/b"]

    @Test(arguments: names)
    func theHeaderDecodesAsTheAgentsOpenRequest(_ name: String) throws {
        let cases: [(Int?, Bool, CredentialField?)] = [(nil, false, nil), (3, true, .secret), (0, false, .tenant), (nil, true, .clientID)]
        for (version, allowExpired, field) in cases {
            let opening = OpenRequest(name: name, purpose: "deploy \"x\"", channel: "pipe", version: version, allowExpired: allowExpired,
                                      field: field)
            let request = try AgentRequest(wireHeader: opening.wireHeader)
            guard case .open(let open) = request else {
                Issue.record("decoded as \(request)")
                continue
            }
            #expect(open.name == name && open.purpose == "deploy \"x\"" && open.channel == "pipe")
            #expect(open.version == version && open.allowExpired == allowExpired && open.field == field)
            // Foundation's own encoding of the same request decodes to the same, so the two are interchangeable.
            let foundation = try AgentRequest.open(OpenRequest(name: name, purpose: "deploy \"x\"", channel: "pipe", version: version,
                                                               allowExpired: allowExpired, field: field)).wireHeader()
            #expect(try JSONSerialization.jsonObject(with: foundation) as? NSDictionary
                    == JSONSerialization.jsonObject(with: Data(opening.wireHeader)) as? NSDictionary)
        }
    }

    @Test(arguments: names)
    func theListHeaderDecodesAsTheAgentsListRequest(_ tag: String) throws {
        for (tag, enabled) in [(String?(tag), Bool?(nil)), (nil, nil), (tag, true), (nil, false)] {
            let request = try AgentRequest(wireHeader: ListReception.requestHeader(tag: tag, enabled: enabled))
            guard case .listJSON(let decodedTag, let decodedEnabled) = request else {
                Issue.record("decoded as \(request)")
                continue
            }
            #expect(decodedTag == tag && decodedEnabled == enabled)
        }
    }

    @Test func theEndOfAListIsTheAgentsReplyOrItsError() throws {
        let reply = try WireJSON.encoder.encode(AgentResponse.reply(AgentReply()))
        try AgentAnswer.check([UInt8](reply), malformed: ClientProblem(exitCode: 2, message: "malformed"))
        let error = ReportedError(exitCode: .integrity, message: "integrity check failed: x", hint: "restore")
        let failure = try WireJSON.encoder.encode(AgentResponse.failure(error))
        #expect(throws: ClientProblem(exitCode: 5, message: "integrity check failed: x", hint: "restore")) {
            try AgentAnswer.check([UInt8](failure), malformed: ClientProblem(exitCode: 2, message: "malformed"))
        }
    }

    @Test func anErrorTheAgentEncodedIsTheProblemTheUserSees() throws {
        for error in [ReportedError(exitCode: .notFound, message: "no account named \"Nope\"", hint: "list the accounts with `iamvault list`"),
                      ReportedError(exitCode: .refused, message: "ünïcödé\n\u{7}", hint: nil)] {
            let header = try WireJSON.encoder.encode(AgentResponse.failure(error))
            let frame = AgentFrame(header: header, secrets: [])
            #expect(throws: ClientProblem(exitCode: error.exitCode.rawValue, message: error.message, hint: error.hint)) {
                try CredentialOpening.credential(from: frame)
            }
        }
    }

    @Test func aReplyGivesTheThreeSegments() throws {
        var reply = AgentReply()
        reply.opened = OpenedHandle(account: "Prod", version: 1, purpose: "read", expiresAt: Date(timeIntervalSince1970: 1_800_000_000))
        let header = try WireJSON.encoder.encode(AgentResponse.reply(reply))
        let parts = try ["tenant", "client", "secret"].map { try OwnedSecret(copying: $0) }
        let credential = try CredentialOpening.credential(from: AgentFrame(header: header, secrets: parts))
        #expect(credential.map { $0.bytes.withUnsafeBytes { Array($0) } } == parts.map { $0.bytes.withUnsafeBytes { Array($0) } })
        #expect(throws: ClientProblem(exitCode: 7, message: "the agent sent no credential")) {
            try CredentialOpening.credential(from: AgentFrame(header: header, secrets: []))
        }
    }

    @Test func aReplyForOneFieldGivesThatPartFromOneSegmentOrFromAnOlderAgentsThree() throws {
        var reply = AgentReply()
        reply.opened = OpenedHandle(account: "Prod", version: 1, purpose: "read", expiresAt: Date(timeIntervalSince1970: 1_800_000_000))
        let header = try WireJSON.encoder.encode(AgentResponse.reply(reply))
        func text(_ part: OwnedSecret) -> String { part.bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
        for field in CredentialField.allCases {
            let one = try CredentialOpening.part(field, from: AgentFrame(header: header, secrets: [try OwnedSecret(copying: "only")]))
            #expect(text(one) == "only")
            let three = try ["tenant", "client-id", "secret"].map { try OwnedSecret(copying: $0) }
            #expect(text(try CredentialOpening.part(field, from: AgentFrame(header: header, secrets: three))) == field.rawValue)
            for count in [0, 2, 4] {
                let parts = try (0..<count).map { _ in try OwnedSecret(copying: "x") }
                #expect(throws: ClientProblem(exitCode: 7, message: "the agent sent no credential")) {
                    try CredentialOpening.part(field, from: AgentFrame(header: header, secrets: parts))
                }
            }
        }
    }

    @Test(arguments: ["", "{", "[]", "null", #"{"reply":{}}"#, #"{"failure":{"_0":{"exitCode":"4","message":"m"}}}"#,
                      #"{"failure":{"_0":{"exitCode":0,"message":"m"}}}"#, #"{"failure":{"_0":{"exitCode":300,"message":"m"}}}"#,
                      #"{"failure":{"_0":{"exitCode":2.5,"message":"m"}}}"#, #"{"failure":{"_0":{"exitCode":4}}}"#])
    func aMalformedAnswerIsAClearUsageError(_ header: String) {
        #expect(throws: ClientProblem(exitCode: 2, message: "malformed agent message: the agent's answer")) {
            try CredentialOpening.credential(from: AgentFrame(header: Array(header.utf8), secrets: []))
        }
    }
}
