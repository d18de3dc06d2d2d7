public import Foundation

/// Which entries to list: every condition given must hold (an empty query matches everything).
public struct AuditQuery: Equatable, Sendable {
    /// Entries that name exactly this account (case and all, as recorded).
    public var account: String?
    /// Entries of one of these kinds.
    public var events: Set<AuditEventKind>?
    /// Entries at or after this time.
    public var since: Date?
    /// Entries before this time.
    public var until: Date?

    public init(account: String? = nil, events: Set<AuditEventKind>? = nil, since: Date? = nil, until: Date? = nil) {
        self.account = account
        self.events = events
        self.since = since
        self.until = until
    }

    public func matches(_ entry: AuditEntry) -> Bool {
        if let account, entry.account != account { return false }
        if let events {
            guard let kind = entry.kind, events.contains(kind) else { return false }
        }
        if let since, entry.time < since { return false }
        if let until, entry.time >= until { return false }
        return true
    }
}
