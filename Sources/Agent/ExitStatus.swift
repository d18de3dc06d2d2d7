/// The exit codes of `iamvault`, documented in docs/cli.md and kept stable.
public enum ExitStatus: Int32, Codable, Sendable, CaseIterable {
    /// Success.
    case ok = 0
    /// A condition was not met: `expiring` found secrets, `verify` found a permission mismatch.
    case conditionNotMet = 1
    /// Usage error or invalid input (a malformed GUID, a bad option, a file that is not a vault).
    case usage = 2
    /// Locked, or authentication failed (wrong passphrase, no agent and no way to ask, Azure refused).
    case locked = 3
    /// Not found (account, version, vault).
    case notFound = 4
    /// Integrity failure: a sealed value or the audit chain fails to verify.
    case integrity = 5
    /// Refused by policy: a second capture, a duplicate, a disabled account, an expired secret, `read` to a terminal.
    case refused = 6
    /// The operation could not be completed and nothing was changed (disk full, read-only file, busy vault, network).
    case operationFailed = 7
}
