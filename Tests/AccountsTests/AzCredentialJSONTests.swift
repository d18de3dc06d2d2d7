import Testing
import Sodium
@testable import Accounts

@Suite("Reading az's JSON in guarded memory")
struct AzCredentialJSONTests {
    func parse(_ text: String) throws -> AzCredentialJSON {
        try AzCredentialJSON.parse(try SecretBytes(copying: Array(text.utf8)))
    }

    @Test func readsCreateForRbacOutput() throws {
        let parsed = try parse("""
            {"appId": "4c2a1e6f-8b1d-4e7a-9f3c-2d5b6a7c8e9f", "displayName": "sync", "password": "abc8Q~x\\\\y\\"z\\u00e9\\ud83d\\ude00", "tenant": "t.example.com"}
            """)
        #expect(parsed.appID == "4c2a1e6f-8b1d-4e7a-9f3c-2d5b6a7c8e9f")
        #expect(parsed.displayName == "sync")
        #expect(parsed.tenant == "t.example.com")
        let password = parsed.password.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(password == "abc8Q~x\\y\"zé😀")
    }

    @Test func skipsUnknownMembersOfAnyType() throws {
        let parsed = try parse(#"{"x": [1, {"y": null}, true, -2.5e3], "appId": "a", "tenant": "t", "password": "p", "displayName": null}"#)
        #expect(parsed.appID == "a" && parsed.displayName == nil)
    }

    @Test(arguments: [
        "", "[]", "{", "{\"appId\": \"a\"", "{\"appId\": 1, \"tenant\": \"t\", \"password\": \"p\"}",
        "{\"appId\": \"a\", \"tenant\": \"t\"}", "{\"appId\": \"a\", \"tenant\": \"t\", \"password\": \"p\"} trailing",
        "{\"password\": \"p\", \"password\": \"q\", \"appId\": \"a\", \"tenant\": \"t\"}",
        "{\"appId\": \"a\", \"tenant\": \"t\", \"password\": \"bad\\q\"}", "{\"appId\": \"a\", \"tenant\": \"t\", \"password\": \"\\ud800\"}",
        "{\"appId\": \"a\", \"tenant\": \"t\", \"password\": \"line\nbreak\"}",
        String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
        "{\"deep\": " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}",
    ])
    func hostileDocumentsAreRefusedWithoutATrap(text: String) {
        #expect(throws: AccountError.self) { _ = try parse(text) }
    }

    @Test func oversizedDocumentsAreRefused() throws {
        let big = "{\"x\": \"" + String(repeating: "a", count: 70_000) + "\"}"
        #expect(throws: AccountError.self) { _ = try parse(big) }
    }
}
