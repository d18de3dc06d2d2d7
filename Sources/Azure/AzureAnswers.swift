public import Foundation
import Sodium

/// Decoders for what Entra ID and Microsoft Graph send back. The token client and the Graph client call
/// them on every answer; tools/fuzz feeds them arbitrary bytes.
///
/// Guarantees on hostile input (a compromised or spoofed endpoint, a broken proxy): they never trap; a
/// refusal, an unknown shape or garbage becomes an `AzureError` that never quotes the body; a secret
/// (`access_token`, `secretText`) goes from the body straight into guarded memory and is blanked there, so
/// it never becomes a `String`.
public enum AzureAnswers {
    /// Reads a token endpoint answer: a 200 with an `access_token` is a token valid for `expires_in` seconds
    /// from `receivedAt` (600 when absent); anything else is the `AzureError` for its AADSTS code. `body` is
    /// wiped (zeroed) before this returns.
    public static func token(status: Int, body: inout Data, resource: String, receivedAt: Date) throws(AzureError) -> AccessToken {
        defer { WipedData.wipe(&body) }
        guard status == 200 else { throw EntraTokenClient.refusal(status, body: body, scope: TokenRequest.scope(for: resource)) }
        guard let value = JSONSecretField.take("access_token", from: &body), value.count > 0 else {
            throw AzureError(.unexpectedResponse(status: 200, what: "the answer holds no access_token"), status: 200)
        }
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let lifetime = EntraTokenClient.seconds(object["expires_in"]) ?? 600
        return AccessToken(value: value, expiresOn: receivedAt.addingTimeInterval(lifetime), resource: resource)
    }

    /// Reads the answer to `GET /applications(appId='…')`: the object id and the passwords (never values).
    /// Passwords without a `keyId` are left out; dates that are not Graph timestamps are nil.
    public static func application(status: Int, body: Data, appID: String) throws(AzureError) -> GraphApplication {
        guard status == 200 else {
            if status == 404 { throw AzureError(.applicationObjectNotFound(clientID: appID), status: 404) }
            throw GraphClient.failure(HTTPAnswer(status: status, headers: [:], body: body))
        }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              let id = object["id"] as? String else {
            throw AzureError(.unexpectedResponse(status: 200, what: "the application has no id"), status: 200)
        }
        let passwords = ((object["passwordCredentials"] as? [Any]) ?? []).compactMap { ($0 as? [String: Any]).flatMap(AzurePassword.init(graph:)) }
        return GraphApplication(
            objectID: id.lowercased(), appID: (object["appId"] as? String ?? appID).lowercased(),
            displayName: object["displayName"] as? String, passwords: passwords)
    }

    /// Reads the answer to addPassword: the new password's facts and its `secretText` in guarded memory.
    /// `body` is wiped (zeroed) before this returns.
    public static func addedPassword(status: Int, body: inout Data) throws(AzureError) -> AddedPassword {
        defer { WipedData.wipe(&body) }
        guard status == 200 || status == 201 else { throw GraphClient.failure(HTTPAnswer(status: status, headers: [:], body: body)) }
        guard let secret = JSONSecretField.take("secretText", from: &body), secret.count > 0 else {
            throw AzureError(.unexpectedResponse(status: status, what: "addPassword returned no secretText"), status: status)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              let password = AzurePassword(graph: object) else {
            throw AzureError(.unexpectedResponse(status: status, what: "addPassword returned no keyId"), status: status)
        }
        return AddedPassword(password: password, secret: secret)
    }

    /// The error for a Graph answer that is not a success (`{"error":{"code","message"}}`, or anything).
    public static func graphFailure(status: Int, body: Data) -> AzureError {
        GraphClient.failure(HTTPAnswer(status: status, headers: [:], body: body))
    }

    /// A `Retry-After` header value as whole seconds from `now` (delta-seconds or an HTTP date); nil when it
    /// is neither.
    public static func retryAfterSeconds(_ value: String, now: Date) -> Int? {
        HTTPAnswer(status: 429, headers: ["retry-after": value], body: Data()).retryAfterSeconds(now: now)
    }

    /// A Graph timestamp (`2021-09-09T19:50:29.3086381Z`, 0 to 9 fractional digits, `Z` or `±hh:mm`).
    public static func graphDate(_ text: String) -> Date? {
        GraphDate.parse(text)
    }
}
