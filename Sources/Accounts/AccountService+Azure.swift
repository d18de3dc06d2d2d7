public import Audit
import Foundation
import Vault

/// What the Azure module records on an account. Each change commits in one vault transaction together with
/// its audit entry, like every other change of this service (fail closed: no entry, no change).
extension AccountService {
    /// Records an event about an account in its own transaction (Azure verification results, rotation steps,
    /// tokens handed out). `details` must never hold a secret value or a token.
    public func recordEvent(_ kind: AuditEventKind, account name: String, details: [String: String] = [:]) throws {
        try translate {
            try vault.write { writer in
                let entry = try requireEntry(name, writer)
                try record(kind, entry.name, details, in: writer)
            }
        }
    }

    /// Records a verification result; when the credential got a token, also sets `lastVerifiedAt` to now.
    public func recordVerification(_ name: String, succeeded: Bool, details: [String: String]) throws {
        try translate {
            try vault.write { writer in
                let entry = try requireEntry(name, writer)
                if succeeded {
                    var account = try account(entry)
                    account.lastVerifiedAt = time.now()
                    try writer.updateEntry(id: entry.id, name: entry.name, payload: try AccountPayload(account).encoded())
                }
                try record(.azureVerified, entry.name, details, in: writer)
            }
        }
    }

    /// Links a live version to the Azure password it is (its `keyId`), found by hint or given by the user.
    /// The link is what allows a later Graph rotation to remove that password.
    public func linkAzureKeyID(_ name: String, version: Int, keyID: String) throws {
        let canonical = try AzureIdentifiers.guid(keyID, field: "Secret ID (keyId)")
        try translate {
            try vault.write { writer in
                let entry = try requireEntry(name, writer)
                guard var info = try liveVersions(entry.id, writer).first(where: { $0.info.version == version })?.info else {
                    throw AccountError(.versionNotFound(account: entry.name, version: version))
                }
                guard info.azureKeyID != canonical else { return }
                info.azureKeyID = canonical
                try writer.updateSecretMetadata(of: entry.id, version: version, metadata: try info.encoded())
                try record(.azureRotationStep, entry.name, ["step": "link", "version": String(version), "keyId": canonical], in: writer)
            }
        }
    }

    /// Adds or replaces (same `id`) a rotation intent, with an `azure.rotation_step` entry naming `step`.
    public func saveAzureRotation(_ name: String, _ intent: AzureRotationIntent, step: String, details: [String: String] = [:]) throws {
        try updateRotations(name, step: step, details: details, intentID: intent.id) { intents in
            if let index = intents.firstIndex(where: { $0.id == intent.id }) {
                intents[index] = intent
            } else {
                intents.append(intent)
            }
        }
    }

    /// Removes a finished (or abandoned) rotation intent, with an `azure.rotation_step` entry naming `step`.
    public func endAzureRotation(_ name: String, id: String, step: String, details: [String: String] = [:]) throws {
        try updateRotations(name, step: step, details: details, intentID: id) { intents in
            intents.removeAll { $0.id == id }
        }
    }

    private func updateRotations(
        _ name: String, step: String, details: [String: String], intentID: String,
        _ change: (inout [AzureRotationIntent]) -> Void
    ) throws {
        try translate {
            try vault.write { writer in
                let entry = try requireEntry(name, writer)
                var account = try account(entry)
                change(&account.azureRotations)
                try writer.updateEntry(id: entry.id, name: entry.name, payload: try AccountPayload(account).encoded())
                var recorded = details
                recorded["step"] = step
                recorded["rotation"] = intentID
                try record(.azureRotationStep, entry.name, recorded, in: writer)
            }
        }
    }
}
