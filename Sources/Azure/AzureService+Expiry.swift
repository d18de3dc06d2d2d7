import Accounts
public import Foundation
import Vault

extension AzureService {
    /// One application's passwords as Graph lists them (keyId, hint, displayName, start, end), with the vault
    /// version that holds each one's value when known.
    public func azurePasswords(_ name: String) async throws -> [AzureExpiryReport.Entry] {
        let details = try accounts.show(name)
        let (token, _) = try await graphToken(details.account.name, purpose: "expiring --from-azure")
        let app = try await graph.application(appID: details.account.clientID, token: token)
        let now = time.now()
        let byKey = Dictionary(details.versions.compactMap { v in v.info.azureKeyID.map { ($0, v.info.version) } }, uniquingKeysWith: { a, _ in a })
        return app.passwords.map { password in
            AzureExpiryReport.Entry(account: details.account.name, password: password, vaultVersion: byKey[password.keyID],
                                    expired: password.endDateTime.map { $0 <= now } ?? false)
        }
    }

    /// `iamvault expiring --from-azure [--within]`: every password of the named accounts (default: every
    /// enabled Azure account) that expires within `interval`, read from Graph. An account that cannot be read
    /// (network, refused credential, missing permission) becomes a `Failure` entry; the others still report.
    public func expiringFromAzure(within interval: TimeInterval, accounts names: [String]? = nil) async throws -> AzureExpiryReport {
        let chosen = try names ?? accounts.list(AccountFilter(provider: .azure, enabled: true)).map(\.name)
        let now = time.now()
        let horizon = now.addingTimeInterval(interval)
        var entries: [AzureExpiryReport.Entry] = []
        var failures: [AzureExpiryReport.Failure] = []
        for name in chosen {
            do {
                entries += try await azurePasswords(name).filter { ($0.password.endDateTime ?? .distantFuture) <= horizon }
            } catch let error as AzureError {
                failures.append(.init(account: name, code: error.code, message: error.message, hint: error.hint,
                                      isAuthenticationFailure: error.isAuthenticationFailure))
            } catch let error as AccountError {
                failures.append(.init(account: name, code: "account", message: error.message, hint: error.hint, isAuthenticationFailure: false))
            }
        }
        entries.sort { ($0.password.endDateTime ?? .distantFuture, $0.account) < ($1.password.endDateTime ?? .distantFuture, $1.account) }
        return AzureExpiryReport(checkedAt: now, entries: entries, failures: failures)
    }
}
