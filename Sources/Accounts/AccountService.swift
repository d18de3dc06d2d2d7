public import Audit
public import Foundation
import Sodium
public import Vault

/// The account service: Azure accounts held in the sealed vault, each secret captured once, credentials
/// handed out only through short-lived audited handles.
///
/// Guarantees:
/// - Every change and its audit entries commit in one vault transaction; if the audit write fails, the change
///   does not happen (fail closed).
/// - A stored secret value is never overwritten: a new value is a new version (`rotate`); the same value
///   cannot be captured twice anywhere in the vault.
/// - At most `maximumLiveVersions` versions stay sealed; older ones are retired and shredded (row deleted,
///   freed pages zeroed, journal truncated), keeping only their hint and dates.
/// - Safe to use from concurrent tasks; the vault serializes writers, also across processes.
public struct AccountService: Sendable {
    public let vault: UnlockedVault
    public let audit: any AuditRecording
    public let time: any TimeSource
    public private(set) var actor: AuditActor
    public var maximumLiveVersions = 3
    public var retiredHistoryLimit = 20
    public static let defaultHandleTTL: TimeInterval = 30
    public static let maximumHandleTTL: TimeInterval = 600

    public init(vault: UnlockedVault, audit: any AuditRecording, time: any TimeSource = SystemTime(), actor: AuditActor = .currentProcess()) {
        self.vault = vault
        self.audit = audit
        self.time = time
        self.actor = actor
    }

    /// The same service acting for another caller (the agent serving a client process).
    public func acting(as actor: AuditActor) -> AccountService {
        var copy = self
        copy.actor = actor
        return copy
    }

    /// Every account matching `filter`, sorted by name.
    public func list(_ filter: AccountFilter = AccountFilter()) throws -> [Account] {
        var accounts: [Account] = []
        try forEachAccount(filter) { accounts.append($0) }
        return accounts
    }

    /// Calls `body` with every account matching `filter`, sorted by name, inside one read transaction, without
    /// holding them all (`VaultReading.forEachEntrySortedByName`): what `list` streams at any vault size.
    public func forEachAccount(_ filter: AccountFilter = AccountFilter(), _ body: (Account) throws -> Void) throws {
        let tag = try filter.tag.map(AccountFields.tag)
        try translate {
            try vault.read { reader in
                try reader.forEachEntrySortedByName { entry in
                    let account = try account(entry)
                    guard filter.matches(account, normalizedTag: tag) else { return }
                    try body(account)
                }
            }
        }
    }

    /// One account and its live versions (never a value).
    public func show(_ name: String) throws -> AccountDetails {
        try translate {
            try vault.read { reader in
                let entry = try requireEntry(name, reader)
                return AccountDetails(account: try account(entry), versions: try liveVersions(entry.id, reader))
            }
        }
    }

    /// Live versions expiring within `interval` from now (already expired ones included), soonest first.
    public func expiring(within interval: TimeInterval) throws -> [ExpiringSecret] {
        let now = time.now()
        let horizon = now.addingTimeInterval(interval)
        return try translate {
            try vault.read { reader in
                try reader.entries().flatMap { entry in
                    try liveVersions(entry.id, reader).filter { $0.info.expiresAt <= horizon }.map { summary in
                        ExpiringSecret(
                            account: entry.name, version: summary.info.version, role: summary.role, hint: summary.info.hint,
                            expiresAt: summary.info.expiresAt, expired: summary.isExpired(at: now))
                    }
                }.sorted { ($0.expiresAt, $0.account) < ($1.expiresAt, $1.account) }
            }
        }
    }

    func record(_ kind: AuditEventKind, _ account: String?, _ details: [String: String] = [:], in writer: VaultWriter) throws {
        try audit.record(AuditEvent(kind, account: account, details: details, actor: actor), in: writer)
    }

    func requireEntry(_ name: String, _ reader: some VaultReading) throws -> VaultEntry {
        guard let entry = try reader.entry(named: name) else { throw AccountError(.accountNotFound(name)) }
        return entry
    }

    func account(_ entry: VaultEntry) throws -> Account {
        try Account(storedPayload: entry.payload, name: entry.name)
    }

    /// Live versions, newest first, with their roles.
    func liveVersions(_ id: EntryID, _ reader: some VaultReading) throws -> [SecretVersionSummary] {
        let infos = try reader.secretVersions(of: id).map { record in
            try SecretVersionInfo(storedMetadata: record.metadata, version: record.version)
        }.sorted { $0.version > $1.version }
        return infos.enumerated().map { index, info in
            SecretVersionSummary(info: info, role: index == 0 ? .current : index == 1 ? .previous : .older)
        }
    }

    /// Maps the vault's errors for duplicates to this module's wording.
    func translate<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as VaultError {
            switch error.kind {
            case .duplicateSecretValue: throw AccountError(.duplicateSecretValue)
            default: throw error
            }
        }
    }
}
