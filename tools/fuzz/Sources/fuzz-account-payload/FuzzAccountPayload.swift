import Accounts
import Foundation
import FuzzSupport
import Vault

@_cdecl("fuzz_account_payload_main")
public func fuzzAccountPayloadMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzAccountPayload)
}

/// The stored account payload read by hand (`Account(storedPayload:)`, `JSONScanner`) against Foundation's
/// `JSONDecoder`, which read it before: a differential target.
///
/// Properties: nothing traps; a refusal is a `VaultError`; `list`'s fast path (`AccountListJSON.fastElement`)
/// renders only payloads the hand decoder accepts, byte for byte as the full path renders them; what the hand decoder accepts, `JSONDecoder` accepts
/// with the same values; what `JSONDecoder` accepts and the hand decoder refuses is only what it refuses by
/// design (a key twice, a number over 64 characters, another encoding than UTF-8): written back by
/// `JSONSerialization`, which keeps one of each key, the document must then be accepted.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccountPayload(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    let hand: Account?
    do {
        hand = try Account(storedPayload: Array(bytes), name: "n")
    } catch {
        require(error is VaultError, "a payload refused with \(type(of: error)), not VaultError")
        hand = nil
    }
    // `list`'s fast path renders only what the hand decoder accepts, and exactly as the full path renders it.
    if let fast = AccountListJSON.fastElement(storedPayload: Array(bytes), name: "n") {
        require(hand.map(AccountListJSON.element(of:)) == fast, "the list fast path rendered what the full path refuses or renders otherwise")
    }
    let foundation = try? PayloadMirror.decoder.decode(PayloadMirror.self, from: Data(bytes))
    if let hand {
        require(foundation?.matches(hand) ?? false, "the hand decoder accepted what JSONDecoder reads otherwise or refuses")
    } else if foundation != nil {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)),
              let rewritten = try? JSONSerialization.data(withJSONObject: object) else { return 0 }
        require((try? PayloadMirror.decoder.decode(PayloadMirror.self, from: rewritten)) == nil
                    || hasNumberOver64Characters(rewritten)
                    || (try? Account(storedPayload: Array(rewritten), name: "n")) != nil,
                "the hand decoder refused a payload JSONDecoder reads, beyond its documented refusals")
    }
    return 0
}

/// Whether `json` holds a number token of more than 64 characters outside strings: a refusal by design that
/// rewriting does not remove (JSONSerialization writes a huge Double with all its digits).
func hasNumberOver64Characters(_ json: Data) -> Bool {
    var run = 0
    var inString = false
    var escaped = false
    for byte in json {
        if inString {
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            continue
        }
        if byte == UInt8(ascii: "\"") {
            inString = true
            run = 0
        } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || Array("+-.eE".utf8).contains(byte) {
            run += 1
            if run > 64 { return true }
        } else {
            run = 0
        }
    }
    return false
}

/// The payload as `JSONDecoder` read it before the hand decoder (the same keys and types as `AccountPayload`).
struct PayloadMirror: Decodable {
    struct Retired: Decodable {
        var version: Int
        var hint: String
        var createdAt: Date
        var expiresAt: Date
        var retiredAt: Date
    }

    var schema: Int
    var enabled: Bool
    var provider: Provider
    var description: String?
    var tags: [String]
    var tenantID: String
    var clientID: String
    var permissions: [String]
    var createdAt: Date
    var updatedAt: Date
    var lastVerifiedAt: Date?
    var retiredVersions: [Retired]
    var azureRotations: [AzureRotationIntent]?

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }

    func matches(_ account: Account) -> Bool {
        enabled == account.enabled && provider == account.provider && description == account.description && tags == account.tags
            && tenantID == account.tenantID && clientID == account.clientID && permissions == account.permissions
            && createdAt == account.createdAt && updatedAt == account.updatedAt && lastVerifiedAt == account.lastVerifiedAt
            && (azureRotations ?? []) == account.azureRotations
            && retiredVersions.map { [$0.version] } == account.retiredVersions.map { [$0.version] }
            && retiredVersions.map { [$0.createdAt, $0.expiresAt, $0.retiredAt] }
                == account.retiredVersions.map { [$0.createdAt, $0.expiresAt, $0.retiredAt] }
            && retiredVersions.map(\.hint) == account.retiredVersions.map(\.hint)
    }
}
