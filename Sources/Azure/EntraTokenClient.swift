import Foundation
import Sodium
import Vault

/// Sends a client-credentials request to the Entra ID v2.0 token endpoint and reads the answer.
///
/// A success becomes an `AccessToken` (the token goes from the response straight into guarded memory, and
/// the response buffer is zeroed). A refusal becomes the `AzureError` for its AADSTS code (§1.4), carrying
/// Microsoft's trace and correlation IDs but never the response body.
struct EntraTokenClient: Sendable {
    let http: AzureHTTPClient
    let time: any TimeSource

    func token(_ request: TokenRequest) async throws(AzureError) -> AccessToken {
        var answer = try await http.send(HTTPRequestSpec(
            method: "POST", url: request.url,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
                      "client-request-id": UUID().uuidString.lowercased(), "User-Agent": AzureService.userAgent],
            body: request.body))
        // Zeroed in place: a `var body = answer.body` copy would share the buffer, and the wipe would copy it first.
        let status = answer.status
        return try AzureAnswers.token(status: status, body: &answer.body, resource: request.resource, receivedAt: time.now())
    }

    /// `expires_in` as a number, or as a string (what AADv1-like endpoints send).
    static func seconds(_ value: Any?) -> TimeInterval? {
        if let number = value as? NSNumber { return number.doubleValue.isFinite ? max(0, number.doubleValue) : nil }
        if let text = value as? String, let number = Double(text), number.isFinite { return max(0, number) }
        return nil
    }

    /// Maps an Entra error answer to its `AzureError`.
    static func refusal(_ status: Int, body: Data, scope: String) -> AzureError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard let object, let error = object["error"] as? String else {
            if status >= 500 { return AzureError(.serviceUnavailable(status: status), status: status) }
            return AzureError(.unexpectedResponse(status: status, what: "not an Entra ID error answer"), status: status)
        }
        var code = ((object["error_codes"] as? [Any])?.first as? NSNumber)?.intValue
        if code == nil, let description = object["error_description"] as? String { code = aadstsCode(in: description) }
        let kind: AzureError.Kind
        switch code {
        case 7_000_215: kind = .wrongSecret
        case 7_000_222: kind = .secretExpired
        case 700_016: kind = .applicationNotInTenant
        case 90002: kind = .tenantNotFound
        case 900_023: kind = .invalidTenant
        case 7_000_112, 70001: kind = .applicationDisabled
        case 7_000_218: kind = .secretMissing
        case 70011, 1_002_012: kind = .invalidScope(scope)
        case 50196, 90055, 90024: kind = .throttled(retryAfterSeconds: nil)
        default: kind = .tokenRequestRejected(error: sanitized(error), code: code)
        }
        return AzureError(kind, status: status, traceID: guid(object["trace_id"]), correlationID: guid(object["correlation_id"]))
    }

    /// The number after the first `AADSTS` in a description (used only when `error_codes` is missing).
    static func aadstsCode(in description: String) -> Int? {
        guard let range = description.range(of: "AADSTS") else { return nil }
        let digits = description[range.upperBound...].prefix { $0.isASCII && $0.isNumber }.prefix(9)
        return Int(digits)
    }

    /// An OAuth `error` value is a short snake_case word; anything else is cut down to that alphabet.
    static func sanitized(_ error: String) -> String {
        String(error.prefix(40).filter { $0.isASCII && ($0.isLetter || $0 == "_") })
    }

    static func guid(_ value: Any?) -> String? {
        guard let text = value as? String, text.count == 36, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return nil }
        return text
    }
}
