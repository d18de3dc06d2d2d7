@_exported public import ClientCore
public import Foundation
public import Sodium

extension AgentProtocolError {
    /// The error as the user sees it (exit code 2 for a refused message, 7 for a failed connection).
    public var reported: ReportedError { ReportedError(problem) }

    /// The same failure once the whole request was sent: the outcome is unknown (see `problemAfterSending`).
    var reportedAfterSending: ReportedError { ReportedError(problemAfterSending) }
}

extension ReportedError {
    /// The agent-side form of a client problem; an exit code outside the documented ones becomes 7.
    public init(_ problem: ClientProblem) {
        self.init(exitCode: ExitStatus(rawValue: problem.exitCode) ?? .operationFailed, message: problem.message, hint: problem.hint)
    }
}

extension AgentFrame {
    /// A frame whose header is Foundation JSON (`AgentRequest.wireHeader()`, an encoded reply).
    public init(header: Data, secrets: [OwnedSecret]) {
        self.init(header: [UInt8](header), secrets: secrets)
    }
}

extension AgentRequest {
    /// Decodes a frame's header bytes (see `init(wireHeader: Data)`).
    public init(wireHeader bytes: [UInt8]) throws(AgentProtocolError) {
        try self.init(wireHeader: Data(bytes))
    }
}
