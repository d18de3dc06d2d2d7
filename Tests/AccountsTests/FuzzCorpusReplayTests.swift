import Foundation
import IAMVaultTestSupport
import Sodium
import Testing
import Vault
import Accounts

/// Replays every committed input of the account-level fuzz targets (tools/fuzz/corpus) through the same
/// public entry points, with the targets' main properties, so the corpus is exercised by a plain `swift test`.
@Suite("Fuzz corpus replay: az JSON, secret lifetimes, account and secret-version records")
struct FuzzCorpusReplayTests {
    @Test func everyAccountsTargetHasACommittedCorpus() {
        for target in ["fuzz-az-json", "fuzz-secret-lifetime", "fuzz-vault-record", "fuzz-account-payload"] {
            #expect(FuzzCorpus.inputs(target).count >= 4, "\(target)")
        }
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-az-json"))
    func azJSON(_ input: FuzzInput) throws {
        do {
            let parsed = try AzCredentialJSON.parse(try SecretBytes(copying: input.bytes))
            #expect(!parsed.appID.isEmpty && !parsed.tenant.isEmpty)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(input.bytes)) as? [String: Any])
            #expect(object["appId"] as? String == parsed.appID)
            #expect(Array(((object["password"] as? String) ?? "").utf8) == parsed.password.withUnsafeBytes { Array($0) })
        } catch {
            #expect(error is AccountError)
        }
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-secret-lifetime"))
    func secretLifetime(_ input: FuzzInput) {
        do {
            let lifetime = try SecretLifetime.parse(String(decoding: input.bytes, as: UTF8.self))
            if case .days(let days) = lifetime { #expect(SecretLifetime.presetDays.contains(days)) }
            _ = try? lifetime.expiry(from: Date(timeIntervalSince1970: 1_795_000_000))
        } catch {
            #expect(error is AccountError)
        }
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-vault-record").filter { [3, 4].contains($0.bytes.first.map { $0 % 5 }) })
    func accountRecords(_ input: FuzzInput) throws {
        let record = Array(input.bytes.dropFirst())
        if input.bytes[0] % 5 == 3 {
            guard let account = try? Account(storedPayload: record, name: "Contoso-Prod") else { return }
            #expect(try Account(storedPayload: try account.storedPayload(), name: "Contoso-Prod") == account)
        } else {
            guard let info = try? SecretVersionInfo(storedMetadata: record, version: 1) else { return }
            #expect(try SecretVersionInfo(storedMetadata: try info.storedMetadata(), version: 1) == info)
        }
    }

    /// `fuzz-account-payload`: what the hand decoder reads, JSONDecoder reads the same (the target's main
    /// property); a refusal is a `VaultError`.
    @Test(arguments: FuzzCorpus.inputs("fuzz-account-payload"))
    func accountPayload(_ input: FuzzInput) throws {
        let bytes = Array(input.bytes)
        do {
            let account = try Account(storedPayload: bytes, name: "n")
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .millisecondsSince1970
            var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            object["name"] = "n"
            object["azureRotations"] = object["azureRotations"] ?? []
            let viaFoundation = try decoder.decode(Account.self, from: try JSONSerialization.data(withJSONObject: object))
            #expect(viaFoundation.name == account.name && viaFoundation.tags == account.tags
                    && viaFoundation.description == account.description && viaFoundation.azureRotations.count == account.azureRotations.count)
        } catch {
            #expect(error is VaultError)
        }
    }

    @Test func aBrokenAccountRecordIsAnIntegrityFailure() {
        #expect(throws: VaultError.self) { _ = try Account(storedPayload: Array("{\"schema\":1}".utf8), name: "x") }
        #expect(throws: VaultError.self) { _ = try SecretVersionInfo(storedMetadata: [0xFF], version: 3) }
    }
}
