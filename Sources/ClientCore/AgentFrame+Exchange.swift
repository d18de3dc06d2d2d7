extension AgentFrame {
    /// Sends a request frame with `header` (no secrets) and reads the answer frame, as the Foundation-free
    /// client does for every request. Before the request is out, a failure is "nothing happened"; after it,
    /// a broken connection is reported as an unknown outcome (`problemAfterSending`).
    public static func exchange(_ header: [UInt8], on connection: UnixConnection) throws(ClientProblem) -> AgentFrame {
        do {
            try AgentFrame(header: header, secrets: []).write(to: connection)
        } catch let error as AgentProtocolError {
            throw error.problem
        } catch {
            throw ClientProblem(exitCode: 7, message: "cannot write to the agent")
        }
        do {
            return try AgentFrame.read(from: connection, maximumHeader: CredentialOpening.maximumAnswerHeader)
        } catch {
            throw error.problemAfterSending
        }
    }
}
