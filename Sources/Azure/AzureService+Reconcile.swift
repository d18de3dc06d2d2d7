import Accounts
import Foundation

extension AzureService {
    /// `iamvault reconcile NAME`: lists the application's passwords (keyId, hint, expiry) against the vault's
    /// versions, names orphans on either side, and — when `finishPending` — finishes or undoes interrupted
    /// rotations: resumes one whose secret was committed, proves a new secret, removes an old password whose
    /// grace period is over, forgets one that never reached Azure. It never removes a password the vault did
    /// not capture (an interrupted rotation's uncaptured password is reported with the command to remove it).
    public func reconcile(_ name: String, finishPending: Bool = true) async throws -> ReconcileReport {
        var details = try accounts.show(name)
        let (token, _) = try await anyWorkingGraphToken(details)
        var app = try await graph.application(appID: details.account.clientID, token: token)
        var actions: [ReconcileReport.Action] = []
        var interrupted: Set<String> = []
        var notes: [String] = []
        if finishPending {
            for intent in details.account.azureRotations {
                let result = try await finish(intent, details: details, app: app, token: token)
                actions += result.actions
                interrupted.formUnion(result.interruptedKeys)
            }
            details = try accounts.show(name)
            if !actions.isEmpty { app = try await graph.application(appID: details.account.clientID, token: token) }
            for version in details.versions where version.info.azureKeyID == nil {
                let link = try link(version.info, among: details.versions, in: app, account: details.account.name)
                if let note = link.note { notes.append(note) }
                if link.keyID != nil { details = try accounts.show(name) }
            }
        }
        let byKey = Dictionary(details.versions.compactMap { v in v.info.azureKeyID.map { ($0, v) } }, uniquingKeysWith: { a, _ in a })
        let passwords = app.passwords.map { password in
            let version = byKey[password.keyID]
            let status: ReconcileReport.PasswordStatus = version != nil ? .inVault
                : interrupted.contains(password.keyID) ? .interruptedRotation : .notInVault
            return ReconcileReport.PasswordRow(password: password, vaultVersion: version?.info.version, status: status)
        }
        let azureKeys = Set(app.passwords.map(\.keyID))
        let versions = details.versions.map { v in
            ReconcileReport.VersionRow(
                version: v.info.version, role: v.role.rawValue, hint: v.info.hint, expiresAt: v.info.expiresAt, azureKeyID: v.info.azureKeyID,
                status: v.info.azureKeyID.map { azureKeys.contains($0) ? .inAzure : .notInAzure } ?? .unlinked)
        }
        for row in passwords where row.status == .notInVault {
            notes.append("password \(row.password.keyID) (hint \(row.password.hint ?? "none")) is not in the vault: "
                + "iamvault did not capture it and will not remove it")
        }
        for row in versions where row.status == .notInAzure {
            notes.append("version \(row.version) (keyId \(row.azureKeyID ?? "")) is gone from Azure: its value no longer works; "
                + "retire it with `iamvault retire \(details.account.name) \(row.version)`")
        }
        return ReconcileReport(
            account: details.account.name, checkedAt: time.now(), applicationObjectID: app.objectID, passwords: passwords,
            versions: versions, actions: actions, pending: details.account.azureRotations, notes: notes)
    }

    /// A Graph token from the current version, or else from an older live one (a new secret may not be
    /// replicated yet after an interrupted rotation).
    func anyWorkingGraphToken(_ details: AccountDetails) async throws -> (AccessToken, Int) {
        var firstError: (any Error)?
        for version in details.versions {
            do {
                return try await graphToken(details.account.name, version: version.info.version, purpose: "reconcile")
            } catch let error as AzureError where error.kind == .wrongSecret || error.kind == .secretExpired {
                firstError = firstError ?? error
            }
        }
        throw firstError ?? AccountError(.noSecret(account: details.account.name))
    }

    struct Finished {
        var actions: [ReconcileReport.Action] = []
        var interruptedKeys: Set<String> = []
    }

    /// Moves one unfinished rotation as far as it can go now.
    func finish(_ intent: AzureRotationIntent, details: AccountDetails, app: GraphApplication, token: AccessToken) async throws -> Finished {
        let account = details.account.name
        func action(_ step: String, _ keyID: String?, _ note: String) -> ReconcileReport.Action {
            ReconcileReport.Action(rotationID: intent.id, step: step, keyID: keyID, note: note)
        }
        switch intent.stage {
        case .adding:
            let byName = app.passwords.filter { $0.displayName == intent.displayName }
            let added = intent.newKeyID.flatMap { key in app.passwords.first { $0.keyID == key } } ?? (byName.count == 1 ? byName.first : nil)
            guard let added else {
                try accounts.endAzureRotation(account, id: intent.id, step: "abandoned", details: ["reason": "no password was added"])
                return Finished(actions: [action("abandoned", nil, "the rotation was interrupted before Azure kept a new password; nothing to undo")])
            }
            if let version = details.versions.first(where: { $0.info.azureKeyID == added.keyID }) {
                var resumed = intent
                resumed.stage = .proving
                resumed.newKeyID = added.keyID
                resumed.newVersion = version.info.version
                resumed.retireAfter = resumed.retireAfter ?? time.now()
                try accounts.saveAzureRotation(account, resumed, step: "resume", details: ["keyId": added.keyID])
                var result = try await finish(resumed, details: details, app: app, token: token)
                result.actions.insert(action("resume", added.keyID, "the new secret was committed before the interruption"), at: 0)
                return result
            }
            try accounts.endAzureRotation(account, id: intent.id, step: "abandoned", details: ["keyId": added.keyID, "reason": "value never stored"])
            return Finished(actions: [action("abandoned", added.keyID,
                "Azure created password \(added.keyID) but the rotation was interrupted before its value was stored: the value is lost "
                + "and nothing can use it; iamvault does not remove passwords it did not capture — remove it with "
                + "`az ad app credential delete --id \(details.account.clientID) --key-id \(added.keyID)`")],
                interruptedKeys: [added.keyID])
        case .proving:
            guard let newVersion = intent.newVersion else {
                try accounts.endAzureRotation(account, id: intent.id, step: "abandoned", details: ["reason": "no new version recorded"])
                return Finished(actions: [action("abandoned", nil, "the rotation recorded no new version")])
            }
            let proof = try await prove(account, version: newVersion, timeout: 0, initialDelay: 0, maxDelay: 0)
            guard let newToken = proof.token else {
                return Finished(actions: [action("proofPending", intent.newKeyID, "the new secret still gets no token (\(proof.reason ?? "")); try again later")])
            }
            let outcome = try await advance(account, intent: intent, proofAttempts: proof.attempts, objectID: app.objectID, token: newToken)
            return Finished(actions: [action(outcome.action.rawValue, intent.retireKeyID, Self.describe(outcome, intent: intent))])
        case .retiring:
            guard let keyID = intent.retireKeyID else {
                try accounts.endAzureRotation(account, id: intent.id, step: "keptOld", details: ["reason": "no unique link"])
                return Finished(actions: [action("kept", nil, "no old password to remove")])
            }
            if let due = intent.retireAfter, time.now() < due {
                return Finished(actions: [action("scheduled", keyID, "the old password \(keyID) is removed after \(iso(due))")])
            }
            let outcome = try await retire(account, intent: intent, keyID: keyID, objectID: app.objectID, token: token)
            return Finished(actions: [action(outcome.action.rawValue, keyID, Self.describe(outcome, intent: intent))])
        }
    }

    static func describe(_ outcome: Advance, intent: AzureRotationIntent) -> String {
        let key = intent.retireKeyID ?? "none"
        switch outcome.action {
        case .removed: return (["the old password \(key) was removed"] + outcome.notes).joined(separator: "; ")
        case .scheduled: return "the old password \(key) is removed after \(outcome.removalAt.map(iso) ?? "the grace period")"
        case .kept: return (["the old password was kept"] + outcome.notes).joined(separator: "; ")
        case .pending: return "the new secret is not proven yet"
        }
    }
}
