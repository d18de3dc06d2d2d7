import Accounts
import Audit
import Foundation
import Sodium
import Vault

extension AzureService {
    /// `iamvault rotate NAME --via-graph`: adds a new password to the application with Graph, commits its
    /// value as the account's next version, proves it gets a token, then removes the old password (now, or
    /// after `options.gracePeriod` through `reconcile`).
    ///
    /// Crash safety, in order: (1) a rotation intent is sealed with the account *before* Graph is called;
    /// (2) the new keyId is recorded as soon as Graph answers; (3) `secretText` goes from the answer into
    /// guarded memory and is committed as a new version before anything else happens — if that commit fails,
    /// the new password is removed from Azure again; (4) the old password is removed only after the new
    /// secret got a token, and only if it is tied to a version this vault captured. Any interruption is
    /// finished or undone by `reconcile`. Every step is audited (`azure.rotation_step`: step, keyId).
    ///
    /// Needs Application.ReadWrite.OwnedBy (or .All) granted to the application itself.
    public func rotateViaGraph(_ name: String, options: GraphRotationOptions = GraphRotationOptions()) async throws -> GraphRotationReport {
        let details = try accounts.show(name)
        let account = details.account
        if let unfinished = account.azureRotations.first(where: { $0.stage != .retiring }) {
            throw AzureError(.rotationInProgress(account: account.name, startedAt: iso(unfinished.startedAt)))
        }
        guard let current = details.current else { throw AccountError(.noSecret(account: account.name)) }
        let (token, _) = try await graphToken(account.name, version: current.info.version, purpose: "rotate --via-graph")
        let app = try await graph.application(appID: account.clientID, token: token)
        let link = try link(current.info, among: details.versions, in: app, account: account.name)
        let now = time.now()
        let endDate = Date(timeIntervalSince1970: try options.lifetime.expiry(from: now).timeIntervalSince1970.rounded(.down))
        let rotationID = Self.newRotationID()
        var intent = AzureRotationIntent(
            id: rotationID, stage: .adding, startedAt: now,
            displayName: "\(options.displayNamePrefix) \(account.name.prefix(60)) \(iso(now).prefix(10)) \(rotationID)",
            oldVersion: current.info.version, retireKeyID: link.keyID)
        try accounts.saveAzureRotation(account.name, intent, step: "intent", details: [
            "oldVersion": String(current.info.version), "retireKeyId": link.keyID ?? "none", "link": link.method.rawValue])

        try Self.checkpoint(.addPassword, options)
        let added: AddedPassword
        do {
            added = try await graph.addPassword(objectID: app.objectID, displayName: intent.displayName, endDateTime: endDate, token: token)
        } catch {
            // A 4xx answer means Graph created nothing: forget the intent now. Otherwise (no answer, 5xx) a
            // password may exist; the intent stays so that `reconcile` can find it by its displayName.
            if let status = error.status, (400..<500).contains(status) {
                try accounts.endAzureRotation(account.name, id: rotationID, step: "abandoned", details: [
                    "reason": "addPassword refused", "error": error.code])
            }
            throw error
        }
        let newPassword = added.password
        try Self.checkpoint(.commit, options)
        let newInfo: SecretVersionInfo
        do {
            if options.fault == .failCommit { throw SimulatedCommitFailure() }
            intent.newKeyID = newPassword.keyID
            try accounts.saveAzureRotation(account.name, intent, step: "addPassword", details: ["keyId": newPassword.keyID])
            let lifetime = Self.lifetime(azureEnd: newPassword.endDateTime, requested: options.lifetime, now: time.now())
            newInfo = try accounts.rotate(account.name, secret: added.secret, lifetime: lifetime, azureKeyID: newPassword.keyID)
        } catch {
            throw await rollBack(account.name, rotationID: rotationID, objectID: app.objectID, keyID: newPassword.keyID,
                                 token: token, cause: error)
        }

        intent.stage = .proving
        intent.newVersion = newInfo.version
        intent.retireAfter = time.now().addingTimeInterval(options.gracePeriod)
        try accounts.saveAzureRotation(account.name, intent, step: "commit", details: [
            "keyId": newPassword.keyID, "newVersion": String(newInfo.version), "expiresAt": iso(newInfo.expiresAt)])
        var report = GraphRotationReport(
            account: account.name, rotationID: rotationID, oldVersion: current.info.version, oldKeyID: link.keyID,
            oldLink: link.method, newVersion: newInfo.version, newKeyID: newPassword.keyID, newHint: newInfo.hint,
            newExpiresAt: newInfo.expiresAt, proven: false, proofAttempts: 0, oldPassword: .pending, oldPasswordRemovalAt: nil,
            notes: link.note.map { [$0] } ?? [])

        try Self.checkpoint(.prove, options)
        let proof = try await prove(account.name, version: newInfo.version, timeout: options.proofTimeout,
                                    initialDelay: options.proofInitialDelay, maxDelay: options.proofMaxDelay)
        report.proofAttempts = proof.attempts
        guard let newToken = proof.token else {
            report.notes.append("the new secret did not get a token yet (\(proof.reason ?? "not accepted")); the old password is kept "
                + "and both work; run `iamvault reconcile \(account.name)` in a few minutes to finish")
            return report
        }
        report.proven = true
        let outcome = try await advance(account.name, intent: intent, proofAttempts: proof.attempts, objectID: app.objectID,
                                        token: newToken, checkpoint: { try Self.checkpoint(.removeOld, options) })
        report.oldPassword = outcome.action
        report.oldPasswordRemovalAt = outcome.removalAt
        report.notes += outcome.notes
        return report
    }

    /// The commit failed: remove the new password from Azure again (its value would otherwise be lost with no
    /// one able to use it), record that, and report the original cause.
    private func rollBack(_ account: String, rotationID: String, objectID: String, keyID: String, token: AccessToken,
                          cause: any Error) async -> AzureError {
        var removed = false
        do {
            try await graph.removePassword(objectID: objectID, keyID: keyID, token: token)
            removed = true
        } catch {
            removed = false
        }
        // Best effort: when the commit failed because the audit log cannot be written, this fails too; the
        // intent then stays behind and `reconcile` finds the password gone (or still there) and says so.
        try? accounts.endAzureRotation(account, id: rotationID, step: "rollback", details: ["keyId": keyID, "removed": String(removed)])
        return AzureError(.commitFailed(keyID: keyID, removedAgain: removed, reason: Self.reason(cause)))
    }

    /// The vault's expiry for the new version: Azure's own `endDateTime` when it is a valid choice.
    static func lifetime(azureEnd: Date?, requested: SecretLifetime, now: Date) -> SecretLifetime {
        guard let azureEnd, (try? SecretLifetime.until(azureEnd).expiry(from: now)) != nil else { return requested }
        return .until(azureEnd)
    }

    static func checkpoint(_ point: RotationCheckpoint, _ options: GraphRotationOptions) throws {
        if options.fault == .crash(before: point) { throw SimulatedCrash(checkpoint: point) }
    }

    static func newRotationID() -> String {
        RandomBytes.bytes(count: 4).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// Why something failed, in words that hold no secret (typed errors carry their own safe messages).
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as AzureError: return error.message
        case let error as AccountError: return error.message
        case let error as VaultError: return error.message
        case is SimulatedCommitFailure: return "simulated commit failure"
        default: return "\(type(of: error))"
        }
    }
}
