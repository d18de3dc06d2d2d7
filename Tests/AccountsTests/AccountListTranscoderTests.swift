import Foundation
import IAMVaultTestSupport
import Testing
@testable import Accounts

/// `AccountListTranscoder`, `list`'s fast path: whenever it renders a payload, the bytes are the full path's
/// (decode into an `Account`, then render), and it renders only payloads the full decoder accepts.
@Suite("List fast path: a stored payload rendered straight, or left to the full decoder")
struct AccountListTranscoderTests {
    /// The full path's element for `payload`, or nil when the decoder refuses it.
    private func fullPath(_ payload: [UInt8], name: String) -> [UInt8]? {
        guard let account = try? Account(storedPayload: payload, name: name) else { return nil }
        return AccountListJSON.Element(account).bytes
    }

    private func check(_ payload: [UInt8], name: String, comment: Comment? = nil) -> Bool {
        let fast = AccountListTranscoder.element(storedPayload: payload, name: name)?.bytes
        guard let fast else { return false }
        let full = fullPath(payload, name: name)
        #expect(full != nil, "the fast path rendered a payload the decoder refuses: \(String(decoding: payload, as: UTF8.self))")
        #expect(fast == full, comment)
        return true
    }

    /// An account in the form the fast path takes: no retired versions or rotations, strings without anything
    /// the stored JSON escapes (`/` included: it is stored as `\/`), with non-ASCII text and combining marks,
    /// which it copies as they are.
    static func plainAccount(_ random: inout SeededGenerator) -> Account {
        let pieces = ["a", "Z", "0", "-", ".", " ", "é", "中", "😀", "e\u{301}", "'", "<", "&", "~", "\u{2028}"]
        func text(_ random: inout SeededGenerator) -> String {
            String((0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
        }
        func list(_ random: inout SeededGenerator) -> [String] { (0..<Int.random(in: 0...12, using: &random)).map { _ in text(&random) } }
        var account = RandomAccounts.account(&random)
        account.description = random.next() % 3 == 0 ? nil : text(&random)
        account.tags = list(&random)
        account.permissions = random.next() % 2 == 0 ? Array(GraphPermission.allNames.prefix(Int(random.next() % 12))) : list(&random)
        account.tenantID = text(&random)
        account.clientID = text(&random)
        account.retiredVersions = []
        account.azureRotations = []
        return account
    }

    @Test func plainAccountsTakeTheFastPathAndRenderAsTheFullPathDoes() throws {
        var random = SeededGenerator(seed: 21)
        for _ in 0..<2000 {
            let account = Self.plainAccount(&random)
            let payload = try account.storedPayload()
            let fast = AccountListTranscoder.element(storedPayload: payload, name: account.name)?.bytes
            #expect(fast != nil, "the fast path gave up on \(String(decoding: payload, as: UTF8.self))")
            #expect(fast == nil || fast == AccountListJSON.Element(account).bytes)
            if fast == nil { return }
        }
    }

    /// Accounts with escapes, retired versions and rotations: the fast path gives up or agrees.
    @Test func anyAccountRendersAsTheFullPathOrIsLeftToIt() throws {
        var random = SeededGenerator(seed: 22)
        var taken = 0
        for _ in 0..<2000 {
            let account = RandomAccounts.account(&random)
            if check(try account.storedPayload(), name: account.name) { taken += 1 }
        }
        #expect(taken < 2000)
    }

    /// Every byte flipped, cut or dropped, members reordered, repeated, unknown or missing: the fast path
    /// never accepts what the full decoder refuses, and agrees with it on the rest.
    @Test func damagedPayloadsAreNeverRenderedDifferently() throws {
        var random = SeededGenerator(seed: 23)
        for _ in 0..<40 {
            let account = Self.plainAccount(&random)
            let payload = try account.storedPayload()
            for index in payload.indices {
                var flipped = payload
                flipped[index] ^= UInt8(1 << (random.next() % 8))
                _ = check(flipped, name: account.name)
                _ = check(Array(payload[..<index]), name: account.name)
                var dropped = payload
                dropped.remove(at: index)
                _ = check(dropped, name: account.name)
            }
        }
        let text = String(decoding: try Self.plainAccount(&random).storedPayload(), as: UTF8.self)
        for variant in [
            text.replacingOccurrences(of: "{\"", with: "{\"zzz\":[1,{\"a\":null}],\""),
            text.replacingOccurrences(of: "\"schema\":1", with: "\"schema\":1,\"schema\":1"),
            text.replacingOccurrences(of: "\"schema\":1", with: "\"schema\":1.5"),
            text.replacingOccurrences(of: "\"schema\":1,", with: ""),
            text.replacingOccurrences(of: "\"enabled\":", with: "\"enabled\":null,\"x\":"),
            text.replacingOccurrences(of: "\"retiredVersions\":[]", with: "\"retiredVersions\":null"),
            text.replacingOccurrences(of: "\"provider\":\"azure\"", with: "\"provider\":\"aws\""),
            "{\"updatedAt\":0," + text.dropFirst().replacingOccurrences(of: ",\"updatedAt\":", with: ",\"x\":"),
        ] {
            _ = check(Array(variant.utf8), name: "n", comment: "\(variant)")
        }
        // Members in another order than the stored one: the full decoder reads them; the fast path leaves it.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let reordered = "{" + object.keys.sorted(by: >).map { key in
            "\"\(key)\":" + String(decoding: try! JSONSerialization.data(withJSONObject: object[key]!, options: [.fragmentsAllowed]), as: UTF8.self)
        }.joined(separator: ",") + "}"
        #expect(fullPath(Array(reordered.utf8), name: "n") != nil)
        #expect(!check(Array(reordered.utf8), name: "n"))
    }

    /// The fuzz corpus of the stored payload's decoder (tools/fuzz/corpus/fuzz-account-payload).
    @Test(arguments: FuzzCorpus.inputs("fuzz-account-payload"))
    func fuzzCorpusPayloads(_ input: FuzzInput) {
        _ = check(Array(input.bytes), name: "corpus")
    }
}

/// Through the service: a vault whose accounts take the fast path and the full one lists byte for byte what
/// rendering the decoded accounts gives.
@Suite("List fast path through the account service")
struct AccountListFastPathServiceTests {
    @Test func theStreamedListIsTheRenderedListOfTheDecodedAccounts() throws {
        let h = try Harness()
        for index in 0..<40 {
            var draft = h.draft("acct-\(index)")
            if index % 3 == 0 { draft.description = "with / and \"quotes\"" }  // escaped when stored: the full path
            if index % 5 == 0 { draft.tags = ["Prod", "tier0", "team-a"] }
            try h.service.add(draft, secret: try secret(azureSecret(500 + index)))
        }
        try h.service.rotate("acct-7", secret: try secret(azureSecret(900)))  // a retired version: the full path
        var streamed: [UInt8] = []
        try h.service.renderAccountList { parts in for part in parts { streamed += part } }
        #expect(streamed == AccountListJSON.render(try h.service.list()))
    }
}
