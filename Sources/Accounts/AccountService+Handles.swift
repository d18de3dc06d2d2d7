import Audit
public import Foundation
import Sodium
import Vault

extension AccountService {
    /// Opens a credential handle for `purpose`.
    ///
    /// Order of events (fail closed): the account and version are checked; a refusal (disabled account,
    /// expired secret) is recorded and committed, then thrown; otherwise the opening is recorded in the same
    /// transaction that reads the sealed value, and the handle exists only once that transaction committed.
    /// If the audit entry cannot be written, no handle is given.
    ///
    /// - Parameters:
    ///   - version: a live version number, or nil for the current one.
    ///   - ttl: 1 s to 10 min; 30 s by default.
    ///   - channel: how the secret will leave the vault (exec, pipe, terminal, azure), recorded with the purpose.
    ///   - allowExpired: open an expired secret anyway (still recorded).
    ///   - parts: the parts to open (all three by default); the others are never copied out of the vault. When
    ///     fewer than three, the audit entry names them (`parts`).
    public func openHandle(
        _ name: String, purpose: String, channel: String = "in-process", version: Int? = nil,
        ttl: TimeInterval = AccountService.defaultHandleTTL, allowExpired: Bool = false,
        parts: [CredentialPart] = CredentialPart.allCases
    ) throws -> CredentialHandle {
        guard ttl >= 1, ttl <= Self.maximumHandleTTL else { throw AccountError(.invalidTTL(seconds: Int(ttl))) }
        guard !parts.isEmpty else {
            throw AccountError(.invalidField(field: "parts", problem: "no part of the credential was asked for",
                                             expected: "one or more of tenant, client-id, secret"))
        }
        let purposeText = try FieldText.printable(purpose, field: "Purpose", range: 1...256, expected: "a short description of why")
        let now = time.now()
        let outcome: Outcome = try translate {
            try vault.write { writer in
                let entry = try requireEntry(name, writer)
                let account = try account(entry)
                let live = try liveVersions(entry.id, writer)
                guard let chosen = version.map({ v in live.first { $0.info.version == v } }) ?? live.first else {
                    if let version { throw AccountError(.versionNotFound(account: entry.name, version: version)) }
                    throw AccountError(.noSecret(account: entry.name))
                }
                var details = ["purpose": purposeText, "channel": channel, "version": String(chosen.info.version)]
                if !account.enabled {
                    details["reason"] = "disabled"
                    try record(.handleRefused, entry.name, details, in: writer)
                    return .refused(AccountError(.accountDisabled(entry.name)))
                }
                if chosen.isExpired(at: now) {
                    guard allowExpired else {
                        details["reason"] = "expired"
                        try record(.handleRefused, entry.name, details, in: writer)
                        return .refused(AccountError(.secretExpired(account: entry.name, version: chosen.info.version)))
                    }
                    details["expired"] = "allowed"
                }
                details["ttlSeconds"] = String(Int(ttl))
                let allParts = CredentialPart.allCases.allSatisfy(parts.contains)
                if !allParts { details["parts"] = CredentialPart.auditText(parts) }
                try record(.handleOpened, entry.name, details, in: writer)
                let contents = HandleMaterial.Contents(
                    tenantID: parts.contains(.tenantID) ? OwnedSecret(try SecretBytes(copying: Array(account.tenantID.utf8))) : nil,
                    clientID: parts.contains(.clientID) ? OwnedSecret(try SecretBytes(copying: Array(account.clientID.utf8))) : nil,
                    secret: parts.contains(.secret) ? OwnedSecret(try writer.openSecret(of: entry.id, version: chosen.info.version)) : nil)
                return .opened(entry.name, chosen.info.version, HandleMaterial(contents))
            }
        }
        switch outcome {
        case .refused(let error):
            throw error
        case .opened(let account, let version, let material):
            return CredentialHandle(
                account: account, purpose: purposeText, version: version, expiresAt: now.addingTimeInterval(ttl),
                material: material, time: time)
        }
    }

    /// The result of the handle transaction: a refusal is committed (so it is audited) and thrown after.
    private enum Outcome {
        case refused(AccountError)
        case opened(String, Int, HandleMaterial)
    }
}
