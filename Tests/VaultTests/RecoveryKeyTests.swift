import Testing
import Sodium
@testable import Vault

@Suite("Recovery key")
struct RecoveryKeyTests {
    @Test func formatIsFourteenGroupsOfFourBase32Characters() throws {
        let formatted = text(try RecoveryKey.generate().formatted())
        let groups = formatted.split(separator: "-")
        #expect(groups.count == 14)
        #expect(groups.allSatisfy { $0.count == 4 })
        #expect(formatted.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567-".contains($0) })
    }

    @Test func parseAcceptsWhatPeopleType() throws {
        let key = try RecoveryKey.generate()
        let formatted = text(try key.formatted())
        let variants = [
            formatted,
            formatted.lowercased(),
            formatted.replacingOccurrences(of: "-", with: " "),
            formatted.replacingOccurrences(of: "-", with: ""),
            formatted.replacingOccurrences(of: "O", with: "0").replacingOccurrences(of: "I", with: "1"),
        ]
        for variant in variants {
            let parsed = try RecoveryKey.parse(try secret(variant))
            let same = parsed.key.constantTimeEquals(key.key)
            #expect(same, "variant \(variant.count) characters")
        }
    }

    @Test func typosAreReportedAsMalformed() throws {
        let formatted = Array(text(try RecoveryKey.generate().formatted()))
        var typo = formatted
        typo[0] = typo[0] == "A" ? "B" : "A"
        #expect(throws: VaultError(.malformedRecoveryKey(reason: "its checksum does not match (a typo?)"))) {
            _ = try RecoveryKey.parse(try secret(String(typo)))
        }
        #expect(throws: VaultError(.malformedRecoveryKey(reason: "it is too short"))) {
            _ = try RecoveryKey.parse(try secret(String(formatted.dropLast(5))))
        }
        #expect(throws: VaultError(.malformedRecoveryKey(reason: "it contains a character that is not A-Z or 2-7"))) {
            _ = try RecoveryKey.parse(try secret(String(formatted.dropLast()) + "!"))
        }
        #expect(throws: VaultError(.malformedRecoveryKey(reason: "it is too long"))) {
            _ = try RecoveryKey.parse(try secret(String(formatted) + "AAAAAAAA"))
        }
    }
}
