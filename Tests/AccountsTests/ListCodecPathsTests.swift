import Foundation
import IAMVaultTestSupport
import Testing
@testable import Accounts

/// The `list` codecs on inputs chosen to take each of their paths, against Foundation: the payload decoder on
/// keys spelled with escapes or other Unicode forms, arrays longer than what it gathers on the stack and
/// numbers of every form; the writer on strings with something to escape at every offset, and on nesting
/// deeper than its precomputed indentation.
@Suite("List codec paths: fast and slow paths give Foundation's results")
struct ListCodecPathsTests {
    static func foundation(_ bytes: [UInt8]) throws -> AccountPayload {
        try StoredJSON.decode(AccountPayload.self, from: bytes, what: "test")
    }

    static func expectSameAsFoundation(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        let hand = try? AccountPayload(scanning: bytes)
        let foundation = try? Self.foundation(bytes)
        #expect(hand == foundation, "\(text)", sourceLocation: sourceLocation)
        #expect(hand != nil, "\(text)", sourceLocation: sourceLocation)
    }

    static func payload(replacing key: String = "createdAt", with member: String) -> String {
        let members = [
            #""clientID":"c""#, #""createdAt":1764590958536.1987"#, #""description":"d""#, #""enabled":true"#,
            #""permissions":["Directory.Read.All","x"]"#, #""provider":"azure""#, #""retiredVersions":[]"#, #""schema":1"#,
            #""tags":["t"]"#, #""tenantID":"t""#, #""updatedAt":1765374785822.9163"#,
        ]
        return "{" + members.map { $0.hasPrefix("\"\(key)\"") ? member : $0 }.joined(separator: ",") + "}"
    }

    @Test(arguments: [
        "1764590958536.1987", "1764590958536", "0", "-0", "-0.0", "1e3", "1.5E+3", "-62135596800000.5", "0.0000000000000000001",
        "253402300799999.999", "12345678901234567890", "1234567890123456.7", "4503599627370496.5", "1e-300",
    ])
    func datesOfEveryFormReadAsJSONDecoderReadsThem(_ number: String) {
        Self.expectSameAsFoundation(Self.payload(with: #""createdAt":"# + number))
        Self.expectSameAsFoundation(Self.payload(replacing: "updatedAt", with: #""updatedAt":"# + number))
    }

    @Test(arguments: [
        #""cr\u0065atedAt":1"#, #""\u0063reatedAt":2.5"#, #""createdAt"  :  3"#,
        #""createdAt":4,"future":{"é":1,"e\u0301x":[null]}"#, #""createdAt":5,"lastVerifiedAt":null,"azureRotations":null"#,
        #""createdAt":6,"azureRotations":[{"displayName":"n","id":"i","stage":"adding","startedAt":7,"retire\u212AeyID":"k"}]"#,
        #""createdAt":6,"azureRotations":[{"displayName":"n","id":"i","stage":"retiring","startedAt":7,"newKeyID":"k","oldVersion":3}]"#,
    ])
    func keysSpelledEveryWayReadAsJSONDecoderReadsThem(_ member: String) {
        Self.expectSameAsFoundation(Self.payload(with: member))
    }

    @Test(arguments: [
        #""createdAt":1,"cr\u0065atedAt":1"#, #""createdAt":1,"future":1,"future":2"#, #""createdAt":1,"é":1,"e\u0301":2"#,
        #""createdAt":1,"azureRotations":[{"displayName":"n","id":"i","stage":"adding","startedAt":7,"retireKeyID":"k","retire\u212AeyID":"k"}]"#,
    ])
    func aKeyTwiceInAnySpellingIsRefused(_ member: String) {
        let bytes = Array(Self.payload(with: member).utf8)
        #expect(throws: JSONScanner.Malformed.self) { _ = try AccountPayload(scanning: bytes) }
    }

    @Test func longArraysReadAsJSONDecoderReadsThem() throws {
        var random = SeededGenerator(seed: 31)
        for count in [31, 32, 33, 70] {
            var account = RandomAccounts.account(&random)
            account.permissions = (0..<count).map { GraphPermission.allNames[$0 % 10] + ($0 % 3 == 0 ? "" : RandomAccounts.text(&random)) }
            account.tags = (0..<count).map { _ in RandomAccounts.text(&random) }
            account.retiredVersions = (0..<(count / 3)).map { version in
                Account.RetiredVersion(version: version, hint: "h\(version)", createdAt: RandomAccounts.date(&random),
                                       expiresAt: RandomAccounts.date(&random), retiredAt: RandomAccounts.date(&random))
            }
            account.azureRotations = (0..<(count / 4)).map { index in
                AzureRotationIntent(id: "r\(index)", stage: .proving, startedAt: RandomAccounts.date(&random), displayName: "d",
                                    oldVersion: index, retireKeyID: nil)
            }
            let bytes = try account.storedPayload()
            #expect(try AccountPayload(scanning: bytes) == (try Self.foundation(bytes)))
            #expect(try Account(storedPayload: bytes, name: account.name) == (try Self.foundation(bytes)).account(named: account.name))
        }
    }

    // MARK: Writer

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    @Test func stringsWithSomethingToEscapeAtEveryOffsetRenderAsJSONEncoderWritesThem() throws {
        var random = SeededGenerator(seed: 32)
        let base = RandomAccounts.account(&random)
        for length in [0, 1, 7, 8, 9, 16, 17, 36] {
            for position in 0...length {
                for special in ["", "\"", "\\", "\n", "\u{0}", "\u{1f}", "\t", "/", "é", "😀", "\u{7f}", "\u{2028}"] {
                    var text = String(repeating: "k", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    var account = base
                    account.name = text
                    account.description = text
                    account.tags = [text, "plain"]
                    account.permissions = ["Directory.Read.All", text, text + text]
                    account.tenantID = text
                    let hand = AccountListJSON.render([account])
                    let expected = Array(try Self.encoder().encode([account])) + [0x0A]
                    #expect(hand == expected, "\(text.debugDescription)")
                }
            }
        }
    }

    /// A tree of arrays, one-member objects and strings, to nest the writer deeper than its 32 precomputed
    /// levels of indentation.
    indirect enum Tree: Encodable {
        case leaf(String)
        case array([Tree])
        case object(Tree)

        enum Key: CodingKey { case k }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .leaf(let text):
                var container = encoder.singleValueContainer()
                try container.encode(text)
            case .array(let elements):
                var container = encoder.unkeyedContainer()
                for element in elements { try container.encode(element) }
            case .object(let value):
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(value, forKey: .k)
            }
        }

        func write(to writer: inout PrettyJSONWriter) {
            switch self {
            case .leaf(let text): writer.value(text)
            case .array(let elements):
                writer.beginArray()
                for element in elements {
                    writer.element()
                    element.write(to: &writer)
                }
                writer.endArray()
            case .object(let value):
                writer.beginObject()
                writer.key("k")
                value.write(to: &writer)
                writer.endObject()
            }
        }
    }

    @Test(arguments: [1, 2, 31, 32, 33, 34, 40])
    func nestingDeeperThanThePrecomputedIndentationRendersAsJSONEncoderWritesIt(_ depth: Int) throws {
        var tree = Tree.array([.leaf("x"), .array([]), .object(.array([]))])
        for level in 0..<depth { tree = level % 2 == 0 ? .array([tree, .leaf("y\n")]) : .object(tree) }
        var writer = PrettyJSONWriter()
        tree.write(to: &writer)
        #expect(writer.drain() == Array(try Self.encoder().encode(tree)))
    }
}
