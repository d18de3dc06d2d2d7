import Audit
import Foundation
import Vault

/// The audit operations the agent and the CLI share, in the shapes the wire protocol carries.
enum AuditCommands {
    static func list(_ log: AuditLog, vault: UnlockedVault, account: String?, since: Date?) throws -> [String] {
        try log.entries(in: vault, matching: AuditQuery(account: account, since: since)).map(\.jsonLine)
    }

    static func verify(_ log: AuditLog, vault: UnlockedVault, actor: AuditActor) throws -> (Int?, AuditFinding?) {
        switch try log.verify(vault: vault, actor: actor) {
        case .intact(let count): return (count, nil)
        case .broken(let seq, let problem): return (nil, AuditFinding(sequence: seq, problem: problem.description))
        }
    }

    static func export(_ log: AuditLog, vault: UnlockedVault, actor: AuditActor) throws -> [String] {
        try log.exportLines(vault: vault, actor: actor)
    }
}
