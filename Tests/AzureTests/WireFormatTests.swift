import Foundation
import Sodium
import Testing
@testable import Azure
import Accounts

@Suite("Wire formats: form encoding, secret fields, Graph dates, error mapping, permissions")
struct WireFormatTests {
    @Test func formEncodingKeepsUnreservedCharactersAndEscapesTheRest() {
        let legacy = "[6gyXA5S20@MN+WRXAJ]I-TO7g1:h2P8 ~._"
        let encoded: String = Array(legacy.utf8).withUnsafeBytes { bytes in
            let data = WipedData.make(count: FormEncoding.encodedCount(bytes)) { FormEncoding.encode(bytes, into: $0) }
            return String(decoding: data, as: UTF8.self)
        }
        #expect(encoded == "%5B6gyXA5S20%40MN%2BWRXAJ%5DI-TO7g1%3Ah2P8%20~._")
        #expect(encoded.removingPercentEncoding == legacy)
        #expect(FormEncoding.encode("https://graph.microsoft.com/.default") == "https%3A%2F%2Fgraph.microsoft.com%2F.default")
    }

    @Test func theScopeOfAResourceIsItsDefaultScope() {
        #expect(TokenRequest.scope(for: "https://graph.microsoft.com") == "https://graph.microsoft.com/.default")
        #expect(TokenRequest.scope(for: "https://management.core.windows.net/") == "https://management.core.windows.net//.default")
        #expect(TokenRequest.scope(for: "api://x/.default") == "api://x/.default")
    }

    @Test func aSecretFieldGoesToGuardedMemoryAndIsBlankedInTheDocument() throws {
        var document = Data(#"{"keyId":"k","nested":{"secretText":"no"},"secretText" : "a\/b\"c\u0041","hint":"a/b"}"#.utf8)
        guard let value = JSONSecretField.take("secretText", from: &document) else {
            Issue.record("no value")
            return
        }
        let text = value.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(text == #"a/b"cA"#)
        let rest = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
        #expect(rest["hint"] as? String == "a/b")
        #expect((rest["secretText"] as? String)?.allSatisfy { $0 == "x" } == true)
        #expect(!String(decoding: document, as: UTF8.self).contains("a\\/b\\\"c"))
    }

    @Test(arguments: [#"{"secretText":null}"#, #"[]"#, #"{"a":1"#, #"{"secretText":"\u00e9"}"#, "", #"{"a":"secretText","b":2}"#,
                      #"{"secretText":"unterminated}"#, #"{"x":[1,{"secretText":"nested"}]}"#])
    func aMissingOrUnreadableSecretFieldIsNil(_ text: String) {
        var document = Data(text.utf8)
        var found = false
        if JSONSecretField.take("secretText", from: &document) != nil { found = true }
        #expect(!found)
        #expect(document == Data(text.utf8))
    }

    @Test func graphDatesWithAnyPrecisionParse() throws {
        let seven = try #require(GraphDate.parse("2021-09-09T19:50:29.3086381Z"))
        #expect(abs(seven.timeIntervalSince1970 - 1_631_217_029.3086381) < 0.001)
        #expect(GraphDate.parse("2026-01-02T08:28:02.354Z") != nil)
        #expect(GraphDate.parse("2026-01-02T08:28:02Z") == GraphDate.parse("2026-01-02T09:28:02+01:00"))
        #expect(GraphDate.parse("yesterday") == nil)
        #expect(GraphDate.parse("2026-01-02T08:28:02.Z") == nil)
        #expect(GraphDate.format(Date(timeIntervalSince1970: 1_795_000_000.9)) == "2026-11-18T11:06:40Z")
    }

    @Test func entraErrorsMapToPlainWordsWithTraceIDs() {
        let body = Data(#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215],"trace_id":"6f6c4645-0202-4486-b625-fa957dfc4700","correlation_id":"5fc87507-4086-4e77-b415-cee677eb232e"}"#.utf8)
        let error = EntraTokenClient.refusal(401, body: body, scope: "s")
        #expect(error.kind == .wrongSecret)
        #expect(error.isAuthenticationFailure)
        #expect(error.traceID == "6f6c4645-0202-4486-b625-fa957dfc4700")
        #expect(error.aadstsCode == 7_000_215)
        let noCodes = EntraTokenClient.refusal(400, body: Data(#"{"error":"invalid_request","error_description":"AADSTS90002: Tenant 'x' not found."}"#.utf8), scope: "s")
        #expect(noCodes.kind == .tenantNotFound)
        let unknown = EntraTokenClient.refusal(400, body: Data(#"{"error":"weird <b>error</b>","error_codes":[123]}"#.utf8), scope: "s")
        #expect(unknown.kind == .tokenRequestRejected(error: "weirdberrorb", code: 123))
        #expect(!unknown.isAuthenticationFailure)
        #expect(EntraTokenClient.refusal(502, body: Data("<html>".utf8), scope: "s").kind == .serviceUnavailable(status: 502))
    }

    @Test func permissionArgumentsForAzCLI() throws {
        #expect(try GraphPermissionArguments.apiPermissions(["Application.ReadWrite.All", "Directory.AccessAsUser.All"])
            == "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9=Role 0e263e50-5827-48a4-b97c-d940288653c7=Scope")
        let everything = try GraphPermissionArguments.apiPermissions([])
        #expect(everything.split(separator: " ").count == GraphPermission.catalogue.count)
        #expect(everything.hasPrefix("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9=Role 06b708a9-e830-4db3-a914-8e69da51d44f=Role"))
        #expect(try GraphPermissionArguments.addCommand(clientID: client, permissions: ["user.readwrite.all"])
            == "az ad app permission add --id \(client) --api 00000003-0000-0000-c000-000000000000 --api-permissions "
            + "741f803b-c850-494e-b5df-cde7c675a1ca=Role")
        #expect(GraphPermissionArguments.adminConsentCommand(clientID: client) == "az ad app permission admin-consent --id \(client)")
        #expect(throws: AccountError.self) { try GraphPermissionArguments.apiPermissions(["Mail.Send"]) }
    }

    @Test func permissionCheckSetsDelegatedPermissionsApart() {
        let check = PermissionCheck(selected: ["Application.ReadWrite.All", "Directory.Read.All", "Directory.AccessAsUser.All"],
                                    roles: ["application.readwrite.all", "User.Read.All", "Mail.Send"])
        #expect(check.missing == ["Directory.Read.All"])
        #expect(check.excess == ["Mail.Send", "User.Read.All"])
        #expect(check.notCheckable == ["Directory.AccessAsUser.All"])
        #expect(check.granted == ["Application.ReadWrite.All", "Mail.Send", "User.Read.All"])
        #expect(!check.isExactMatch)
        #expect(check.explanations.count == 4)
        #expect(check.explanations.last!.contains("never appears in an app-only token"))
    }
}
