import Audit
import Foundation
import Sodium
import Vault

/// Unlocking as every command does it: on success the unlock is recorded (folding in earlier failures); on a
/// wrong passphrase or recovery key the failure is recorded without the key, to be folded in at the next
/// unlock. If even that record cannot be written, the user is told; the failure itself is still reported.
enum AuditedUnlock {
    static func withPassphrase(_ locked: LockedVault, _ passphrase: borrowing SecretBytes, actor: AuditActor) throws -> UnlockedVault {
        let vault: UnlockedVault
        do {
            vault = try locked.unlock(passphrase: passphrase)
        } catch let error as VaultError where error.kind == .wrongPassphrase {
            recordFailure(locked, .wrongPassphrase, actor: actor)
            throw error
        }
        try AuditLog().recordUnlock(of: vault, using: .passphrase, actor: actor)
        return vault
    }

    static func withRecoveryKey(_ locked: LockedVault, _ key: borrowing RecoveryKey, actor: AuditActor) throws -> UnlockedVault {
        let vault: UnlockedVault
        do {
            vault = try locked.unlock(recoveryKey: key)
        } catch let error as VaultError where error.kind == .wrongRecoveryKey {
            recordFailure(locked, .wrongRecoveryKey, actor: actor)
            throw error
        }
        try AuditLog().recordUnlock(of: vault, using: .recovery, actor: actor)
        return vault
    }

    private static func recordFailure(_ locked: LockedVault, _ reason: UnlockFailure, actor: AuditActor) {
        do {
            try AuditLog.recordUnlockFailure(storage: locked.storage, reason: reason, actor: actor, time: SystemTime())
        } catch {
            FileHandle.standardError.write(Data("iamvault: warning: the failed unlock could not be recorded in the audit log: \(error)\n".utf8))
        }
    }
}
