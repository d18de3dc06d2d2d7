import Accounts
import Foundation

extension AzureService {
    /// `iamvault verify NAME`: gets a Graph token with the account's current secret (a handle opened with
    /// purpose "verify", channel "azure"), decodes its claims and compares its `roles` with the account's
    /// selected application permissions.
    ///
    /// - Returns: the report when Entra issued a token (exact match or not).
    /// - Throws: `AzureError` when no token was issued (`isAuthenticationFailure` for a refused credential);
    ///   `AccountError` when the vault refused the handle (disabled account, expired secret).
    ///
    /// Audited as `azure.verified` with `outcome` (match, mismatch, failed), `missing`, `excess`, `version`,
    /// and for a failure its `error` code; a success also sets the account's `lastVerifiedAt`.
    public func verify(_ name: String) async throws -> VerificationReport {
        let details = try accounts.show(name)
        let account = details.account
        let token: AccessToken
        let version: Int
        do {
            (token, version) = try await graphToken(account.name, purpose: "verify")
        } catch let error as AzureError {
            var failed = ["outcome": "failed", "error": error.code]
            if let code = error.aadstsCode { failed["aadsts"] = String(code) }
            if let current = details.current { failed["version"] = String(current.info.version) }
            try accounts.recordVerification(account.name, succeeded: false, details: failed)
            throw error
        }
        let claims: AccessTokenClaims
        do {
            claims = try token.claims()
        } catch {
            try accounts.recordVerification(account.name, succeeded: true, details: [
                "outcome": "unreadable", "version": String(version), "error": error.code])
            throw error
        }
        let check = PermissionCheck(selected: account.permissions, roles: claims.roles)
        let outcome: VerificationReport.Outcome = check.isExactMatch ? .match : .mismatch
        try accounts.recordVerification(account.name, succeeded: true, details: [
            "outcome": outcome.rawValue, "version": String(version),
            "missing": check.missing.joined(separator: ","), "excess": check.excess.joined(separator: ","),
        ])
        return VerificationReport(
            account: account.name, version: version, cloud: endpoints.cloud, tenantID: account.tenantID, clientID: account.clientID,
            verifiedAt: time.now(), outcome: outcome, permissions: check, claims: claims,
            notes: check.explanations + Self.tokenNotes(claims, account: account, cloud: endpoints.cloud))
    }

    /// Oddities worth a line: a token for another app or tenant, or one that is not app-only.
    static func tokenNotes(_ claims: AccessTokenClaims, account: Account, cloud: AzureCloud) -> [String] {
        var notes: [String] = []
        if let app = claims.appID, app.lowercased() != account.clientID {
            notes.append("the token names application \(app), not the account's client ID \(account.clientID)")
        }
        if let tenant = claims.tenantID, AzureIdentifiers.isGUID(account.tenantID), tenant.lowercased() != account.tenantID {
            notes.append("the token was issued by tenant \(tenant), not the account's tenant \(account.tenantID)")
        }
        if let type = claims.identityType, type != "app" {
            notes.append("the token is not app-only (idtyp \(type)): roles may not reflect application permissions")
        }
        if claims.roles.isEmpty {
            notes.append("the token carries no roles: no application permission has admin consent yet")
        }
        return notes
    }
}
