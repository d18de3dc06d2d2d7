import Foundation
import IAMVaultTestSupport
import Sodium
import Testing
@testable import Agent

/// The answer to `open` is written by hand (`OpenedAnswerJSON`); it must read back as Foundation's would.
@Suite("The hand-written answer to open reads back as JSONEncoder's")
struct OpenedAnswerJSONTests {
    static let pieces = ["a", "Z", "0", "/", "\\", "\"", "é", "😀", "\u{2028}", "\u{0}", "\u{1}", "\u{8}", "\t", "\n", "\u{C}", "\r",
                         "\u{1F}", "\u{7F}", " ", "Contoso-Prod", "deploy"]

    static func text(_ random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func handle(_ random: inout SeededGenerator) -> OpenedHandle {
        let seconds: Double = switch Int.random(in: 0..<4, using: &random) {
        case 0: Double(Int64.random(in: 1_700_000_000_000...1_900_000_000_000, using: &random)) / 1000
        case 1: Double.random(in: 1_700_000_000...1_900_000_000, using: &random)
        case 2: Double.random(in: -1e9...1e11, using: &random)
        default: [0, 0.0005, 1e12, 253_402_300_799.999].randomElement(using: &random)!
        }
        let version = [1, 2, 0, -1, Int.max, Int.min, Int.random(in: 1...1000, using: &random)].randomElement(using: &random)!
        return OpenedHandle(account: text(&random), version: version, purpose: text(&random), expiresAt: Date(timeIntervalSince1970: seconds))
    }

    static func opened(_ header: Data) throws -> OpenedHandle? {
        guard case .reply(let reply) = try WireJSON.decoder.decode(AgentResponse.self, from: header) else { return nil }
        return reply.opened
    }

    @Test func randomHandlesReadBackAsFoundationsDo() throws {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            var reply = AgentReply()
            reply.opened = Self.handle(&random)
            let response = AgentResponse.reply(reply)
            let handWritten = WireJSON.header(for: response)
            let foundation = try WireJSON.encoder.encode(response)
            // Equal to what Foundation's reads back as (milliseconds as a Double can differ from the Date itself
            // in its last bits, for both).
            #expect(try Self.opened(handWritten) == Self.opened(foundation), "\(String(decoding: handWritten, as: UTF8.self))")
            // The front program's reader takes it as a reply.
            try AgentAnswer.check([UInt8](handWritten), malformed: ClientProblem(exitCode: 2, message: "malformed"))
        }
    }

    @Test func wholeMillisecondsAreWrittenAsIntegers() throws {
        let handle = OpenedHandle(account: "Prod", version: 3, purpose: "read", expiresAt: Date(timeIntervalSince1970: 1_795_000_000.123))
        let text = String(decoding: try #require(OpenedAnswerJSON.bytes(handle)), as: UTF8.self)
        #expect(text == #"{"reply":{"_0":{"opened":{"account":"Prod","version":3,"purpose":"read","expiresAt":1795000000123}}}}"#)
    }

    @Test func onlyAnAnswerWithNothingButOpenedIsWrittenByHand() throws {
        // A new field in AgentReply must be added to `openedOnly`: this count is the reminder.
        #expect(Mirror(reflecting: AgentReply()).children.count == 15, "AgentReply gained a field: add it to openedOnly")
        var reply = AgentReply()
        #expect(reply.openedOnly == nil)
        reply.opened = OpenedHandle(account: "Prod", version: 1, purpose: "read", expiresAt: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(reply.openedOnly == reply.opened)
        reply.notice = "also this"
        #expect(reply.openedOnly == nil)
        // Anything more goes to JSONEncoder (whose member order, without sorted keys, is not fixed between calls).
        let header = WireJSON.header(for: .reply(reply))
        guard case .reply(let decoded) = try WireJSON.decoder.decode(AgentResponse.self, from: header) else {
            Issue.record("not a reply")
            return
        }
        #expect(decoded.notice == "also this" && decoded.opened?.account == "Prod")
        let failure = AgentResponse.failure(ReportedError(exitCode: .notFound, message: "no account named \"x\"", hint: nil))
        #expect(throws: ClientProblem(exitCode: 4, message: "no account named \"x\"")) {
            try AgentAnswer.check([UInt8](WireJSON.header(for: failure)), malformed: ClientProblem(exitCode: 2, message: "malformed"))
        }
    }

    @Test func anExpiryThatWouldNeedAnExponentGoesToJSONEncoder() throws {
        for seconds in [1e20, -1e20, 1e300] {
            let handle = OpenedHandle(account: "Prod", version: 1, purpose: "read", expiresAt: Date(timeIntervalSince1970: seconds))
            #expect(OpenedAnswerJSON.bytes(handle) == nil, "\(seconds)")
            var reply = AgentReply()
            reply.opened = handle
            #expect(try Self.opened(WireJSON.header(for: .reply(reply))) == Self.opened(WireJSON.encoder.encode(AgentResponse.reply(reply))))
        }
    }
}
