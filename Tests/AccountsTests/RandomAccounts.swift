import Foundation
import IAMVaultTestSupport
@testable import Accounts

/// Random accounts with every field shape the stored payload and the list output must carry: absent and
/// empty optionals, unicode, quotes, backslashes, control characters, `/`, emoji, long strings, dates from
/// year 1 to 9999 with fractional milliseconds, retired versions and rotations.
enum RandomAccounts {
    static let pieces = ["a", "Z", "0", "/", "\\", "\"", "é", "😀", "\u{0}", "\u{1}", "\u{8}", "\t", "\n", "\u{c}", "\r", "\u{1f}",
                         "\u{7f}", "\u{2028}", "\u{fffe}", "中", " ", "'", "<", "&", "\u{10ffff}", "e\u{301}"]

    static func text(_ random: inout SeededGenerator, maximum: Int = 12) -> String {
        let count = random.next() % 8 == 0 ? Int.random(in: 200...600, using: &random) : Int.random(in: 0...maximum, using: &random)
        return String((0..<count).map { _ in pieces.randomElement(using: &random)! }.joined())
    }

    static func date(_ random: inout SeededGenerator) -> Date {
        switch random.next() % 5 {
        case 0: return Date(timeIntervalSince1970: Double(Int.random(in: -62_135_596_800...253_402_300_799, using: &random)))
        case 1: return Date(timeIntervalSince1970: Double.random(in: -1e10...1e10, using: &random))
        case 2: return Date(timeIntervalSince1970: Double(Int.random(in: 0...4_000_000_000_000, using: &random)) / 1000)
        case 3: return Date(timeIntervalSince1970: [0, -0.0005, 0.9999999, 978_307_199.9999999, 1e-300, -1][Int(random.next() % 6)])
        default: return Date(timeIntervalSince1970: 1_764_200_000 + Double.random(in: 0...1e8, using: &random))
        }
    }

    static func account(_ random: inout SeededGenerator) -> Account {
        func optional<T>(_ make: (inout SeededGenerator) -> T) -> T? { random.next() % 2 == 0 ? nil : make(&random) }
        func list<T>(_ make: (inout SeededGenerator) -> T) -> [T] {
            (0..<Int.random(in: 0...3, using: &random)).map { _ in make(&random) }
        }
        let retired = list { random in
            Account.RetiredVersion(version: Int.random(in: 1...Int.max, using: &random), hint: text(&random), createdAt: date(&random),
                                   expiresAt: date(&random), retiredAt: date(&random))
        }
        let rotations = list { random in
            AzureRotationIntent(
                id: text(&random), stage: [.adding, .proving, .retiring][Int(random.next() % 3)], startedAt: date(&random),
                displayName: text(&random), oldVersion: random.next() % 2 == 0 ? nil : Int.random(in: Int.min...Int.max, using: &random),
                retireKeyID: random.next() % 2 == 0 ? nil : text(&random), newVersion: random.next() % 2 == 0 ? nil : Int(random.next() % 100),
                newKeyID: random.next() % 2 == 0 ? nil : text(&random), retireAfter: random.next() % 2 == 0 ? nil : date(&random))
        }
        return Account(
            name: text(&random), enabled: random.next() % 2 == 0, provider: .azure, description: optional { text(&$0) },
            tags: list { text(&$0) }, tenantID: text(&random), clientID: text(&random), permissions: list { text(&$0) },
            createdAt: date(&random), updatedAt: date(&random), lastVerifiedAt: optional(date), retiredVersions: retired,
            azureRotations: rotations)
    }
}
