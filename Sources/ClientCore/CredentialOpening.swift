public import Sodium

/// The agent's answer to an `open` request as the Foundation-free client reads it: the three parts of a
/// credential in guarded segments, or the error the agent decided, with its exit code.
public enum CredentialOpening {
    /// The largest answer header accepted: an `open` answer is a few hundred bytes.
    public static let maximumAnswerHeader = 1 << 20

    /// The credential in an answer frame, or the agent's error as a problem.
    public static func credential(from frame: AgentFrame) throws(ClientProblem) -> [OwnedSecret] {
        try AgentAnswer.check(frame.header, malformed: AgentProtocolError.malformed("the agent's answer").problem)
        guard frame.secrets.count == 3 else { throw ClientProblem(exitCode: 7, message: "the agent sent no credential") }
        return frame.secrets
    }

    /// The one part asked for (`OpenRequest.field`): the answer's only segment, or, from an agent that predates
    /// field selection and sends the whole credential, the segment at the field's place.
    public static func part(_ field: CredentialField, from frame: AgentFrame) throws(ClientProblem) -> OwnedSecret {
        try AgentAnswer.check(frame.header, malformed: AgentProtocolError.malformed("the agent's answer").problem)
        guard let part = field.part(of: frame.secrets) else { throw ClientProblem(exitCode: 7, message: "the agent sent no credential") }
        return part
    }
}
