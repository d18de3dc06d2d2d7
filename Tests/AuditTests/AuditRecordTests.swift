import Foundation
import Sodium
import Testing
@testable import Audit

/// The canonical bytes and the chain MAC are pinned to values computed independently, from the spec, by
/// tools/audit-verify-export.py (docs/audit.md publishes the same vector).
@Suite("Canonical entry bytes and the chain MAC")
struct AuditRecordTests {
    static let kAudit = "efa83949a9f3ffe97bd703b43d8b5f6be0055318813183d608da78c75bb26a61"
    static let first = AuditRecord(
        seq: 1, timeMilliseconds: 1_795_000_000_123, event: "secret.released", account: "Contoso-Prod",
        actor: AuditActor(user: "alice", uid: 1000, pid: 4242, command: "iamvault"), details: ["via": "pipe", "purpose": "deploy"])
    static let second = AuditRecord(
        seq: 2, timeMilliseconds: 1_795_000_001_000, event: "vault.locked", account: nil,
        actor: AuditActor(user: "alice", uid: 1000, pid: -1, command: "iamvault"), details: ["by": "timeout"])
    static let firstCanonical = "0000000000000001000001a1ee565e7b0000000f7365637265742e72656c6561736564010000000c436f6e746f736f2d50726f6400000005616c696365000003e8000010920000000869616d7661756c740000000200000007707572706f7365000000066465706c6f79000000037669610000000470697065"
    static let firstMAC = "197356dceba7e1f661d84ce4fcf81eb603e1278f74e41871cf2fd0eaf0292c06"
    static let secondCanonical = "0000000000000002000001a1ee5661e80000000c7661756c742e6c6f636b65640000000005616c696365000003e8ffffffff0000000869616d7661756c74000000010000000262790000000774696d656f7574"
    static let secondMAC = "98f71d0e5b112f85a71dc129f473acb59c14840e5abe45b8136afef67277f053"

    @Test func theCodeMatchesTheVector() throws {
        #expect(Self.first.canonicalBytes().hex == Self.firstCanonical)
        #expect(Self.second.canonicalBytes().hex == Self.secondCanonical)
        let key = try SecretBytes(copying: fromHex(Self.kAudit))
        var scratch: [UInt8] = []
        let mac1 = try AuditMAC.compute(previous: AuditMAC.genesis, canonical: Self.first.canonicalBytes(), key: key, scratch: &scratch)
        #expect(mac1.hex == Self.firstMAC)
        let mac2 = try AuditMAC.compute(previous: mac1, canonical: Self.second.canonicalBytes(), key: key, scratch: &scratch)
        #expect(mac2.hex == Self.secondMAC)
    }

    @Test func docsAuditPublishesTheSameVector() throws {
        let spec = try String(contentsOfFile: repositoryRoot() + "/docs/audit.md", encoding: .utf8)
        for value in [Self.kAudit, Self.firstCanonical, Self.firstMAC, Self.secondCanonical, Self.secondMAC] {
            #expect(spec.contains(value), "docs/audit.md must show \(value)")
        }
    }

    @Test func canonicalBytesDecodeToTheSameRecord() throws {
        for record in [Self.first, Self.second] {
            #expect(AuditRecord(canonical: record.canonicalBytes()) == record)
        }
        let odd = AuditRecord(
            seq: 7, timeMilliseconds: 0, event: "x", account: "", actor: AuditActor(user: "", uid: .max, pid: .min, command: ""),
            details: ["é": "1", "e": "2", "Z": "", "ü\u{0}": "\n"])
        #expect(AuditRecord(canonical: odd.canonicalBytes()) == odd)
    }

    @Test func detailsAreOrderedByUTF8Bytes() {
        let record = AuditRecord(seq: 1, timeMilliseconds: 0, event: "e", account: nil, actor: AuditActor(user: "", uid: 0, pid: 0, command: ""),
                                 details: ["é": "", "z": "", "Z": "", "a": ""])
        #expect(record.sortedDetails.map(\.key) == ["Z", "a", "z", "é"])
    }

    @Test func malformedBytesAreRefusedNeverATrap() {
        let bytes = Self.first.canonicalBytes()
        for length in 0..<bytes.count {
            #expect(AuditRecord(canonical: Array(bytes.prefix(length))) == nil, "cut at \(length)")
        }
        #expect(AuditRecord(canonical: bytes + [0]) == nil, "trailing byte")
        var flag = bytes
        flag[8 + 8 + 4 + 15] = 2
        #expect(AuditRecord(canonical: flag) == nil, "presence flag 2")
        var hugeLength = bytes
        hugeLength.replaceSubrange(16..<20, with: [0xff, 0xff, 0xff, 0xff])
        #expect(AuditRecord(canonical: hugeLength) == nil)
        // Details out of canonical order: swap the two pairs.
        let unordered = AuditRecord(seq: 1, timeMilliseconds: 0, event: "e", account: nil, actor: AuditActor(user: "", uid: 0, pid: 0, command: ""), details: ["b": "1"])
        var swapped = unordered.canonicalBytes()
        swapped.replaceSubrange((swapped.count - 14)..<swapped.count, with: [0, 0, 0, 2] + [0, 0, 0, 1, 0x62, 0, 0, 0, 1, 0x31] + [0, 0, 0, 1, 0x61, 0, 0, 0, 1, 0x31])
        #expect(AuditRecord(canonical: swapped) == nil)
        var invalidUTF8 = bytes
        invalidUTF8[20] = 0xff
        #expect(AuditRecord(canonical: invalidUTF8) == nil)
        #expect(AuditRecord.scan([]) == nil)
    }

    @Test func timesAreRFC3339UTCWithMilliseconds() {
        #expect(AuditTime.rfc3339(0) == "1970-01-01T00:00:00.000Z")
        #expect(AuditTime.rfc3339(951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(AuditTime.rfc3339(1_795_000_000_123) == "2026-11-18T11:06:40.123Z")
        #expect(AuditTime.rfc3339(AuditTime.maximumMilliseconds) == "9999-12-31T23:59:59.999Z")
        // Whole seconds against Foundation's formatter (integral seconds are exact in a Date), the
        // milliseconds by arithmetic.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let ms = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(ms / 1000))).dropLast()
                + "." + String(format: "%03d", Int(ms % 1000)) + "Z"
            #expect(AuditTime.rfc3339(ms) == expected, "\(ms)")
        }
        #expect(AuditTime.milliseconds(Date(timeIntervalSince1970: -0.001)) == nil)
        #expect(AuditTime.milliseconds(Date(timeIntervalSince1970: 253_402_300_800)) == nil)
        #expect(AuditTime.milliseconds(Date(timeIntervalSince1970: 1.2345)) == 1235)
    }

    @Test func jsonStringsRoundTripThroughAJSONParser() throws {
        let samples = ["plain", "quote \" backslash \\ slash /", "control \u{0}\u{1}\u{1f}\u{7f}", "lines\n\r\t\u{2028}\u{2029}", "ünï 🔑 日本"]
        for sample in samples {
            let quoted = JSONText.quoted(sample)
            #expect(!quoted.contains("\n"))
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
            #expect(parsed == [sample])
        }
    }

    @Test func headsParseOnlyTheirOwnForm() {
        let head = AuditHead(seq: 12, mac: Array(repeating: 0xab, count: 32))
        #expect(AuditHead(head.description) == head)
        for bad in ["", "12", "12:", "0:" + String(repeating: "ab", count: 32), "012:" + String(repeating: "ab", count: 32),
                    "12:" + String(repeating: "AB", count: 32), "12:" + String(repeating: "ab", count: 31), "-1:" + String(repeating: "ab", count: 32),
                    "99999999999999999999:" + String(repeating: "ab", count: 32)] {
            #expect(AuditHead(bad) == nil, "\(bad)")
        }
    }
}
