import Audit
import Foundation
public import Sodium
import Vault

extension AccountService {
    /// Adds an account and captures its first secret, in one transaction with its audit entries.
    ///
    /// The secret is validated and sealed here and the caller's buffer is consumed (wiped when this returns).
    /// A value shaped like a GUID is refused unless `allowSecretThatLooksLikeID` (the user confirmed it).
    @discardableResult
    public func add(_ draft: AccountDraft, secret: consuming SecretBytes, allowSecretThatLooksLikeID: Bool = false) throws -> AccountDetails {
        let now = time.now()
        let account = try validated(draft, now: now)
        let info = try versionInfo(for: secret, version: 1, lifetime: draft.lifetime, azureKeyID: draft.azureKeyID, now: now,
                                   allowSecretThatLooksLikeID: allowSecretThatLooksLikeID)
        let payload = try AccountPayload(account).encoded()
        try translate {
            try vault.write { writer in
                let entry = try create(account, payload: payload, in: writer)
                try writer.addSecretVersion(to: entry.id, value: secret, metadata: try info.encoded())
                try record(.secretCaptured, account.name, ["version": "1", "expiresAt": iso(info.expiresAt)], in: writer)
            }
        }
        return AccountDetails(account: account, versions: [SecretVersionSummary(info: info, role: .current)])
    }

    /// Adds an account without a secret (captured later with `captureFirstSecret`).
    @discardableResult
    public func add(_ draft: AccountDraft) throws -> Account {
        let account = try validated(draft, now: time.now())
        let payload = try AccountPayload(account).encoded()
        try translate { try vault.write { writer in _ = try create(account, payload: payload, in: writer) } }
        return account
    }

    /// Changes every field but the secret; records which fields changed (never their values).
    @discardableResult
    public func edit(_ name: String, _ edit: AccountEdit) throws -> Account {
        try translate {
            try vault.write { writer in
                let entry = try requireEntry(name, writer)
                let before = try account(entry)
                var after = before
                if let rename = edit.rename { after.name = try AccountFields.name(rename) }
                if let description = edit.description { after.description = try AccountFields.description(description ?? nil) }
                let added = try AccountFields.tags(edit.addTags), removed = try AccountFields.tags(edit.removeTags)
                if !added.isEmpty || !removed.isEmpty {
                    after.tags = try AccountFields.tags(Set(before.tags).union(added).subtracting(removed).sorted())
                }
                if let enabled = edit.enabled { after.enabled = enabled }
                if let permissions = edit.permissions { after.permissions = try GraphPermission.resolve(permissions) }
                if let tenant = edit.tenantID { after.tenantID = try AzureIdentifiers.tenant(tenant) }
                if let client = edit.clientID { after.clientID = try AzureIdentifiers.guid(client, field: "Application (client) ID") }
                let changed = Self.changedFields(before, after)
                guard !changed.isEmpty else { return before }
                after.updatedAt = time.now()
                if let other = try writer.entry(named: after.name), other.id != entry.id {
                    throw AccountError(.duplicateName(after.name))
                }
                try writer.updateEntry(id: entry.id, name: after.name, payload: try AccountPayload(after).encoded())
                var details = ["fields": changed.joined(separator: ",")]
                if after.name != before.name { details["previousName"] = before.name }
                try record(.accountEdited, after.name, details, in: writer)
                if after.enabled != before.enabled {
                    try record(after.enabled ? .accountEnabled : .accountDisabled, after.name, in: writer)
                }
                return after
            }
        }
    }

    /// Removes an account and crypto-shreds every version of its secret.
    public func remove(_ name: String) throws {
        try translate {
            try vault.write { writer in
                let entry = try requireEntry(name, writer)
                for version in try writer.secretVersions(of: entry.id) {
                    try record(.secretShredded, entry.name, ["version": String(version.version), "reason": "account removed"], in: writer)
                }
                try writer.removeEntry(id: entry.id)
                try record(.accountRemoved, entry.name, in: writer)
            }
        }
        try vault.storage.compact()
    }

    func create(_ account: Account, payload: [UInt8], in writer: VaultWriter) throws -> VaultEntry {
        // Checked inside the write transaction (IMMEDIATE, so no other writer can slip in between); the
        // unique index on the blind index stays as the backstop.
        guard try writer.entry(named: account.name) == nil else { throw AccountError(.duplicateName(account.name)) }
        let entry = try writer.createEntry(name: account.name, payload: payload)
        try record(.accountAdded, account.name, [
            "provider": account.provider.rawValue, "enabled": String(account.enabled),
            "permissions": account.permissions.joined(separator: ","),
        ], in: writer)
        return entry
    }

    func validated(_ draft: AccountDraft, now: Date) throws -> Account {
        Account(
            name: try AccountFields.name(draft.name), enabled: draft.enabled, provider: draft.provider,
            description: try AccountFields.description(draft.description), tags: try AccountFields.tags(draft.tags),
            tenantID: try AzureIdentifiers.tenant(draft.tenantID),
            clientID: try AzureIdentifiers.guid(draft.clientID, field: "Application (client) ID"),
            permissions: try GraphPermission.resolve(draft.permissions), createdAt: now, updatedAt: now,
            lastVerifiedAt: nil, retiredVersions: [])
    }

    static func changedFields(_ before: Account, _ after: Account) -> [String] {
        var fields: [String] = []
        if before.name != after.name { fields.append("name") }
        if before.description != after.description { fields.append("description") }
        if before.tags != after.tags { fields.append("tags") }
        if before.enabled != after.enabled { fields.append("enabled") }
        if before.permissions != after.permissions { fields.append("permissions") }
        if before.tenantID != after.tenantID { fields.append("tenantID") }
        if before.clientID != after.clientID { fields.append("clientID") }
        return fields
    }
}

/// RFC 3339 UTC, for audit details.
func iso(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
}
