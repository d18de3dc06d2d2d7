import Foundation

/// One HTTP request to Azure, as the module builds it (internal: callers never pass raw requests).
struct HTTPRequestSpec: Sendable {
    var method: String
    var url: URL
    var headers: [String: String]
    /// For a token request this holds the client secret: built by `WipedData`, zeroed when released.
    var body: Data?
    /// Whether a 429/503 may be retried (false for nothing today; kept explicit for non-idempotent calls).
    var retryable: Bool = true
}

/// An answer from Azure: status, headers with lower-cased names, body.
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// `Retry-After` as whole seconds (the form Entra and Graph use); an HTTP date is also understood.
    /// An HTTP date is 29 printable ASCII characters: anything else never reaches Foundation's DateFormatter,
    /// which traps on some non-ASCII text (found by fuzz-date), so a hostile server cannot crash the agent.
    func retryAfterSeconds(now: Date) -> Int? {
        guard let value = header("retry-after")?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 { return seconds }
        guard value.utf8.count <= 64, value.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, Int(date.timeIntervalSince(now).rounded(.up)))
    }
}
