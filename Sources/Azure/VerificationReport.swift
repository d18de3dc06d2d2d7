public import Foundation

/// The result of `verify` when Entra ID issued a token: which version was used, what the token says, and
/// how its roles compare with the account's selection. Data only (the CLI prints it or encodes it as JSON);
/// it never holds the token.
///
/// The CLI exits 0 when `isExactMatch`, 1 otherwise; failures to get a token are thrown as `AzureError`
/// (exit 3 when `isAuthenticationFailure`).
public struct VerificationReport: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        case match
        case mismatch
    }

    public var account: String
    public var version: Int
    public var cloud: AzureCloud
    public var tenantID: String
    public var clientID: String
    public var verifiedAt: Date
    public var outcome: Outcome
    public var permissions: PermissionCheck
    /// The token's claims (audience, tenant, app, roles, expiry): diagnostics, not proof.
    public var claims: AccessTokenClaims
    /// Plain-words notes: differences and what to do, and anything odd about the token.
    public var notes: [String]

    public var isExactMatch: Bool { outcome == .match }
}
