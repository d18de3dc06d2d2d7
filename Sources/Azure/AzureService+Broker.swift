import Accounts
import Audit
public import Foundation
import Synchronization
import Vault

extension AzureService {
    /// Starts a token broker for `iamvault exec NAME --token-only`: the CLI runs it for the child's lifetime,
    /// gives the child `broker.childEnvironment(from:)` and calls `stop()` when the child exits.
    ///
    /// Each token comes from the account's current secret (a handle with purpose "exec --token-only", channel
    /// "azure"), is reused while more than five minutes of it remain, and every token handed out — fresh or
    /// reused — is audited as `secret.released` (channel `token-broker`, resource, expiry; never the token).
    public func startTokenBroker(for name: String, handlerTimeout: TimeInterval = 60) throws -> TokenBroker {
        let account = try accounts.show(name).account
        let cache = TokenCache(time: time)
        let service = self
        return try TokenBroker(clientID: account.clientID, handlerTimeout: handlerTimeout) { resource in
            let (token, reused) = try await cache.token(for: resource) {
                try await service.accessToken(account.name, resource: resource, purpose: "exec --token-only")
            }
            try service.accounts.recordEvent(.secretReleased, account: account.name, details: [
                "channel": "token-broker", "form": "access token", "resource": resource,
                "expiresOn": iso(token.expiresOn), "reused": String(reused),
            ])
            return token
        }
    }
}

/// Tokens per resource, reused while more than `refreshMargin` of their life remains (azure-identity itself
/// refreshes 300 s before expiry, so a reused token is always one it would accept).
final class TokenCache: Sendable {
    static let refreshMargin: TimeInterval = 300
    private let time: any TimeSource
    private let tokens = Mutex<[String: AccessToken]>([:])

    init(time: any TimeSource) { self.time = time }

    func token(for resource: String, fetch: () async throws -> AccessToken) async throws -> (AccessToken, Bool) {
        let now = time.now()
        if let cached = tokens.withLock({ $0[resource] }), cached.expiresOn.timeIntervalSince(now) > Self.refreshMargin {
            return (cached, true)
        }
        let fresh = try await fetch()
        tokens.withLock { $0[resource] = fresh }
        return (fresh, false)
    }
}
