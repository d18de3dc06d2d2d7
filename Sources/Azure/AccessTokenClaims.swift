public import Foundation

/// The claims of an Entra access token that matter to iamvault, read from the JWT payload without checking
/// its signature (azure-spec.md §3: a client must treat them as diagnostics, never as proof).
///
/// Guarantees: decoding never traps. A token that is not three base64url parts with a JSON object in the
/// middle (an opaque or encrypted token, a truncated one, garbage) is a `malformedToken` error naming the
/// reason, never the token.
public struct AccessTokenClaims: Codable, Equatable, Sendable {
    /// `aud`: the resource the token is for (one value, or the first of several).
    public var audience: String?
    /// `iss`: `https://sts.windows.net/{tid}/` (v1.0) or `…/{tid}/v2.0`.
    public var issuer: String?
    /// `tid`: the tenant.
    public var tenantID: String?
    /// `appid` (v1.0 tokens) or else `azp` (v2.0): the client (application) ID.
    public var appID: String?
    /// `oid`: for an app-only token, the service principal's object id.
    public var objectID: String?
    /// `roles`: the application permissions granted (empty when none: the claim is then absent).
    public var roles: [String]
    /// `scp`: delegated scopes (user tokens only; absent from an app-only token).
    public var scopes: [String]
    /// `idtyp`: `app` for an app-only token.
    public var identityType: String?
    /// `ver`: `1.0` or `2.0`.
    public var version: String?
    public var issuedAt: Date?
    public var notBefore: Date?
    public var expiresAt: Date?

    /// Tokens larger than this are refused before decoding (real ones are a few KiB).
    public static let maximumTokenBytes = 32 * 1024

    public static func decode(_ token: UnsafeRawBufferPointer) throws(AzureError) -> AccessTokenClaims {
        guard !token.isEmpty else { throw AzureError(.malformedToken("it is empty")) }
        guard token.count <= maximumTokenBytes else { throw AzureError(.malformedToken("it is larger than 32 KiB")) }
        let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.count == 5 { throw AzureError(.malformedToken("it is encrypted (JWE), so its claims cannot be read")) }
        guard parts.count == 3 else { throw AzureError(.malformedToken("it is not a JWT (expected 3 parts, found \(parts.count))")) }
        guard let payload = base64URLDecode(parts[1]) else {
            throw AzureError(.malformedToken("its payload is not base64url"))
        }
        guard let object = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any] else {
            throw AzureError(.malformedToken("its payload is not a JSON object"))
        }
        return AccessTokenClaims(object)
    }

    init(_ object: [String: Any]) {
        func string(_ key: String) -> String? { object[key] as? String }
        func date(_ key: String) -> Date? {
            guard let seconds = (object[key] as? NSNumber)?.doubleValue, seconds.isFinite, abs(seconds) < 1e11 else { return nil }
            return Date(timeIntervalSince1970: seconds)
        }
        if let single = object["aud"] as? String {
            audience = single
        } else {
            audience = (object["aud"] as? [Any])?.first as? String
        }
        issuer = string("iss")
        tenantID = string("tid")
        appID = string("appid") ?? string("azp")
        objectID = string("oid")
        roles = ((object["roles"] as? [Any]) ?? []).compactMap { $0 as? String }
        scopes = (string("scp") ?? "").split(separator: " ").map(String.init)
        identityType = string("idtyp")
        version = string("ver")
        issuedAt = date("iat")
        notBefore = date("nbf")
        expiresAt = date("exp")
    }

    /// base64url without padding (RFC 7515 §2): `-`→`+`, `_`→`/`, padded to a multiple of 4.
    static func base64URLDecode(_ part: UnsafeRawBufferPointer.SubSequence) -> Data? {
        guard part.count % 4 != 1 else { return nil }
        var text = [UInt8]()
        text.reserveCapacity(part.count + 3)
        for byte in part {
            switch byte {
            case UInt8(ascii: "-"): text.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): text.append(UInt8(ascii: "/"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                text.append(byte)
            case UInt8(ascii: "="): continue
            default: return nil
            }
        }
        while text.count % 4 != 0 { text.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(text))
    }
}
