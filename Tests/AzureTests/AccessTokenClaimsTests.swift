import Foundation
import Testing
@testable import Azure

@Suite("Decoding access-token claims (no signature check, never a trap)")
struct AccessTokenClaimsTests {
    static func part(_ object: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object)
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String) throws(AzureError) -> AccessTokenClaims {
        try decodeBytes(Array(token.utf8))
    }

    static func decodeBytes(_ bytes: [UInt8]) throws(AzureError) -> AccessTokenClaims {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(AzureError) -> AccessTokenClaims in try AccessTokenClaims.decode(buffer) }
        }
        return try result.get()
    }

    @Test func readsTheClaimsOfAnAppOnlyGraphToken() throws {
        let payload: [String: Any] = [
            "aud": "https://graph.microsoft.com", "iss": "https://sts.windows.net/\(tenant)/", "tid": tenant, "appid": client,
            "oid": "99999999-8888-4777-8666-555544443333", "roles": ["Application.ReadWrite.All", "Directory.Read.All"],
            "idtyp": "app", "ver": "1.0", "iat": 1_795_000_000, "nbf": 1_795_000_000, "exp": 1_795_003_599,
        ]
        let claims = try Self.decode("\(Self.part(["alg": "RS256"])).\(Self.part(payload)).c2lnbmF0dXJl")
        #expect(claims.audience == "https://graph.microsoft.com")
        #expect(claims.tenantID == tenant)
        #expect(claims.appID == client)
        #expect(claims.roles == ["Application.ReadWrite.All", "Directory.Read.All"])
        #expect(claims.identityType == "app")
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 1_795_003_599))
        #expect(claims.scopes.isEmpty)
    }

    @Test func fallsBackToAzpAndTakesTheFirstAudienceOfAnArray() throws {
        let claims = try Self.decode("e30.\(Self.part(["azp": client, "aud": ["api://one", "api://two"], "scp": "User.Read Mail.Read"])).")
        #expect(claims.appID == client)
        #expect(claims.audience == "api://one")
        #expect(claims.scopes == ["User.Read", "Mail.Read"])
        #expect(claims.roles.isEmpty)
    }

    @Test func claimsOfTheWrongTypeAreIgnoredNotFatal() throws {
        let claims = try Self.decode("e30.\(Self.part(["roles": "Application.ReadWrite.All", "exp": "soon", "tid": 7, "aud": [3]])).x")
        #expect(claims.roles.isEmpty)
        #expect(claims.expiresAt == nil)
        #expect(claims.tenantID == nil)
        #expect(claims.audience == nil)
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("abc", "it is not a JWT (expected 3 parts, found 1)"),
        ("a.b", "it is not a JWT (expected 3 parts, found 2)"),
        ("a.b.c.d.e", "it is encrypted (JWE), so its claims cannot be read"),
        ("e30.!!!.x", "its payload is not base64url"),
        ("e30.abcde.x", "its payload is not base64url"),
        ("e30.bm90IGpzb24.x", "its payload is not a JSON object"),
        ("e30.WzEsMl0.x", "its payload is not a JSON object"),
        ("e30..x", "its payload is not a JSON object"),
        ("a.b.c.d", "it is not a JWT (expected 3 parts, found 4)"),
    ])
    func malformedTokensGiveTheReason(_ token: String, _ reason: String) {
        #expect(throws: AzureError(.malformedToken(reason))) { try Self.decode(token) }
    }

    @Test func anOversizedTokenIsRefusedBeforeDecoding() {
        let huge = "e30." + String(repeating: "A", count: 40_000) + ".x"
        #expect(throws: AzureError(.malformedToken("it is larger than 32 KiB"))) { try Self.decode(huge) }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let count = Int.random(in: 0..<200, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? Self.decodeBytes(bytes)
        }
    }
}
