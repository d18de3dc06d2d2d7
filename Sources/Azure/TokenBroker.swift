public import Foundation
import Sodium
import Synchronization

/// A loopback endpoint in the managed-identity shape Azure SDKs understand (App Service protocol,
/// api-version 2019-08-01), so that a child process gets access tokens and never the client secret.
///
/// The child receives `IDENTITY_ENDPOINT` (`http://127.0.0.1:{port}/msi/token`) and `IDENTITY_HEADER` (a
/// random value made for this broker alone). azure-identity's `ManagedIdentityCredential` (Python, JS, .NET,
/// Java, via MSAL's managed-identity support) then sends `GET {endpoint}?api-version=2019-08-01&resource={r}`
/// with header `X-IDENTITY-HEADER`, and reads `{"access_token","expires_on","resource","token_type"}` with
/// `expires_on` in Unix seconds as a string, as App Service answers.
///
/// Guarantees:
/// - Listens on 127.0.0.1 only; a request without the exact header value (compared in constant time) gets
///   401 and no token; one asking for another identity (`client_id` of another app, `mi_res_id`,
///   `object_id`) gets 400.
/// - Every token handed out passed through `issuer`, which audits it (`secret.released`) before it is sent;
///   if the audit entry cannot be written the child gets 502 and no token.
/// - The answer holding the token is a `WipedData` buffer, zeroed once written.
/// - `description` never shows the header value.
public final class TokenBroker: Sendable, CustomStringConvertible {
    /// Returns a token for `resource` (the scope without `/.default`); must audit what it hands out.
    public typealias Issuer = @Sendable (_ resource: String) async throws -> AccessToken

    /// The path of the endpoint (App Service uses `/msi/token`).
    public static let path = "/msi/token"
    public static let apiVersion = "2019-08-01"
    /// Variables removed from a child's environment: each would make azure-identity pick another
    /// credential (a secret, a certificate, workload identity, another managed-identity flavour) or another
    /// identity (`AZURE_CLIENT_ID` becomes a user-assigned `client_id`).
    public static let conflictingVariables = [
        "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PASSWORD",
        "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "AZURE_USERNAME", "AZURE_PASSWORD", "AZURE_FEDERATED_TOKEN_FILE",
        "AZURE_CLIENT_ID", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET",
        "AZURE_POD_IDENTITY_AUTHORITY_HOST",
    ]

    /// `http://127.0.0.1:{port}/msi/token`.
    public let endpoint: URL
    /// The value the child must send as `X-IDENTITY-HEADER` (32 random bytes, hex).
    public let identityHeader: String
    public let clientID: String
    private let server: LoopbackHTTPServer

    /// Starts a broker on 127.0.0.1 with a random port. `clientID` is the only identity it serves.
    /// `handlerTimeout` bounds how long a child waits for a token.
    public init(clientID: String, handlerTimeout: TimeInterval = 60, readTimeout: TimeInterval = 5, maxConnections: Int = 16,
                issuer: @escaping Issuer) throws(AzureError) {
        let header = RandomBytes.bytes(count: 32).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let client = clientID.lowercased()
        let server = try LoopbackHTTPServer(readTimeout: readTimeout, maxConnections: maxConnections) { request in
            BrokerExchange(expectedHeader: header, clientID: client, handlerTimeout: handlerTimeout, issuer: issuer).respond(to: request)
        }
        guard let url = URL(string: "http://127.0.0.1:\(server.port)\(Self.path)") else {
            server.stop()
            throw AzureError(.brokerFailed("cannot form the endpoint URL"))
        }
        self.server = server
        endpoint = url
        identityHeader = header
        self.clientID = client
    }

    deinit { server.stop() }

    public var port: Int { server.port }

    /// `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` for the child.
    public var environment: [String: String] {
        ["IDENTITY_ENDPOINT": endpoint.absoluteString, "IDENTITY_HEADER": identityHeader]
    }

    /// `base` without `conflictingVariables`, plus `environment`: what to give the child process.
    public func childEnvironment(from base: [String: String]) -> [String: String] {
        var result = base
        for name in Self.conflictingVariables { result.removeValue(forKey: name) }
        result.merge(environment) { _, ours in ours }
        return result
    }

    /// Stops listening. Requests in flight finish (bounded by the timeouts); new connections are refused.
    public func stop() { server.stop() }

    public var description: String { "<token broker at \(endpoint.absoluteString)>" }
}
