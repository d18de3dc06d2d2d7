public import Accounts
import Foundation
import Sodium
import Vault

/// iamvault's side of Entra ID and Microsoft Graph for the accounts of one vault: `verify`, Graph rotation
/// (`rotateViaGraph`), `reconcile`, expiry from Azure, and access tokens for the token broker.
///
/// Guarantees:
/// - Every secret is read through a `CredentialHandle` (audited by the account service before it exists)
///   with channel `azure`, and only to build a token request body; no secret and no token ever reaches an
///   error, a log line or an audit entry.
/// - Every outcome worth auditing (a verification, each rotation step, each token handed out) is recorded
///   through the account service's `AuditRecording`; if that record cannot be written the operation fails.
/// - Time is read from the account service's `TimeSource`; waiting goes through the injected `AzureSleeper`.
/// - Safe to use from concurrent tasks (a value type over thread-safe parts).
public struct AzureService: Sendable {
    public let accounts: AccountService
    public let endpoints: AzureEndpoints
    public let policy: AzureHTTPPolicy
    let http: AzureHTTPClient
    let sleeper: any AzureSleeper

    /// Sent as `User-Agent` to Entra ID and Graph.
    static let userAgent = "iamvault-azure/1"
    /// The channel recorded with every handle this module opens.
    public static let channel = "azure"

    public init(accounts: AccountService, endpoints: AzureEndpoints, policy: AzureHTTPPolicy = AzureHTTPPolicy(),
                sleeper: any AzureSleeper = TaskSleeper()) {
        self.accounts = accounts
        self.endpoints = endpoints
        self.policy = policy
        self.sleeper = sleeper
        http = AzureHTTPClient(policy: policy, sleeper: sleeper, time: accounts.time)
    }

    /// The service for `cloud` (or `IAMVAULT_AZURE_CLOUD`, or public) with the overrides found in
    /// `environment` (`AZURE_AUTHORITY_HOST`, `IAMVAULT_GRAPH_ENDPOINT`); refuses non-https endpoints.
    public init(accounts: AccountService, cloud: AzureCloud? = nil, environment: [String: String],
                policy: AzureHTTPPolicy = AzureHTTPPolicy(), sleeper: any AzureSleeper = TaskSleeper()) throws(AzureError) {
        self.init(accounts: accounts, endpoints: try AzureEndpoints.resolve(cloud: cloud, environment: environment),
                  policy: policy, sleeper: sleeper)
    }

    var time: any TimeSource { accounts.time }
    var tokens: EntraTokenClient { EntraTokenClient(http: http, time: accounts.time) }
    var graph: GraphClient { GraphClient(http: http, endpoints: endpoints) }

    /// Opens a handle for `purpose`, builds the token request from it and closes it again before any network
    /// traffic: the secret is in ordinary memory only as the (zeroed-on-release) request body.
    func prepareTokenRequest(_ account: String, version: Int? = nil, resource: String, purpose: String) throws -> (TokenRequest, Int) {
        let handle = try accounts.openHandle(account, purpose: purpose, channel: Self.channel, version: version)
        let request = try TokenRequest(handle: handle, endpoints: endpoints, resource: resource)
        let opened = handle.version
        handle.close()
        return (request, opened)
    }

    /// A Graph token for `account` (its current version, or `version`).
    func graphToken(_ account: String, version: Int? = nil, purpose: String) async throws -> (AccessToken, Int) {
        let (request, opened) = try prepareTokenRequest(account, version: version, resource: endpoints.cloud.graphRoot, purpose: purpose)
        return (try await tokens.token(request), opened)
    }

    /// An access token for any resource (`https://management.azure.com`, an App ID URI, …) using the
    /// account's current secret. The token broker calls this; the CLI may too.
    public func accessToken(_ account: String, resource: String, purpose: String) async throws -> AccessToken {
        let (request, _) = try prepareTokenRequest(account, resource: resource, purpose: purpose)
        return try await tokens.token(request)
    }
}

/// RFC 3339 UTC for audit details and reports.
func iso(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
}
