import Glibc

/// The client's side of `list --json` through the agent (the streamed reply of `ListStream`), without
/// Foundation: the front program and the full program both read the list with it.
///
/// On the wire, after the request: the reply frame, then `u32be(n) || n bytes` chunks with `0 < n`, then
/// `u32be(0)`, then an end frame (`{"reply":…}` when the whole list was sent, else the agent's error).
///
/// Guarantees: all or nothing — the output is returned only after an end frame that says the list ended well;
/// a chunk over `maximumChunk`, a total over `maximumTotal`, a connection cut short or a malformed end is
/// exit 7 or 2 with a message saying nothing was printed, never a trap.
public enum ListReception {
    /// The largest chunk accepted.
    public static let maximumChunk = 1 << 20
    /// The largest whole list accepted (1 GiB: about 1.5 million accounts).
    public static let maximumTotal = 1 << 30

    /// The request header as the agent's `AgentRequest.listJSON(tag:enabled:)` decodes it (a nil field absent).
    public static func requestHeader(tag: String?, enabled: Bool?) -> [UInt8] {
        var fields: [String] = []
        if let enabled { fields.append("\"enabled\":\(enabled)") }
        if let tag { fields.append("\"tag\":\(ClientJSON.quoted(tag))") }
        return Array("{\"listJSON\":{\(fields.joined(separator: ","))}}".utf8)
    }

    /// Sends the request on `connection`, then reads the reply frame and the list.
    public static func list(tag: String?, enabled: Bool?, on connection: UnixConnection) throws(ClientProblem) -> ReceivedList {
        let reply = try AgentFrame.exchange(requestHeader(tag: tag, enabled: enabled), on: connection)
        try AgentAnswer.check(reply.header, malformed: AgentProtocolError.malformed("the agent's answer").problem)
        return try receive(from: connection)
    }

    /// Reads the chunks and the end frame that follow the reply frame: the whole output, or the agent's error.
    /// The chunks are read straight into one `ListBuffer`, in place.
    public static func receive(from connection: UnixConnection) throws(ClientProblem) -> ReceivedList {
        let buffer: ListBuffer
        let end: AgentFrame
        do {
            buffer = try ListBuffer(capacity: maximumTotal)
            var reader = connection
            while true {
                let length = try AgentFrame.readLength(&reader)
                if length == 0 { break }
                guard length <= maximumChunk else { throw AgentProtocolError.tooLarge("a list chunk of \(length) bytes") }
                guard length <= maximumTotal - buffer.count else { throw AgentProtocolError.tooLarge("a list over 1 GiB") }
                try buffer.append(reading: length, from: connection)
            }
            end = try AgentFrame.read(from: connection, maximumHeader: AgentFrame.maximumRequestHeader)
        } catch let error as AgentProtocolError {
            throw ClientProblem(exitCode: 7, message: "the agent's list stopped part-way (\(error.problem.message))",
                                hint: "nothing was printed; run the command again, or `iamvault status` to see whether the agent runs")
        } catch {
            throw ClientProblem(exitCode: 7, message: "the agent's list stopped part-way")
        }
        try AgentAnswer.check(end.header, malformed: AgentProtocolError.malformed("the end of the agent's list").problem)
        return ReceivedList(buffer: buffer)
    }
}

/// A whole `list --json` output as it arrived from the agent: printed from where it was gathered, or copied.
public struct ReceivedList {
    private let buffer: ListBuffer

    init(buffer: ListBuffer) { self.buffer = buffer }

    /// The output, valid while this value lives.
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(buffer) { () throws(E) -> R in try body(buffer.bytes) }
    }

    /// The output in one array.
    public func joined() -> [UInt8] { withBytes { Array($0) } }
}
