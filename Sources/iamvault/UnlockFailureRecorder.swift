import Audit
import Foundation
import Vault

/// Records a failed unlock (without the key; folded into the chain at the next unlock). If even that cannot
/// be written, the user is told: the failure itself is still reported with its own exit code.
enum UnlockFailureRecorder {
    static func record(_ locked: LockedVault, _ reason: UnlockFailure, actor: AuditActor) {
        do {
            try AuditLog.recordUnlockFailure(storage: locked.storage, reason: reason, actor: actor, time: SystemTime())
        } catch {
            FileHandle.standardError.write(Data("iamvault: warning: the failed unlock could not be recorded in the audit log: \(error)\n".utf8))
        }
    }
}
