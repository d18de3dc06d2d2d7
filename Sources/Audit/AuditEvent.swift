/// An event to record: what happened, to which account, and details that help an auditor.
///
/// Invariant for callers: `details` never holds a secret value, a fingerprint or a key. Edited fields are
/// named, not their values (`fields: "description,tags"`).
public struct AuditEvent: Equatable, Sendable {
    public var kind: AuditEventKind
    public var account: String?
    public var details: [String: String]
    public var actor: AuditActor

    public init(_ kind: AuditEventKind, account: String? = nil, details: [String: String] = [:], actor: AuditActor) {
        self.kind = kind
        self.account = account
        self.details = details
        self.actor = actor
    }
}
