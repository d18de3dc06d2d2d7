import Vault

/// An audit-log failure, written for the person at the keyboard: `message` says what went wrong, `hint` what
/// to do.
///
/// Fail closed: when recording throws `writeFailed` (or `chainBroken` on append), the caller's transaction is
/// abandoned, so the operation the entry describes did not happen. No message contains a secret value, a
/// fingerprint or a key.
public struct AuditError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The entry could not be stored (disk full, read-only file, database busy, a trigger refused it).
        case writeFailed(reason: String)
        /// The stored chain is not in a state an entry can be appended to or read from.
        case chainBroken(seq: Int, problem: AuditProblem)
        /// The clock reads a time an entry cannot hold (before 1970 or after 9999).
        case invalidTime
        /// The event cannot be recorded as given (a field far too long, too many details).
        case invalidEvent(reason: String)
        /// An export could not be written to its destination.
        case exportFailed(reason: String)
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var description: String { message }

    /// One line: what went wrong.
    public var message: String {
        switch kind {
        case .writeFailed(let reason):
            return "the audit entry could not be written, so the operation was not performed: \(reason)"
        case .chainBroken(let seq, let problem):
            return "the audit log is damaged at entry \(seq): \(problem)"
        case .invalidTime:
            return "the system clock reads a time the audit log cannot record; nothing was done"
        case .invalidEvent(let reason):
            return "the audit event cannot be recorded, so the operation was not performed: \(reason)"
        case .exportFailed(let reason):
            return "the audit export could not be written: \(reason)"
        }
    }

    /// One line: what to do about it.
    public var hint: String {
        switch kind {
        case .writeFailed: return "check free disk space and the vault file's permissions, then retry"
        case .chainBroken: return "run `iamvault audit verify`, keep a copy of the file for investigation, and restore from a backup"
        case .invalidTime: return "set the system clock correctly, then retry"
        case .invalidEvent: return "this is a bug in iamvault; please report it"
        case .exportFailed: return "check the destination's free space and permissions, then retry"
        }
    }
}

/// Runs an audit write and turns any failure into `writeFailed`, in the vault's words (no raw engine codes).
/// Audit errors pass through unchanged.
func auditWrite<T: ~Copyable>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as AuditError {
        throw error
    } catch {
        let reason = StorageFailure.vaultError(from: error)?.message ?? String(describing: error)
        throw AuditError(.writeFailed(reason: reason))
    }
}
