import Foundation
import IAMVaultTestSupport
import Testing
import Vault
@testable import Accounts

/// The hand-written payload decoder against Foundation's `JSONDecoder`, on what `StoredJSON.encode` writes
/// and on hostile bytes.
@Suite("AccountPayload scanning: the same accounts as JSONDecoder, integrity failures on anything else")
struct AccountPayloadScanningTests {
    static func foundation(_ bytes: [UInt8]) throws -> AccountPayload {
        try StoredJSON.decode(AccountPayload.self, from: bytes, what: "test")
    }

    @Test func randomAccountsDecodeAsJSONDecoderDecodesThem() throws {
        var random = SeededGenerator(seed: 8)
        for _ in 0..<2000 {
            let account = RandomAccounts.account(&random)
            let bytes = try account.storedPayload()
            let foundation = try Self.foundation(bytes)
            #expect(try AccountPayload(scanning: bytes) == foundation)
            #expect(try Account(storedPayload: bytes, name: account.name) == foundation.account(named: account.name))
        }
    }

    @Test func olderPayloadsEscapesNullsAndUnknownMembersRead() throws {
        let base = #"{"clientID":"c\/d\u00e9\ud83d\ude00","createdAt":1.5e3,"enabled":true,"permissions":[],"provider":"azure","#
            + #""retiredVersions":[],"schema":1,"tags":["x"],"tenantID":"t","updatedAt":-0,"future":{"a":[1,null,true]}"#
        for tail in ["}", #","description":null,"lastVerifiedAt":null,"azureRotations":null}"#, #" , "azureRotations" : [ ] } "#] {
            let bytes = Array((base + tail).utf8)
            let hand = try AccountPayload(scanning: bytes)
            let foundation = try Self.foundation(bytes)
            #expect(hand == foundation, "\(hand)\n\(foundation)")
        }
    }

    @Test func everyTruncationAndEveryFlippedByteIsRefusedOrReadAsJSONDecoderReadsIt() throws {
        var random = SeededGenerator(seed: 9)
        for _ in 0..<4 {
            let bytes = try RandomAccounts.account(&random).storedPayload()
            for end in 0..<bytes.count {
                expectIntegrityFailure(Array(bytes[..<end]))
            }
            for index in bytes.indices {
                for flip: UInt8 in [0x01, 0x20, 0x80] {
                    var changed = bytes
                    changed[index] ^= flip
                    expectSameAsFoundation(changed)
                }
            }
        }
    }

    @Test(arguments: [
        #"{"schema":1,"schema":1}"#,  // a key twice (JSONDecoder keeps one: stricter here, by design)
        #"{"schema":"1"}"#, #"{"enabled":1}"#, #"{"tags":"x"}"#, #"{"tags":[1]}"#, #"{"provider":"aws"}"#,
        #"{"createdAt":1e400}"#, #"{"schema":123456789012345678901234567890}"#, #"{"schema":01}"#, #"{"schema":1.}"#,
        #"{"tenantID":"\ud800"}"#, #"{"tenantID":"\udc00\ud800"}"#, #"{"tenantID":"\u12"}"#, #"{"tenantID":"\x"}"#,
        "[1]", "", "null", #"{"a":"#, String(repeating: #"{"a":"#, count: 5000) + "1" + String(repeating: "}", count: 5000),
        String(repeating: "[", count: 100_000),
    ])
    func hostilePayloadsAreIntegrityFailures(_ text: String) {
        expectIntegrityFailure(Array(text.utf8))
    }

    @Test func invalidUTF8AndControlCharactersAreRefused() throws {
        let good = try RandomAccounts.account(&Self.seeded).storedPayload()
        let quote = try #require(good.firstIndex(of: UInt8(ascii: "\"")))
        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x0A], [0x00]] {
            var changed = good
            changed.insert(contentsOf: bad, at: quote + 1)
            expectIntegrityFailure(changed)
        }
    }

    nonisolated(unsafe) static var seeded = SeededGenerator(seed: 10)

    private func expectIntegrityFailure(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: VaultError.self, sourceLocation: sourceLocation) { _ = try Account(storedPayload: bytes, name: "n") }
    }

    /// One byte changed: both refuse, or both read the same payload (a change inside a string, say).
    private func expectSameAsFoundation(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let hand = try? AccountPayload(scanning: bytes)
        let foundation = try? Self.foundation(bytes)
        if hand != foundation, hand == nil, Self.hasDuplicateKey(bytes) { return }  // refused by design
        #expect(hand == foundation, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    private static func hasDuplicateKey(_ bytes: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil
    }
}
