import Foundation
public import Vault

/// The vault's tamper-evident audit log (docs/audit.md).
///
/// Guarantees:
/// - **Fail closed.** `record(_:in:)` appends inside the caller's write transaction, so the entry commits
///   with the change it describes or neither does; if the entry cannot be written, it throws and the caller's
///   transaction is abandoned. For a retrieval, the caller records with `record(_:vault:)`, which commits
///   before it returns, and only then lets the plaintext leave.
/// - **Confidential at rest.** Entries name accounts, so each is sealed like every other record; a copy of
///   the file reveals no account name. `entries`/`export` open them for the auditor.
/// - **Tamper evident.** Entries form a MAC chain under K_audit, and the chain head is sealed with the vault
///   metadata, updated in the same transaction: without the vault key, nobody can edit, delete, reorder or
///   cut off entries without `verify` naming the first bad one. Unlock failures, which happen without the
///   key, are kept apart and folded into the chain at the next unlock, with their ids, so dropping one
///   shows too.
/// - Never records a secret value, a fingerprint or a key: events carry names and field names only.
///
/// Time comes from the injected `TimeSource`. A caller that keeps its own copy of `VaultMetadata` must not
/// write it back after recording in the same transaction: that would put back an older chain head.
public final class AuditLog: AuditRecording {
    public let time: any TimeSource

    public init(time: any TimeSource = SystemTime()) {
        self.time = time
    }

    /// Appends `event` in the caller's transaction (see `AuditRecording`).
    public func record(_ event: AuditEvent, in writer: VaultWriter) throws {
        _ = try record(contentsOf: [event], in: writer)
    }

    /// Appends several events of one operation, in order, in the caller's transaction.
    @discardableResult
    public func record(contentsOf events: [AuditEvent], in writer: VaultWriter) throws -> [AuditEntry] {
        guard !events.isEmpty else { return [] }
        let now = try currentMilliseconds()
        var appender = try AuditAppender(writer: writer)
        for event in events {
            try appender.append(
                timeMilliseconds: now, event: event.kind.rawValue, account: event.account, actor: event.actor,
                details: event.details)
        }
        try appender.finish()
        return appender.appended
    }

    /// Records `event` in a transaction of its own, committed when this returns. Use it before letting a
    /// secret leave the vault: if it throws, nothing was recorded and the secret must not be released.
    @discardableResult
    public func record(_ event: AuditEvent, vault: UnlockedVault) throws -> AuditEntry {
        let entries = try vault.write { writer in try record(contentsOf: [event], in: writer) }
        guard let entry = entries.first else { throw AuditError(.writeFailed(reason: "nothing was appended")) }
        return entry
    }

    /// Records a successful unlock in one transaction: first the unlock failures recorded since the last
    /// unlock (`foldPending`), then `vault.unlocked` (with `method`), and `vault.recovery_used` for the
    /// recovery key. Returns how many failures were folded.
    @discardableResult
    public func recordUnlock(of vault: UnlockedVault, using slot: KeySlotKind, actor: AuditActor) throws -> Int {
        try vault.write { writer in
            let now = try currentMilliseconds()
            var appender = try AuditAppender(writer: writer)
            let folded = try fold(into: &appender, actor: actor, now: now)
            try appender.append(
                timeMilliseconds: now, event: AuditEventKind.vaultUnlocked.rawValue, account: nil, actor: actor,
                details: ["method": slot.rawValue])
            if slot == .recovery {
                try appender.append(
                    timeMilliseconds: now, event: AuditEventKind.recoveryUsed.rawValue, account: nil, actor: actor, details: [:])
            }
            try appender.finish()
            return folded
        }
    }

    /// Records `vault.locked` (`details.by` = `cause`), then locks. Locking is never refused, because it only
    /// reduces exposure: the vault is locked even when recording fails, and the recording error is rethrown.
    public func lock(_ vault: UnlockedVault, cause: LockCause, actor: AuditActor) throws {
        defer { vault.lock() }
        try record(AuditEvent(.vaultLocked, details: ["by": cause.rawValue], actor: actor), vault: vault)
    }

    func currentMilliseconds() throws -> Int64 {
        guard let milliseconds = AuditTime.milliseconds(time.now()) else { throw AuditError(.invalidTime) }
        return milliseconds
    }
}

/// Why a vault was locked (`details.by` of `vault.locked`).
public enum LockCause: String, Sendable, CaseIterable {
    case command
    case timeout
    /// SIGTERM, SIGINT or SIGHUP reached the agent.
    case signal
}
