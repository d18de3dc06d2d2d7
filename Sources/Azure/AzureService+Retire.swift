import Accounts
import Foundation

/// The second half of a rotation, shared by `rotateViaGraph` and `reconcile`: tie a version to its Azure
/// password, prove a new secret, remove the old password.
extension AzureService {
    struct KeyLink {
        var keyID: String?
        var method: GraphRotationReport.OldLink
        var note: String?
    }

    /// Ties `info` to one of `app`'s passwords: by the keyId recorded with it, or else by the one password
    /// whose hint matches and that no other live version claims. A hint match is recorded on the version.
    func link(_ info: SecretVersionInfo, among versions: [SecretVersionSummary], in app: GraphApplication, account: String) throws -> KeyLink {
        if let keyID = info.azureKeyID {
            guard app.passwords.contains(where: { $0.keyID == keyID }) else {
                return KeyLink(keyID: nil, method: .recorded, note: "the password of version \(info.version) (keyId \(keyID)) "
                    + "is no longer in Azure, so there is nothing to remove")
            }
            return KeyLink(keyID: keyID, method: .recorded, note: nil)
        }
        let claimed = Set(versions.compactMap(\.info.azureKeyID))
        let candidates = app.passwords.filter { $0.hint == info.hint && !claimed.contains($0.keyID) }
        guard candidates.count == 1, let match = candidates.first else {
            let why = candidates.isEmpty ? "no password of the application has the hint \"\(info.hint)\""
                : "\(candidates.count) passwords of the application have the hint \"\(info.hint)\""
            return KeyLink(keyID: nil, method: .none, note: "version \(info.version) has no recorded keyId and \(why), so it "
                + "cannot be tied to an Azure password: iamvault will not remove a password for it (do that in the portal once nothing "
                + "uses it)")
        }
        try accounts.linkAzureKeyID(account, version: info.version, keyID: match.keyID)
        return KeyLink(keyID: match.keyID, method: .hint, note: nil)
    }

    struct Proof {
        var token: AccessToken?
        var attempts: Int
        var reason: String?
    }

    /// Tries the new secret until it gets a token: AADSTS7000215 means "not replicated yet" and is retried
    /// with backoff until `timeout` (on the injected clock) has passed; any other failure stops at once.
    func prove(_ account: String, version: Int, timeout: TimeInterval, initialDelay: TimeInterval, maxDelay: TimeInterval) async throws -> Proof {
        let (request, _) = try prepareTokenRequest(account, version: version, resource: endpoints.cloud.graphRoot,
                                                   purpose: "rotate --via-graph: prove the new secret")
        let deadline = time.now().addingTimeInterval(timeout)
        var delay = initialDelay
        var attempts = 0
        while true {
            attempts += 1
            do {
                return Proof(token: try await tokens.token(request), attempts: attempts, reason: nil)
            } catch let error where error.kind == .wrongSecret {
                guard time.now().addingTimeInterval(delay) <= deadline else {
                    return Proof(token: nil, attempts: attempts, reason: "still AADSTS7000215 after \(attempts) attempts")
                }
                try await sleeper.sleep(seconds: delay)
                delay = min(delay * 2, maxDelay)
            } catch {
                return Proof(token: nil, attempts: attempts, reason: error.message)
            }
        }
    }

    struct Advance {
        var action: GraphRotationReport.OldPasswordAction
        var removalAt: Date?
        var notes: [String]
    }

    /// The new secret is proven: record it, then remove the old password now (if due) or leave it scheduled.
    func advance(_ account: String, intent proving: AzureRotationIntent, proofAttempts: Int, objectID: String, token: AccessToken,
                 checkpoint: () throws -> Void = {}) async throws -> Advance {
        var intent = proving
        intent.stage = .retiring
        let removalAt = max(intent.retireAfter ?? time.now(), intent.startedAt)
        intent.retireAfter = removalAt
        guard let keyID = intent.retireKeyID else {
            try accounts.endAzureRotation(account, id: intent.id, step: "keptOld", details: [
                "attempts": String(proofAttempts), "reason": "no unique link to an Azure password"])
            return Advance(action: .kept, removalAt: nil, notes: [
                "the old password was kept: it is not tied to a value this vault captured"])
        }
        try accounts.saveAzureRotation(account, intent, step: "proved", details: [
            "attempts": String(proofAttempts), "keyId": intent.newKeyID ?? "", "retireAfter": iso(removalAt)])
        guard time.now() >= removalAt else {
            return Advance(action: .scheduled, removalAt: removalAt, notes: [
                "the old password \(keyID) stays valid until \(iso(removalAt)); `iamvault reconcile \(account)` removes it after that"])
        }
        try checkpoint()
        return try await retire(account, intent: intent, keyID: keyID, objectID: objectID, token: token)
    }

    /// Removes the old password (if Azure still has it), retires the old version in the vault, ends the intent.
    func retire(_ account: String, intent: AzureRotationIntent, keyID: String, objectID: String, token: AccessToken) async throws -> Advance {
        let details = try accounts.show(account)
        // The last guard of "never remove what the vault did not capture": the keyId must be the one the
        // intent recorded from a linked version, and must not be the key of any version still current.
        guard keyID != intent.newKeyID, details.current?.info.azureKeyID != keyID else {
            try accounts.endAzureRotation(account, id: intent.id, step: "keptOld", details: ["keyId": keyID, "reason": "key is current"])
            return Advance(action: .kept, removalAt: nil, notes: ["the password \(keyID) belongs to the current version and was kept"])
        }
        let app = try await graph.application(appID: details.account.clientID, token: token)
        var notes: [String] = []
        if app.passwords.contains(where: { $0.keyID == keyID }) {
            try await graph.removePassword(objectID: objectID, keyID: keyID, token: token)
            try accounts.recordEvent(.azureRotationStep, account: account, details: [
                "step": "removePassword", "keyId": keyID, "rotation": intent.id])
        } else {
            notes.append("the old password \(keyID) was already gone from Azure")
        }
        if let old = intent.oldVersion, let live = details.versions.first(where: { $0.info.version == old }), live.role != .current {
            try accounts.retire(account, version: old)
        }
        try accounts.endAzureRotation(account, id: intent.id, step: "done", details: ["keyId": keyID])
        return Advance(action: .removed, removalAt: nil, notes: notes)
    }
}
