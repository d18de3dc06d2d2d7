import Glibc

/// A failure as the user sees it: the documented exit code, a message saying what was wrong, and a hint
/// saying what to do. Never holds a secret. The agent's `ReportedError` carries the same three fields; this is
/// the Foundation-free form the short-lived client prints.
public struct ClientProblem: Error, Equatable, Sendable {
    /// An exit code of docs/cli.md (2 usage, 3 locked, 4 not found, 5 integrity, 6 refused, 7 failed).
    public var exitCode: Int32
    public var message: String
    public var hint: String?

    public init(exitCode: Int32, message: String, hint: String? = nil) {
        self.exitCode = exitCode
        self.message = message
        self.hint = hint
    }

    /// The text `iamvault: error: …` (and `iamvault: hint: …`) every iamvault command prints on stderr.
    public var text: String {
        var text = "iamvault: error: \(message)\n"
        if let hint { text += "iamvault: hint: \(hint)\n" }
        return text
    }

    /// Prints `text` on stderr and exits with `exitCode`.
    public func exit() -> Never {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
        Glibc.exit(exitCode)
    }

    /// The system's description of an errno value.
    public static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}
