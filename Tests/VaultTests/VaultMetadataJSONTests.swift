import Foundation
import IAMVaultTestSupport
import Testing
@testable import Vault

/// The vault metadata is written by hand (`canonicalJSON`) in exactly `JSONEncoder`'s form, or by
/// `JSONEncoder` itself where the hand-written form could differ.
@Suite("The vault metadata's JSON is JSONEncoder's, byte for byte")
struct VaultMetadataJSONTests {
    static let pieces = ["a", "Z", "0", "9", "/", "\\", "\"", ".", "_", "-", " ", "é", "😀", "\u{2028}", "\u{7F}", "\u{0}", "\u{1}", "\u{8}",
                         "\t", "\n", "\u{B}", "\u{C}", "\r", "\u{1F}", "audit.head", "42:0123abcd"]
    static let asciiKeyPieces = ["a", "b", "A", "Z", "0", "1", "10", "2", ".", "_", "-", "/", "\"", "\\", "\u{1}", "\t", "~", "audit", "head"]

    static func text(_ random: inout SeededGenerator, from pieces: [String], upTo count: Int) -> String {
        (0..<Int.random(in: 0...count, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func date(_ random: inout SeededGenerator) -> Date {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return Date(timeIntervalSince1970: Double(Int64.random(in: 0..<253_402_300_800, using: &random)))
        case 1: return Date(timeIntervalSince1970: Double.random(in: 0..<253_402_300_800, using: &random))
        case 2: return Date(timeIntervalSince1970: Double(Int64.random(in: 1_700_000_000...1_900_000_000, using: &random)))
        case 3: return Date(timeIntervalSince1970: Double.random(in: -62_135_596_800..<0, using: &random))
        default: return Date(timeIntervalSince1970: [0, 253_402_300_799, 253_402_300_800, -1, 0.5, 253_402_300_799.9].randomElement(using: &random)!)
        }
    }

    static func metadata(_ random: inout SeededGenerator) -> VaultMetadata {
        var extensions: [String: String] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            extensions[text(&random, from: asciiKeyPieces, upTo: 4)] = text(&random, from: pieces, upTo: 6)
        }
        let version = [1, 0, -1, Int.max, Int.min, Int.random(in: -1000...1000, using: &random)].randomElement(using: &random)!
        return VaultMetadata(formatVersion: version, vaultID: text(&random, from: pieces, upTo: 8), createdAt: date(&random),
                             rekeyedAt: Bool.random(using: &random) ? nil : date(&random), extensions: extensions)
    }

    @Test func randomValuesEncodeAsJSONEncoderDoes() throws {
        var random = SeededGenerator(seed: 20261127)
        var handWritten = 0
        for _ in 0..<3000 {
            let value = Self.metadata(&random)
            if value.canonicalJSON != nil { handWritten += 1 }
            let expected = try value.foundationJSON()
            #expect(try value.encoded() == expected, "\(value)")
        }
        #expect(handWritten == 3000, "every value with ASCII keys is written by hand")
    }

    @Test func theUsualMetadataIsWrittenByHandAndReadsBack() throws {
        let value = VaultMetadata(formatVersion: 1, vaultID: "0123456789abcdef0123456789abcdef",
                                  createdAt: Date(timeIntervalSince1970: 1_795_000_000),
                                  extensions: ["audit.head": "1234:" + String(repeating: "ab", count: 32), "audit.pending_folded": "7"])
        let bytes = try #require(value.canonicalJSON)
        #expect(bytes == (try value.foundationJSON()))
        #expect(try VaultMetadata.decode(bytes) == value)
    }

    @Test func aKeyThatIsNotASCIIGoesToJSONEncoder() throws {
        for key in ["é", "a😀", "\u{2028}", "Zé"] {
            let value = VaultMetadata(formatVersion: 1, vaultID: "v", createdAt: Date(timeIntervalSince1970: 0), extensions: [key: "x", "a": "y"])
            #expect(value.canonicalJSON == nil)
            #expect(try value.encoded() == (try value.foundationJSON()))
        }
    }
}
