import Foundation
import Sodium

/// The three Microsoft Graph calls of client-secret management (azure-spec.md §5), with their errors
/// mapped: 401 `graphUnauthorized`, 403 `graphForbidden` (missing Application.ReadWrite permission),
/// 404 on lookup `applicationObjectNotFound`.
///
/// addPassword is not idempotent: it is retried only on 429/503 (Graph did not process the request), never
/// after a timeout or a lost connection, so it cannot silently create two passwords.
struct GraphClient: Sendable {
    let http: AzureHTTPClient
    let endpoints: AzureEndpoints

    /// `GET /applications(appId='{appId}')`: the object id and the passwords (without values).
    func application(appID: String, token: AccessToken) async throws(AzureError) -> GraphApplication {
        let path = "/applications(appId='\(FormEncoding.encode(appID))')?$select=id,appId,displayName,passwordCredentials"
        let answer = try await send("GET", path, token: token, body: nil)
        return try AzureAnswers.application(status: answer.status, body: answer.body, appID: appID)
    }

    /// `POST /applications/{id}/addPassword`: the secret goes from the answer into guarded memory and the
    /// answer buffer is zeroed.
    func addPassword(objectID: String, displayName: String, endDateTime: Date, token: AccessToken) async throws(AzureError) -> AddedPassword {
        let request: [String: Any] = ["passwordCredential": ["displayName": displayName, "endDateTime": GraphDate.format(endDateTime)]]
        var answer = try await send("POST", "/applications/\(FormEncoding.encode(objectID))/addPassword", token: token,
                                    body: try? JSONSerialization.data(withJSONObject: request))
        // Zeroed in place (a copy would share the buffer, and the wipe would copy it first).
        let status = answer.status
        return try AzureAnswers.addedPassword(status: status, body: &answer.body)
    }

    /// `POST /applications/{id}/removePassword` (204).
    func removePassword(objectID: String, keyID: String, token: AccessToken) async throws(AzureError) {
        let body = try? JSONSerialization.data(withJSONObject: ["keyId": keyID])
        let answer = try await send("POST", "/applications/\(FormEncoding.encode(objectID))/removePassword", token: token, body: body)
        guard (200...299).contains(answer.status) else { throw Self.failure(answer) }
    }

    private func send(_ method: String, _ path: String, token: AccessToken, body: Data?) async throws(AzureError) -> HTTPAnswer {
        var headers = ["Accept": "application/json", "Authorization": token.authorizationHeader(),
                       "client-request-id": UUID().uuidString.lowercased(), "User-Agent": AzureService.userAgent]
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await http.send(HTTPRequestSpec(method: method, url: try endpoints.graphURL(path), headers: headers, body: body))
    }

    /// Maps a Graph error object (`{"error":{"code","message"}}`) to an `AzureError`.
    static func failure(_ answer: HTTPAnswer) -> AzureError {
        let error = ((try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any])?["error"] as? [String: Any]
        let code = (error?["code"] as? String).map { String($0.prefix(80)) } ?? "no error code"
        let message = (error?["message"] as? String).map { String($0.prefix(200)) } ?? "no message"
        switch answer.status {
        case 401: return AzureError(.graphUnauthorized(code: code), status: 401)
        case 403: return AzureError(.graphForbidden(code: code), status: 403)
        case 500...: return AzureError(.serviceUnavailable(status: answer.status), status: answer.status)
        default: return AzureError(.graphFailed(status: answer.status, code: code, message: message), status: answer.status)
        }
    }
}
