import Foundation
import IAMVaultTestSupport
import Testing
import Sodium
@testable import Accounts

@Suite("Every field of the Add account form is validated")
struct FieldValidationTests {
    @Test(arguments: ["Contoso-Prod", "a", String(repeating: "n", count: 128), "Prod (EU) – Finance", "東京-prod"])
    func goodNames(name: String) throws {
        #expect(try AccountFields.name(name) == name)
    }

    @Test(arguments: [
        ("", "it is empty"),
        (String(repeating: "n", count: 129), "it is 129 characters long, more than 128"),
        (" padded", "it starts or ends with a space"),
        ("tab\there", "it contains the control or invisible character U+0009"),
        ("nul\u{0}byte", "it contains the control or invisible character U+0000"),
        ("line\nbreak", "it contains the control or invisible character U+000A"),
        ("bidi\u{202E}override", "it contains the control or invisible character U+202E"),
        ("zero\u{200B}width", "it contains the control or invisible character U+200B"),
    ])
    func badNames(name: String, problem: String) {
        #expect(throws: AccountError(.invalidField(field: "Name", problem: problem, expected: "1 to 128 printable characters"))) {
            _ = try AccountFields.name(name)
        }
    }

    @Test func descriptionIsOptionalBoundedAndOneLine() throws {
        #expect(try AccountFields.description(nil) == nil)
        #expect(try AccountFields.description("") == nil)
        #expect(try AccountFields.description(String(repeating: "d", count: 1024))?.count == 1024)
        #expect(throws: AccountError.self) { _ = try AccountFields.description(String(repeating: "d", count: 1025)) }
        #expect(throws: AccountError.self) { _ = try AccountFields.description("two\nlines") }
    }

    @Test func tagsAreNormalizedIntoASortedSet() throws {
        #expect(try AccountFields.tags(["Prod", "prod", " tier0 ", "eu-west:1"]) == ["eu-west:1", "prod", "tier0"])
        #expect(throws: AccountError.self) { _ = try AccountFields.tags(["has space"]) }
        #expect(throws: AccountError.self) { _ = try AccountFields.tags(["-leading"]) }
        #expect(throws: AccountError.self) { _ = try AccountFields.tags([String(repeating: "t", count: 33)]) }
        #expect(throws: AccountError.self) { _ = try AccountFields.tags((0..<33).map { "t\($0)" }) }
    }

    @Test(arguments: [
        ("72F988BF-86F1-41AF-91AB-2D7CD011DB47", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
        ("contoso.onmicrosoft.com", "contoso.onmicrosoft.com"),
        ("Login.Contoso.COM", "login.contoso.com"),
    ])
    func goodTenants(input: String, canonical: String) throws {
        #expect(try AzureIdentifiers.tenant(input) == canonical)
    }

    @Test(arguments: ["", "common", "organizations", "contoso", "-bad.com", "bad-.com", "a..b", "1.2.3.4", "{{tenantid}}",
                      "72f988bf-86f1-41af-91ab-2d7cd011db4", "contoso.onmicrosoft.com\u{0}", "exa mple.com"])
    func badTenants(input: String) {
        #expect(throws: AccountError.self) { _ = try AzureIdentifiers.tenant(input) }
    }

    @Test(arguments: ["72f988bf86f141af91ab2d7cd011db47", "{72f988bf-86f1-41af-91ab-2d7cd011db47}", "72f988bg-86f1-41af-91ab-2d7cd011db47",
                      "72f988bf-86f1-41af-91ab-2d7cd011db47x", "not-a-guid"])
    func badClientIDs(input: String) {
        #expect(throws: AccountError.self) { _ = try AzureIdentifiers.guid(input, field: "Application (client) ID") }
    }

    @Test func permissionsDefaultToTheCatalogueAndUnknownNamesListTheValidOnes() throws {
        #expect(try GraphPermission.resolve([]) == GraphPermission.allNames)
        #expect(GraphPermission.allNames.count == 10)
        #expect(try GraphPermission.resolve(["user.readwrite.all", "Directory.Read.All"]) == ["Directory.Read.All", "User.ReadWrite.All"])
        #expect(throws: AccountError(.unknownPermission(name: "User.Read.Everything", valid: GraphPermission.allNames))) {
            _ = try GraphPermission.resolve(["User.Read.Everything"])
        }
        #expect(GraphPermission.named("Directory.AccessAsUser.All")?.kind == .delegated)
        #expect(GraphPermission.named("Directory.ReadWrite.All")?.id == "19dbc75e-c2e2-444c-a770-ec69d8559fc7")
    }

    @Test func lifetimesAreAzuresChoicesOrADateWithin24Months() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(try SecretLifetime.parse("180d") == .days(180))
        #expect(try SecretLifetime.parse("730D").expiry(from: now) == now.addingTimeInterval(730 * 86_400))
        #expect(throws: AccountError.self) { _ = try SecretLifetime.parse("90d") }
        #expect(throws: AccountError.self) { _ = try SecretLifetime.parse("2027-02-30") }
        #expect(throws: AccountError.self) { _ = try SecretLifetime.parse("tomorrow") }
        let custom = try SecretLifetime.parse("2027-06-01")
        #expect(try custom.expiry(from: now) > now)
        #expect(throws: AccountError.self) { _ = try SecretLifetime.parse("2031-01-01").expiry(from: now) }
        #expect(throws: AccountError.self) { _ = try SecretLifetime.parse("2020-01-01").expiry(from: now) }
    }

    @Test(arguments: [
        ("", "it is empty"), ("abc\ndefghijklmnopqrstu", "it contains a line break"), ("has a space in the middle!!", "it contains a space"),
        ("short", "it is 5 characters long"), ("tab\tinside-the-secret-value", "it contains a control character"),
        ("nul\u{0}inside-the-secret-value", "it contains a NUL byte"), ("ünïcödé-secret-value-here", "it contains non-ASCII characters"),
    ])
    func badSecretValues(value: String, problem: String) throws {
        let bytes = try SecretBytes(copying: Array(value.utf8))
        #expect(throws: AccountError(.invalidField(
            field: "Client secret value", problem: problem,
            expected: "the client secret's Value: 16 to 256 printable ASCII characters without spaces"))) {
            _ = try SecretValuePolicy.check(bytes)
        }
    }

    @Test func aGUIDShapedSecretIsFlaggedAsTheSecretID() throws {
        let id = try SecretBytes(copying: Array("3f9a6c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b".utf8))
        let value = try SecretBytes(copying: Array(azureSecret(7).utf8))
        #expect(try SecretValuePolicy.check(id) == .looksLikeSecretID)
        #expect(try SecretValuePolicy.check(value) == .acceptable)
    }
}
