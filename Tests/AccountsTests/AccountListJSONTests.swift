import Foundation
import IAMVaultTestSupport
import Testing
@testable import Accounts
import Vault

/// The hand-written `list --json` output against `JSONEncoder` as `Output.json` configures it.
@Suite("AccountListJSON: byte for byte what JSONEncoder prints")
struct AccountListJSONTests {
    static func foundation(_ accounts: [Account]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(accounts)) + [0x0A]
    }

    @Test func randomAccountsRenderAsJSONEncoderWritesThem() throws {
        var random = SeededGenerator(seed: 11)
        for count in [0, 1, 2, 5, 40] {
            for _ in 0..<20 {
                let accounts = (0..<count).map { _ in RandomAccounts.account(&random) }
                let hand = AccountListJSON.render(accounts)
                let expected = try Self.foundation(accounts)
                #expect(hand == expected, "\(String(decoding: hand, as: UTF8.self))\n---\n\(String(decoding: expected, as: UTF8.self))")
                if hand != expected { return }
            }
        }
    }

    @Test func everyDateOfTheYearsIamvaultWritesRendersAsJSONEncoderWritesIt() throws {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<5000 {
            let date = RandomAccounts.date(&random)
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            #expect(ISO8601Text.quoted(date) == Array(try encoder.encode([date]).dropFirst().dropLast()), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func piecesTakenAtAnyPointConcatenateToTheWhole() throws {
        var random = SeededGenerator(seed: 13)
        let accounts = (0..<30).map { _ in RandomAccounts.account(&random) }
        var list = AccountListJSON()
        var bytes: [UInt8] = []
        for account in accounts {
            list.append(account)
            if random.next() % 3 == 0 { bytes += list.take() }
        }
        bytes += list.finish()
        #expect(bytes == (try Self.foundation(accounts)))
        #expect(list.accountCount == 30)
    }
}
