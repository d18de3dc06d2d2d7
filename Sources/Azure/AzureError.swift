/// An Azure failure written for the user: `message` says what went wrong in plain words, `hint` how to fix it.
///
/// Guarantees: no message, hint or field ever holds a client secret, an access token, a request body or a
/// raw response body. Identifiers (tenant, client ID, keyId), AADSTS codes, HTTP statuses and Microsoft's
/// trace IDs are included because they are what a support request needs.
public struct AzureError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        // Configuration
        case unknownCloud(String)
        case invalidEndpoint(setting: String, problem: String)
        case insecureEndpoint(setting: String, url: String)
        // Entra ID token endpoint (AADSTS codes, azure-spec.md §1.4)
        case wrongSecret
        case secretExpired
        case applicationNotInTenant
        case tenantNotFound
        case invalidTenant
        case applicationDisabled
        case secretMissing
        case invalidScope(String)
        case tokenRequestRejected(error: String, code: Int?)
        // Transport
        case throttled(retryAfterSeconds: Int?)
        case serviceUnavailable(status: Int)
        case network(String)
        case timedOut(seconds: Double)
        case unexpectedResponse(status: Int, what: String)
        // Microsoft Graph
        case graphUnauthorized(code: String)
        case graphForbidden(code: String)
        case applicationObjectNotFound(clientID: String)
        case graphFailed(status: Int, code: String, message: String)
        // Tokens
        case malformedToken(String)
        // Rotation and the broker
        case rotationInProgress(account: String, startedAt: String)
        case commitFailed(keyID: String, removedAgain: Bool, reason: String)
        case brokerFailed(String)
    }

    public let kind: Kind
    /// The HTTP status Azure answered with, when there was an answer.
    public var status: Int?
    /// Microsoft's trace and correlation IDs from an Entra error body (for a support request).
    public var traceID: String?
    public var correlationID: String?

    public init(_ kind: Kind, status: Int? = nil, traceID: String? = nil, correlationID: String? = nil) {
        self.kind = kind
        self.status = status
        self.traceID = traceID
        self.correlationID = correlationID
    }

    /// True when Entra refused the credential itself (wrong or expired secret, unknown or disabled application,
    /// unknown or malformed tenant): retrying cannot help, the account or the Azure side must be fixed.
    /// The CLI exits 3 for these. Throttling, outages and network errors are not authentication failures.
    public var isAuthenticationFailure: Bool {
        switch kind {
        case .wrongSecret, .secretExpired, .applicationNotInTenant, .tenantNotFound, .invalidTenant, .applicationDisabled,
             .secretMissing:
            return true
        default:
            return false
        }
    }

    /// The AADSTS code of an Entra refusal, when there is one.
    public var aadstsCode: Int? {
        switch kind {
        case .wrongSecret: return 7_000_215
        case .secretExpired: return 7_000_222
        case .applicationNotInTenant: return 700_016
        case .tenantNotFound: return 90002
        case .invalidTenant: return 900_023
        case .applicationDisabled: return 7_000_112
        case .secretMissing: return 7_000_218
        case .tokenRequestRejected(_, let code): return code
        default: return nil
        }
    }

    /// A short stable name for audit details and JSON output (`wrong_secret`, `throttled`, ...).
    public var code: String {
        switch kind {
        case .unknownCloud: return "unknown_cloud"
        case .invalidEndpoint: return "invalid_endpoint"
        case .insecureEndpoint: return "insecure_endpoint"
        case .wrongSecret: return "wrong_secret"
        case .secretExpired: return "secret_expired"
        case .applicationNotInTenant: return "application_not_in_tenant"
        case .tenantNotFound: return "tenant_not_found"
        case .invalidTenant: return "invalid_tenant"
        case .applicationDisabled: return "application_disabled"
        case .secretMissing: return "secret_missing"
        case .invalidScope: return "invalid_scope"
        case .tokenRequestRejected: return "token_request_rejected"
        case .throttled: return "throttled"
        case .serviceUnavailable: return "service_unavailable"
        case .network: return "network"
        case .timedOut: return "timed_out"
        case .unexpectedResponse: return "unexpected_response"
        case .graphUnauthorized: return "graph_unauthorized"
        case .graphForbidden: return "graph_forbidden"
        case .applicationObjectNotFound: return "application_not_found"
        case .graphFailed: return "graph_failed"
        case .malformedToken: return "malformed_token"
        case .rotationInProgress: return "rotation_in_progress"
        case .commitFailed: return "commit_failed"
        case .brokerFailed: return "broker_failed"
        }
    }

    public var description: String { message }
}
