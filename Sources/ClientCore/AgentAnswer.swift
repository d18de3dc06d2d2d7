/// The header of an agent's answer frame as the Foundation-free client reads it: `{"reply":{"_0":…}}`, or
/// `{"failure":{"_0":{"exitCode":…,"message":…,"hint":…}}}` (a `ReportedError`), and nothing else.
public enum AgentAnswer {
    /// Returns when `header` is a reply; throws the agent's error as a problem when it is a failure (exit code
    /// 1 to 125 only), and `malformed` for anything else.
    public static func check(_ header: [UInt8], malformed: ClientProblem) throws(ClientProblem) {
        guard let answer = ClientJSON.parse(header) else { throw malformed }
        if let failure = answer["failure"]?["_0"] {
            guard let code = failure["exitCode"]?.number, let message = failure["message"]?.string,
                  code >= 1, code <= 125, code == code.rounded() else { throw malformed }
            throw ClientProblem(exitCode: Int32(code), message: message, hint: failure["hint"]?.string)
        }
        guard answer["reply"]?["_0"] != nil else { throw malformed }
    }
}
