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

    /// Found by tools/fuzz (fuzz-az-json, a differential check against Foundation): skipped members were only
    /// scanned loosely, so `1.` passed as a number and `"\ud83i"` as a string, though neither is JSON.
    @Test(arguments: [
        #"{"appId":"a","displayName":null,"extra":{"list":[1.,-2.5e3,true,false,null,"\ud83d\ude00"]},"password":"p","tenant":"t"}"#,
        #"{"appId":"a","displayName":null,"extra":{"list":[1,-2.5e3,true,false,null,"\ud83i\ude00"]},"password":"p","tenant":"t"}"#,
        #"{"appId":"a","x":01,"password":"p","tenant":"t"}"#, #"{"appId":"a","x":-,"password":"p","tenant":"t"}"#,
        #"{"appId":"a","x":1e,"password":"p","tenant":"t"}"#, #"{"appId":"a","x":1-2,"password":"p","tenant":"t"}"#,
        #"{"appId":"a","x":{"\q":1},"password":"p","tenant":"t"}"#,
    ])
    func skippedMembersMustBeJSONToo(text: String) {
        #expect(throws: AccountError.self) { _ = try parse(text) }
    }

    /// Found by tools/fuzz (fuzz-az-json, in CI): a skipped number beyond `Double`'s range passed here, though
    /// Foundation's `JSONSerialization` refuses the whole document. Now both refuse it; underflow (`1e-400`,
    /// read as 0 by both) still passes, as do the largest finite numbers.
    @Test(arguments: ["1e400", "-1e400", "1.7976931348623159e308", "123456789e999", "[1,{\"y\":1E309}]"])
    func skippedNumbersBeyondDoubleAreRefused(number: String) {
        #expect(throws: AccountError.self) { _ = try parse(#"{"appId":"a","x":\#(number),"password":"p","tenant":"t"}"#) }
    }

    @Test(arguments: ["0", "-0", "12", "-0.5e-3", "1E+2", "3.25", "-7e9", "1e-400", "1.7976931348623157e308",
                      "123456789012345678901234567890"])
    func everyJSONNumberFormIsSkipped(number: String) throws {
        let parsed = try parse(#"{"x":\#(number),"appId":"a","password":"p","tenant":"t"}"#)
        #expect(parsed.appID == "a")
    }

    @Test func oversizedDocumentsAreRefused() throws {
        let big = "{\"x\": \"" + String(repeating: "a", count: 70_000) + "\"}"
        #expect(throws: AccountError.self) { _ = try parse(big) }
    }
}
