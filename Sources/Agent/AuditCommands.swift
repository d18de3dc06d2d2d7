import Audit
import Foundation
import Vault

/// The audit operations the agent and the CLI share, in the shapes the wire protocol carries.
enum AuditCommands {
    static func list(_ log: AuditLog, vault: UnlockedVault, account: String?, since: Date?) throws -> [String] {
        try log.entries(in: vault, matching: AuditQuery(account: account, since: since)).map(\.jsonLine)
    }

    static func verify(_ log: AuditLog, vault: UnlockedVault, actor: AuditActor, anchor: AuditHead?) throws -> (Int?, AuditFinding?) {
        switch try log.verify(vault: vault, actor: actor, anchor: anchor) {
        case .intact(let count): return (count, nil)
        case .broken(let seq, let problem): return (nil, AuditFinding(sequence: seq, problem: problem.description))
        }
    }

    /// Parses an anchor as `audit verify` prints it; a usage error (exit 2) naming the expected form otherwise.
    static func anchor(_ text: String) throws -> AuditHead {
        guard let head = AuditHead(text) else {
            throw ReportedError(exitCode: .usage, message: "--anchor: \"\(text.prefix(80))\" is not an audit head",
                                hint: "pass the line `audit verify` printed after \"head:\", <sequence>:<64 lower-case hex digits>")
        }
        return head
    }

    static func export(_ log: AuditLog, vault: UnlockedVault, actor: AuditActor) throws -> [String] {
        try log.exportLines(vault: vault, actor: actor)
    }
}
