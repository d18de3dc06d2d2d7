import Foundation
import IAMVaultTestSupport
import Testing
@testable import Accounts

/// The scanner's fast paths against the general ones they stand for: numbers converted without `strtod`
/// (`ShortDecimal`) against `Double(text)` and `Int(text)`, bit for bit; strings ended eight bytes at a time
/// (`JSONStringBytes`) against a byte-by-byte reference and `JSONDecoder`; keys and catalogue strings found by
/// their bytes (`JSONStringTable`) against `String` comparison. Each test feeds both the forms that take the
/// fast path and the forms that do not.
@Suite("JSONScanner fast paths: the same values as the general paths")
struct JSONScannerFastPathTests {
    /// `text` read by `JSONScanner.double()`, or nil when refused.
    static func scannedDouble(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes: bytes)
            guard let value = try? scanner.double(), (try? scanner.end()) != nil else { return nil }
            return value
        }
    }

    static func scannedInt(_ text: String) -> Int? {
        Array(text.utf8).withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes: bytes)
            guard let value = try? scanner.int(), (try? scanner.end()) != nil else { return nil }
            return value
        }
    }

    static func expectSameDouble(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = Double(text).flatMap { $0.isFinite ? $0 : nil }
        #expect(scannedDouble(text)?.bitPattern == expected?.bitPattern, "\(text)", sourceLocation: sourceLocation)
    }

    static func digits(_ count: Int, _ random: inout SeededGenerator) -> String {
        String((0..<count).map { _ in Character(String(random.next() % 10)) })
    }

    // MARK: Numbers

    @Test(arguments: [
        // Short forms: integers, fractions, dates in milliseconds as JSONEncoder writes Date().
        "0", "-0", "0.0", "-0.0", "1", "-1", "0.5", "0.1", "0.3", "2.5", "1764590958536.1987", "1765374785822.9163",
        "1764200000000", "978307199999.9999", "-62135596800000", "253402300799999.99", "9007199254740993",
        "9007199254740995", "9999999999999999999", "999999999999999999.9", "0.000000000000000001", "1.000000000000000001",
        // Exactly half-way between two doubles (ties to even), and just off it.
        "4503599627370496.5", "4503599627370497.5", "2251799813685248.25", "2251799813685248.75", "2251799813685249.25",
        "4503599627370496.4999", "4503599627370496.5001", "9007199254740992.5", "1125899906842624.125",
        // Not short: more than 19 digits, exponents; the strtod path.
        "0.0000000000000000001", "12345678901234567890", "1234567890.1234567890", "1e2", "1E2", "1.5e3", "-0e0", "1e-300",
        "1e400", "-1e400", "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308",
    ])
    func aNumberReadsAsDoubleReadsItsText(_ text: String) {
        Self.expectSameDouble(text)
    }

    @Test func randomNumbersOfEveryShapeReadAsDoubleReadsThem() {
        var random = SeededGenerator(seed: 21)
        for _ in 0..<200_000 {
            let integerCount = Int.random(in: 1...20, using: &random)
            var text = random.next() % 4 == 0 ? "-" : ""
            text += integerCount == 1 || random.next() % 5 == 0 ? String(random.next() % 10) : String(Int.random(in: 1...9, using: &random)) + Self.digits(integerCount - 1, &random)
            if random.next() % 3 != 0 { text += "." + Self.digits(Int.random(in: 1...20, using: &random), &random) }
            if random.next() % 8 == 0 { text += "e" + (random.next() % 2 == 0 ? "-" : "") + String(random.next() % 30) }
            Self.expectSameDouble(text)
        }
    }

    @Test func halfwayDecimalsRoundToEvenAsDoubleDoes() {
        var random = SeededGenerator(seed: 22)
        let eighths = ["0", "125", "25", "375", "5", "625", "75", "875"]
        for _ in 0..<50_000 {
            // Between 2^50 and 2^53 neighbouring doubles are 1/4 to 1 apart: the midpoint of two is a decimal of at
            // most 19 digits, which the short path must round to the even one, as strtod does.
            let exponent = Int.random(in: 50...52, using: &random)
            let value = Double(sign: .plus, exponent: exponent, significand: 1 + Double.random(in: 0..<1, using: &random))
            let eighthsOfMidpoint = UInt64(value * 8) + UInt64(value.ulp * 4)  // exact: value · 8 is an integer below 2^56
            let text = "\(eighthsOfMidpoint / 8).\(eighths[Int(eighthsOfMidpoint % 8)])"
            Self.expectSameDouble(text)
            Self.expectSameDouble("-" + text)
        }
    }

    @Test func shortestSpellingsOfRandomDoublesReadBackExactly() {
        var random = SeededGenerator(seed: 23)
        for _ in 0..<100_000 {
            let value = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let millisecondsLike = Double.random(in: -1e13...1e13, using: &random)
            Self.expectSameDouble("\(value)")
            Self.expectSameDouble("\(millisecondsLike)")
            #expect(Self.scannedDouble("\(millisecondsLike)") == millisecondsLike)
        }
    }

    @Test(arguments: ["0", "-0", "1", "-1", "42", "123456789012345678", "-123456789012345678", "1234567890123456789",
                      "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.0", "1e2", "1.5", "-0.0", "1e19"])
    func anIntegerReadsAsBefore(_ text: String) {
        let expected: Int? = Int(text) ?? (text.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (48...57).contains($0) } ? nil
            : Double(text).flatMap { Int(exactly: $0) })
        #expect(Self.scannedInt(text) == expected, "\(text)")
    }

    @Test func randomIntegersReadAsIntReadsThem() {
        var random = SeededGenerator(seed: 24)
        for _ in 0..<100_000 {
            let count = Int.random(in: 1...20, using: &random)
            let text = (random.next() % 2 == 0 ? "-" : "") + (count == 1 ? String(random.next() % 10)
                : String(Int.random(in: 1...9, using: &random)) + Self.digits(count - 1, &random))
            #expect(Self.scannedInt(text) == Int(text), "\(text)")
        }
    }

    // MARK: Strings

    /// Where the plain run from `start` ends and whether it is ASCII, one byte at a time.
    static func referenceRun(_ bytes: [UInt8], from start: Int) -> (count: Int, isASCII: Bool) {
        var end = start
        while end < bytes.count, !JSONStringBytes.needsEscape(bytes[end]) { end += 1 }
        return (end - start, bytes[start..<end].allSatisfy { $0 < 0x80 })
    }

    @Test func plainRunsEndAtTheFirstByteToEscapeWhereverItIs() {
        for length in 0...40 {
            for position in 0..<max(length, 1) {
                for special: UInt8 in [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xC3, 0xFF] {
                    for filler: UInt8 in [0x61, 0xE9] {
                        var bytes = [UInt8](repeating: filler, count: length)
                        if position < length { bytes[position] = special }
                        for start in Set([0, min(1, length), min(7, length), min(9, length), length]) {
                            // What comes before `start` is not part of the run, whatever it is.
                            if start > 0, position != start - 1 { bytes[start - 1] = 0x22 }
                            let run = bytes.withUnsafeBytes { JSONStringBytes.plainRun($0, from: start) }
                            let expected = Self.referenceRun(bytes, from: start)
                            #expect(run.count == expected.count && run.isASCII == expected.isASCII,
                                    "length \(length), \(special) at \(position), from \(start)")
                        }
                    }
                }
            }
        }
    }

    @Test func randomPlainRunsMatchTheByteByByteReference() {
        var random = SeededGenerator(seed: 25)
        let alphabet: [UInt8] = Array("abc /é".utf8) + [0x22, 0x5C, 0x0A, 0x00, 0x1F, 0x7F, 0xF0, 0x9F]
        for _ in 0..<50_000 {
            let bytes = (0..<Int.random(in: 0...48, using: &random)).map { _ in
                random.next() % 6 == 0 ? alphabet.randomElement(using: &random)! : UInt8(ascii: "x")
            }
            let start = Int.random(in: 0...bytes.count, using: &random)
            let run = bytes.withUnsafeBytes { JSONStringBytes.plainRun($0, from: start) }
            let expected = Self.referenceRun(bytes, from: start)
            #expect(run.count == expected.count && run.isASCII == expected.isASCII, "\(bytes) from \(start)")
        }
    }

    /// A JSON string's bytes read by `string()`, or nil when refused; the same for `JSONDecoder`.
    static func scannedString(_ json: [UInt8]) -> String? {
        json.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes: bytes)
            guard let value = try? scanner.string(), (try? scanner.end()) != nil else { return nil }
            return value
        }
    }

    @Test func stringsWithAndWithoutEscapesReadAsJSONDecoderReadsThem() {
        let insertions: [[UInt8]] = [[], Array(#"\""#.utf8), Array(#"\\"#.utf8), Array(#"\/"#.utf8), Array(#"\n"#.utf8),
                                     Array(#"\u00e9"#.utf8), Array(#"\ud83d\ude00"#.utf8), Array("é".utf8), Array("😀".utf8),
                                     [0x22], [0x5C], [0x0A], [0x1F], [0x7F], [0xC3], [0xFF], [0xED, 0xA0, 0x80], [0xE2, 0x82]]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 40] {
            for position in 0...length {
                for insertion in insertions {
                    var content = [UInt8](repeating: UInt8(ascii: "k"), count: length)
                    content.insert(contentsOf: insertion, at: position)
                    let json = [0x22] + content + [0x22]
                    let foundation = try? JSONDecoder().decode(String.self, from: Data(json))
                    #expect(Self.scannedString(json) == foundation, "\(json)")
                }
            }
        }
    }

    @Test func catalogueStringsAreReusedOnlyWhenTheirBytesAreTheSame() throws {
        let table = JSONStringTable(GraphPermission.allNames)
        let names = GraphPermission.allNames
        let texts = names.map { "\"\($0)\"" } + [#""Directory.Read\u002eAll""#, #""User.ReadWrite.Al""#, #""User.ReadWrite.Alll""#,
                                                 #""""#, #""Directory.Read.All\n""#, #""Dïrectory.Read.All""#]
        for order in [texts, texts.reversed()] {
            let json = Array(("[" + order.joined(separator: ",") + "]").utf8)
            let scanned = try json.withUnsafeBytes { bytes in
                var scanner = JSONScanner(bytes: bytes)
                var hint = 0
                let strings = try scanner.array { try $0.string(reusing: table, hint: &hint) }
                try scanner.end()
                return strings
            }
            #expect(scanned == (try JSONDecoder().decode([String].self, from: Data(json))))
            #expect(scanned.map { Array($0.utf8) } == (try JSONDecoder().decode([String].self, from: Data(json))).map { Array($0.utf8) })
        }
    }

    @Test func arraysOfEveryLengthReadAsJSONDecoderReadsThem() throws {
        for count in [0, 1, 2, 10, 31, 32, 33, 64, 100] {
            let strings = (0..<count).map { "s\($0)" + String(repeating: "é", count: $0 % 3) }
            let json = try JSONEncoder().encode(strings)
            let scanned = try Array(json).withUnsafeBytes { bytes in
                var scanner = JSONScanner(bytes: bytes)
                let strings = try scanner.array(of: { try $0.string() })
                try scanner.end()
                return strings
            }
            #expect(scanned == strings)
            // An element that fails part-way through is a refusal, whatever was gathered before it.
            let broken = Array(json.dropLast()) + Array(",1]".utf8)
            #expect(throws: JSONScanner.Malformed.self) {
                try broken.withUnsafeBytes { bytes in
                    var scanner = JSONScanner(bytes: bytes)
                    _ = try scanner.array(of: { try $0.string() })
                }
            }
        }
    }

    // MARK: Keys

    enum Key: String, CaseIterable { case alpha, beta, retireKeyID }
    static let table = JSONStringTable(Key.allCases, text: \.rawValue)

    /// The keys `object(keys:)` reports for `json`, or nil when it refuses it; and what `object(_:)` with a
    /// `switch` over the key (the general path) reports.
    static func keysFound(_ json: String) -> (fast: [Key?]?, general: [Key?]?) {
        let bytes = Array(json.utf8)
        let fast = bytes.withUnsafeBytes { buffer -> [Key?]? in
            var scanner = JSONScanner(bytes: buffer)
            var found: [Key?] = []
            guard (try? scanner.object(keys: Self.table, { scanner, key in found.append(key); try scanner.skipValue() })) != nil
            else { return nil }
            return found
        }
        let general = bytes.withUnsafeBytes { buffer -> [Key?]? in
            var scanner = JSONScanner(bytes: buffer)
            var found: [Key?] = []
            guard (try? scanner.object { scanner, key in
                switch key {
                case "alpha": found.append(.alpha)
                case "beta": found.append(.beta)
                case "retireKeyID": found.append(.retireKeyID)
                default: found.append(nil)
                }
                try scanner.skipValue()
            }) != nil else { return nil }
            return found
        }
        return (fast, general)
    }

    @Test(arguments: [
        #"{}"#, #"{"alpha":1,"beta":2}"#, #"{"beta":2,"alpha":1}"#, #"{"alpha":1,"alpha":2}"#, #"{"alpha":1,"alph\u0061":2}"#,
        #"{"alph\u0061":1}"#, #"{"gamma":1,"gamma":2}"#, #"{"gamma":1,"delta":2,"alpha":3}"#, #"{"é":1,"e\u0301":2}"#,
        #"{"é":1,"é":2}"#, #"{"retire\u212AeyID":1}"#, #"{"retireKeyID":1,"retire\u212AeyID":2}"#, #"{"retireKeyI":1}"#,
        #"{"alphaa":1}"#, #"{"":1,"":2}"#, #"{"alpha":1,}"#, #"{"alpha" 1}"#, #"{"alpha":1"#, #"{"alpha"#, #"{"al"#,
        #"{"alpha\":1}"#, "{\"al\u{1}pha\":1}", #"{ "alpha" : 1 , "beta" : 2 }"#, #"{"beta":{"beta":1,"beta":2}}"#,
    ])
    func keysMatchAndRepeatAsAStringSwitchSeesThem(_ json: String) {
        let (fast, general) = Self.keysFound(json)
        #expect(fast == general, "\(json)")
    }
}
