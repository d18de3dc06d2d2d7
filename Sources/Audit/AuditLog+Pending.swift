import Foundation
public import Vault

/// How an unlock attempt failed (`details.reason` of a folded `vault.unlock_failed`).
public enum UnlockFailure: String, Sendable, CaseIterable {
    case wrongPassphrase = "wrong_passphrase"
    case wrongRecoveryKey = "wrong_recovery_key"
}

extension AuditLog {
    /// Records a failed unlock **without the vault key**, in the plaintext `audit_pending` table: the time, the
    /// kind of failure and the actor; nothing that names an account. Call it from a `LockedVault`'s failure
    /// handling with `locked.storage`. The record is folded into the authenticated chain at the next
    /// successful unlock (`recordUnlock` / `foldPending`).
    ///
    /// Throws `writeFailed` when it cannot be stored; the caller reports that as well as the failed unlock.
    public static func recordUnlockFailure(
        storage: any VaultStorage, reason: UnlockFailure, actor: AuditActor, time: any TimeSource
    ) throws {
        guard let now = AuditTime.milliseconds(time.now()) else { throw AuditError(.invalidTime) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let actorJSON = String(decoding: try encoder.encode(actor), as: UTF8.self)
        try auditWrite {
            try storage.write { writer in
                _ = try auditWrite { try writer.appendAuditPending(recordedAt: now, event: reason.rawValue, actor: actorJSON) }
            }
        }
    }

    /// `recordUnlockFailure` with this log's clock.
    public func recordUnlockFailure(storage: any VaultStorage, reason: UnlockFailure, actor: AuditActor) throws {
        try Self.recordUnlockFailure(storage: storage, reason: reason, actor: actor, time: time)
    }

    /// Moves every pending unlock failure into the chain, in the caller's transaction, as
    /// `vault.unlock_failed` entries with the original time and `details.pending_id`, then deletes the
    /// pending rows. Ids the store issued but whose rows are gone (deleted by someone who can write the file)
    /// are recorded as one entry with `details.pending_ids_lost`, which `verify` reports as missing.
    /// Returns how many failures were folded.
    @discardableResult
    public func foldPending(in writer: VaultWriter, actor: AuditActor) throws -> Int {
        var appender = try AuditAppender(writer: writer)
        let folded = try fold(into: &appender, actor: actor, now: try currentMilliseconds())
        if !appender.appended.isEmpty { try appender.finish() }
        return folded
    }

    func fold(into appender: inout AuditAppender, actor: AuditActor, now: Int64) throws -> Int {
        let (rows, highWater) = try auditWrite {
            (try appender.writer.storageWriter.auditPending(), try appender.writer.storageWriter.auditPendingHighWater())
        }
        let lastFolded = appender.metadata.extensions[AuditAppender.pendingFoldedKey].flatMap { Int64($0) } ?? 0
        var expected = lastFolded + 1
        func recordLost(upTo last: Int64) throws {
            guard last >= expected else { return }
            let range = last > expected ? "\(expected)-\(last)" : "\(expected)"
            try appender.append(
                timeMilliseconds: now, event: AuditEventKind.vaultUnlockFailed.rawValue, account: nil, actor: actor,
                details: [PendingSequence.lostKey: range])
        }
        for row in rows {
            try recordLost(upTo: row.id - 1)
            try appender.append(
                timeMilliseconds: AuditTime.isValid(row.recordedAt) ? row.recordedAt : now,
                event: AuditEventKind.vaultUnlockFailed.rawValue, account: nil, actor: Self.pendingActor(row.actor),
                details: Self.pendingDetails(row))
            expected = max(expected, row.id + 1)
        }
        try recordLost(upTo: highWater)
        let newLast = max(expected - 1, lastFolded)
        guard newLast != lastFolded || !rows.isEmpty else { return 0 }
        appender.metadata.extensions[AuditAppender.pendingFoldedKey] = String(newLast)
        try auditWrite { try appender.writer.storageWriter.deleteAuditPending(upTo: max(newLast, rows.last?.id ?? 0)) }
        return rows.count
    }

    /// Pending rows are written without the key, so anyone who can write the file could have written them:
    /// the entry says so (`authenticated: false`), and anything malformed is kept as a fact, never a trap.
    static func pendingDetails(_ row: StoredAuditPending) -> [String: String] {
        var details = [PendingSequence.idKey: String(row.id), "authenticated": "false"]
        details["reason"] = UnlockFailure(rawValue: row.event)?.rawValue ?? "unknown"
        if !AuditTime.isValid(row.recordedAt) { details["recorded_at"] = "invalid" }
        return details
    }

    static func pendingActor(_ json: String) -> AuditActor {
        let actor = try? JSONDecoder().decode(AuditActor.self, from: Data(json.utf8))
        let unknown = AuditActor(user: "", uid: 0, pid: 0, command: "")
        guard let actor, (try? AuditAppender.validate(event: "x", account: nil, actor: actor, details: [:])) != nil else { return unknown }
        return actor
    }
}
