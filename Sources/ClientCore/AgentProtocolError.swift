/// Failures of the agent's wire protocol; the message never contains request or secret bytes.
public enum AgentProtocolError: Error, Equatable {
    case truncated
    case timedOut
    case tooLarge(String)
    case malformed(String)
    case system(String, Int32)
    /// The socket's path does not fit a `sockaddr_un` (107 bytes).
    case socketPathTooLong(String)

    /// The error as the user sees it (exit code 2 for a refused message, 7 for a failed connection).
    public var problem: ClientProblem {
        switch self {
        case .truncated: return ClientProblem(exitCode: 7, message: "the agent connection closed mid-message")
        case .timedOut: return ClientProblem(exitCode: 7, message: "the agent did not answer in time")
        case .tooLarge(let what): return ClientProblem(exitCode: 2, message: "agent message refused: \(what) is too large")
        case .malformed(let what): return ClientProblem(exitCode: 2, message: "malformed agent message: \(what)")
        case .system(let call, let code): return ClientProblem(exitCode: 7, message: "\(call) failed: \(ClientProblem.describe(code))")
        case .socketPathTooLong(let path):
            return ClientProblem(exitCode: 2, message: "the agent socket path is too long: \(path)", hint: "set XDG_RUNTIME_DIR to a shorter folder")
        }
    }

    /// The same failure once the whole request was sent: the agent may have carried it out (and committed it)
    /// before it died or stalled, so the user must not read exit 7 as "nothing changed" here.
    public var problemAfterSending: ClientProblem {
        switch self {
        case .truncated, .timedOut, .system:
            return ClientProblem(
                exitCode: 7,
                message: "the agent stopped before it answered (\(problem.message)); the request may or may not have been carried out",
                hint: "check with `iamvault list`, `iamvault show NAME` or `iamvault audit list` before repeating it")
        case .tooLarge, .malformed, .socketPathTooLong:
            return problem
        }
    }
}
