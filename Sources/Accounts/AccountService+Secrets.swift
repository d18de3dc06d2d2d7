import Audit
import Foundation
public import Sodium
import Vault

extension AccountService {
    /// Captures a new value as the next version. The previous version stays sealed and readable as
    /// "previous"; versions beyond `maximumLiveVersions` are retired and shredded in the same transaction.
    @discardableResult
    public func rotate(
        _ name: String, secret: consuming SecretBytes, lifetime: SecretLifetime = .recommended, azureKeyID: String? = nil,
        allowSecretThatLooksLikeID: Bool = false
    ) throws -> SecretVersionInfo {
        try capture(name, secret: secret, lifetime: lifetime, azureKeyID: azureKeyID,
                    allowSecretThatLooksLikeID: allowSecretThatLooksLikeID, firstOnly: false)
    }

    /// Captures the first secret of an account that has none; refused ("use rotate") when it has one.
    @discardableResult
    public func captureFirstSecret(
        _ name: String, secret: consuming SecretBytes, lifetime: SecretLifetime = .recommended, azureKeyID: String? = nil,
        allowSecretThatLooksLikeID: Bool = false
    ) throws -> SecretVersionInfo {
        try capture(name, secret: secret, lifetime: lifetime, azureKeyID: azureKeyID,
                    allowSecretThatLooksLikeID: allowSecretThatLooksLikeID, firstOnly: true)
    }

    /// Retires a live version: its sealed value is deleted (crypto-shredded); its hint and dates are kept.
    public func retire(_ name: String, version: Int) throws {
        try translate {
            try vault.write { writer in
                let entry = try requireEntry(name, writer)
                let live = try liveVersions(entry.id, writer)
                guard let target = live.first(where: { $0.info.version == version }) else {
                    throw AccountError(.versionNotFound(account: entry.name, version: version))
                }
                var account = try account(entry)
                try shred(target.info, of: entry, account: &account, reason: "retired", in: writer)
                try writer.updateEntry(id: entry.id, name: entry.name, payload: try AccountPayload(account).encoded())
            }
        }
        try vault.storage.compact()
    }

    private func capture(
        _ name: String, secret: consuming SecretBytes, lifetime: SecretLifetime, azureKeyID: String?,
        allowSecretThatLooksLikeID: Bool, firstOnly: Bool
    ) throws -> SecretVersionInfo {
        let now = time.now()
        var shredded = false
        let info: SecretVersionInfo = try translate {
            try vault.write { writer in
                let entry = try requireEntry(name, writer)
                let live = try liveVersions(entry.id, writer)
                if firstOnly, !live.isEmpty { throw AccountError(.secretAlreadyCaptured(account: entry.name)) }
                var account = try account(entry)
                let nextVersion = max(live.map(\.info.version).max() ?? 0, account.retiredVersions.map(\.version).max() ?? 0) + 1
                let info = try versionInfo(for: secret, version: nextVersion, lifetime: lifetime, azureKeyID: azureKeyID, now: now,
                                           allowSecretThatLooksLikeID: allowSecretThatLooksLikeID)
                let stored = try writer.addSecretVersion(to: entry.id, value: secret, metadata: try info.encoded())
                guard stored == nextVersion else {
                    throw VaultError(.integrityFailure(what: "version numbers of \"\(entry.name)\" are out of order"))
                }
                let kind: AuditEventKind = live.isEmpty ? .secretCaptured : .secretRotated
                try record(kind, entry.name, ["version": String(nextVersion), "expiresAt": iso(info.expiresAt)], in: writer)
                // Keep a bounded history: the oldest live versions beyond the limit are retired and shredded.
                for old in live.dropFirst(max(0, maximumLiveVersions - 1)) {
                    try shred(old.info, of: entry, account: &account, reason: "history limit", in: writer)
                    shredded = true
                }
                account.updatedAt = now
                try writer.updateEntry(id: entry.id, name: entry.name, payload: try AccountPayload(account).encoded())
                return info
            }
        }
        if shredded { try vault.storage.compact() }
        return info
    }

    private func shred(_ info: SecretVersionInfo, of entry: VaultEntry, account: inout Account, reason: String, in writer: VaultWriter) throws {
        try writer.deleteSecretVersion(of: entry.id, version: info.version)
        account.retiredVersions.append(Account.RetiredVersion(
            version: info.version, hint: info.hint, createdAt: info.createdAt, expiresAt: info.expiresAt, retiredAt: time.now()))
        account.retiredVersions = Array(account.retiredVersions.suffix(retiredHistoryLimit))
        try record(.secretRetired, entry.name, ["version": String(info.version), "reason": reason], in: writer)
        try record(.secretShredded, entry.name, ["version": String(info.version)], in: writer)
    }

    func versionInfo(
        for secret: borrowing SecretBytes, version: Int, lifetime: SecretLifetime, azureKeyID: String?, now: Date,
        allowSecretThatLooksLikeID: Bool
    ) throws -> SecretVersionInfo {
        if try SecretValuePolicy.check(secret) == .looksLikeSecretID, !allowSecretThatLooksLikeID {
            throw AccountError(.secretLooksLikeID)
        }
        let keyID = try azureKeyID.map { try AzureIdentifiers.guid($0, field: "Secret ID (keyId)") }
        return SecretVersionInfo(
            version: version, hint: SecretValuePolicy.hint(of: secret), createdAt: now, expiresAt: try lifetime.expiry(from: now),
            azureKeyID: keyID)
    }
}
