/// What is wrong with the audit chain at a given entry.
///
/// `kind` is stable and meant for machines (and the CLI's exit code 5); `detail` is for people.
public struct AuditProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        /// The entry's bytes or MAC were changed (or it cannot be opened or parsed).
        case edited
        /// An entry, or an unlock-failure record that should have been folded, is missing.
        case missing
        /// The entry holds another position's content (entries were swapped or moved).
        case reordered
        /// Entries were cut off the end: the chain ends before the head recorded with the vault metadata.
        case truncated
        /// The recorded head (or a given anchor) does not match the chain: it is missing, malformed, or
        /// older than the entries (the metadata was rolled back).
        case headMismatch = "head_mismatch"
    }

    public let kind: Kind
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}

/// The result of verifying the audit chain, as data: the CLI maps `.intact` to exit code 0 and `.broken` to
/// exit code 5, naming `seq` and the problem.
///
/// Guarantee: `.intact(count:)` means every entry from 1 to `count` opens under the vault's key, holds its own
/// sequence number, chains to its predecessor through a MAC under K_audit, the last one matches the head
/// sealed with the vault metadata, and no unlock-failure record was lost. `.broken` names the *first* bad
/// entry.
public enum AuditVerification: Equatable, Sendable {
    case intact(count: Int)
    case broken(seq: Int, problem: AuditProblem)

    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }
}
