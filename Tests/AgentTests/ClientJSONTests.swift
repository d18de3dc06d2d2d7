import ClientCore
import Foundation
import IAMVaultTestSupport
import Testing

/// ClientCore's small JSON reader (the front program's) against Foundation's: what it accepts, Foundation
/// accepts with the same strings and numbers; hostile bytes never trap.
@Suite("ClientJSON reads what Foundation reads, and nothing that is not JSON")
struct WireJSONTests {
    static let valid = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #"  [ ]  "#, #"{}"#, #""\u00e9\ud83d\udd10\/\b\f\n\r\t\"\\""#,
        #"-0.5e+10"#, #"[1E3, 0, -0, 12.25]"#, #"{"k":"ünïcödé 🔐"}"#, "\"tab\\tand raw ü\"",
    ]
    static let invalid = [
        "", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "01", "1.", ".5", "+1", "tru", "nul", "\"\\x\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0\u{15}0e\"",
        "\"raw\ncontrol\"", "6e2222", "[-1e999]", "[1] 2", "{\"a\":1}}", String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ]

    @Test(arguments: valid)
    func validDocumentsReadAsFoundationReadsThem(_ text: String) throws {
        let ours = try #require(ClientJSON.parse(Array(text.utf8)), "refused: \(text)")
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(same(ours, theirs), "\(text)")
    }

    @Test(arguments: invalid)
    func invalidDocumentsAreRefused(_ text: String) {
        #expect(ClientJSON.parse(Array(text.utf8)) == nil, "accepted: \(text)")
    }

    @Test func invalidUTF8InAStringIsRefused() {
        #expect(ClientJSON.parse([0x22, 0xC3, 0x28, 0x22]) == nil)
        #expect(ClientJSON.parse([0x22, 0xFF, 0x22]) == nil)
    }

    /// Mutations of a real answer: never a trap, and whatever is accepted Foundation accepts too, with the same value.
    @Test func mutatedAnswersNeverTrapAndAgreeWhenAccepted() throws {
        let seed = Array(#"{"failure":{"_0":{"exitCode":4,"hint":"list \"them\"","message":"no account named \u00e9"}}}"#.utf8)
        var generator = SeededGenerator(seed: 20261127)
        for _ in 0..<20_000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            guard let ours = ClientJSON.parse(bytes) else { continue }
            let theirs = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            #expect(theirs.map { same(ours, $0) } == true, "accepted what Foundation reads otherwise: \(bytes)")
        }
    }

    @Test func quotedTextReadsBackAsTheSameString() throws {
        for text in ["plain", "\"\\", "\u{0}\u{1F}\n", "ünï 🔐", "a/b"] {
            let quoted = ClientJSON.quoted(text)
            #expect(ClientJSON.parse(Array(quoted.utf8)) == .string(text))
            #expect(try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: [.fragmentsAllowed]) as? String == text)
        }
    }

    func same(_ ours: ClientJSON.Value, _ theirs: Any) -> Bool {
        switch ours {
        case .object(let members):
            guard let dictionary = theirs as? [String: Any], dictionary.count == Set(members.map(\.0)).count else { return false }
            return members.allSatisfy { key, value in dictionary[key].map { same(value, $0) } ?? false }
        case .array(let elements):
            guard let array = theirs as? [Any], array.count == elements.count else { return false }
            return zip(elements, array).allSatisfy { same($0, $1) }
        case .string(let text): return theirs as? String == text
        case .number(let value): return (theirs as? NSNumber).map { $0.doubleValue == value } ?? false
        case .bool(let value): return (theirs as? Bool) == value
        case .null: return theirs is NSNull
        }
    }
}
