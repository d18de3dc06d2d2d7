import Foundation
import IAMVaultTestSupport
import Sodium
import Testing
import Azure

@Suite("Decoding Entra and Graph answers: a secret member that appears twice")
struct AnswerDecodingTests {
    let receivedAt = Date(timeIntervalSince1970: 1_795_000_000)

    /// Found by tools/fuzz (fuzz-token-response): with `access_token` twice, iamvault took the first value
    /// while Foundation (and the rest of the answer's reading) took the last, and the second value stayed in
    /// the document unblanked, so it became a `String`. Such an answer is now refused.
    @Test func aTokenAnswerWithAccessTokenTwiceIsRefused() throws {
        let input = try #require(FuzzCorpus.inputs("fuzz-token-response").first { $0.name.hasSuffix("/regression-access-token-twice") })
        var body = Data(input.bytes.dropFirst())  // first byte 0: status 200
        #expect(throws: AzureError(.unexpectedResponse(status: 200, what: "the answer holds no access_token"), status: 200)) {
            _ = try AzureAnswers.token(status: 200, body: &body, resource: "https://graph.microsoft.com", receivedAt: receivedAt)
        }
        #expect(body.allSatisfy { $0 == 0 })
    }

    /// Found by tools/fuzz (fuzz-graph): the same with addPassword's `secretText`.
    @Test func anAddPasswordAnswerWithSecretTextTwiceIsRefused() throws {
        let input = try #require(FuzzCorpus.inputs("fuzz-graph").first { $0.name.hasSuffix("/regression-secret-text-twice") })
        var body = Data(input.bytes.dropFirst())  // first byte 1: addPassword, status 200
        #expect(throws: AzureError(.unexpectedResponse(status: 200, what: "addPassword returned no secretText"), status: 200)) {
            _ = try AzureAnswers.addedPassword(status: 200, body: &body)
        }
        #expect(body.allSatisfy { $0 == 0 })
    }

    @Test(arguments: [
        #"{"access_token":"first","access\u005ftoken":"second"}"#,
        #"{"access_token":"first","expires_in":1,"access_token":7}"#,
        #"{"access_token":"first","x":[1,2}"#,
    ])
    func aRepeatedOrEscapedNameOrABrokenObjectIsRefused(text: String) {
        var body = Data(text.utf8)
        #expect(throws: AzureError.self) {
            _ = try AzureAnswers.token(status: 200, body: &body, resource: "https://graph.microsoft.com", receivedAt: receivedAt)
        }
    }

    @Test func aSingleAccessTokenIsTakenWhateverTheOrderOfMembers() throws {
        var body = Data(#"{"expires_in":"120","x":{"access_token":"nested"},"access_token":"ey\u0041b\/c","token_type":"Bearer"}"#.utf8)
        let token = try AzureAnswers.token(status: 200, body: &body, resource: "https://graph.microsoft.com", receivedAt: receivedAt)
        #expect(token.withValue { Array($0) } == Array("eyAb/c".utf8))
        #expect(token.expiresOn == receivedAt.addingTimeInterval(120))
        #expect(body.allSatisfy { $0 == 0 })
    }
}
