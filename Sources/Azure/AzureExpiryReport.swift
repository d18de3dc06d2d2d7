public import Foundation

/// Client-secret expiry read from the source of truth (Graph's `passwordCredentials`), for
/// `iamvault expiring --from-azure`. Accounts that could not be read are listed with the reason instead of
/// stopping the whole report.
public struct AzureExpiryReport: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var account: String
        public var password: AzurePassword
        /// The vault version holding this password's value, if any.
        public var vaultVersion: Int?
        public var expired: Bool
    }

    public struct Failure: Codable, Equatable, Sendable {
        public var account: String
        /// `AzureError.code` (or `account` for a vault refusal such as a disabled account).
        public var code: String
        public var message: String
        public var hint: String
        public var isAuthenticationFailure: Bool
    }

    public var checkedAt: Date
    /// Passwords expiring before `checkedAt + within` (expired ones included), soonest first.
    public var entries: [Entry]
    public var failures: [Failure]
}
