import Accounts
import Audit
import Foundation

/// The streamed reply to `listJSON`: the output of `iamvault list --json`, rendered by the agent one account
/// at a time and sent in chunks, so that neither the agent nor its reply ever holds the whole list.
///
/// On the wire, after the request: the reply frame (`AgentFrame`, header `{"reply":{}}`, or a failure and
/// nothing more), then `u32be(n) || n bytes` chunks with `0 < n <= chunkSize`, then `u32be(0)`, then an end
/// frame whose header is `{"reply":{}}` when the whole list was sent or `{"failure":…}` (a `ReportedError`)
/// when it stopped part-way.
///
/// Guarantees: the chunks concatenated are byte for byte `Output.json(accounts)` (`AccountListJSON`); only
/// account metadata is rendered, never a secret; the client keeps nothing of a stream that did not end with
/// `{"reply":{}}` (all or nothing), refuses a chunk over `ListReception.maximumChunk` or a total over
/// `ListReception.maximumTotal`, and reports a stream cut short as an error, never a trap.
public enum ListStream {
    /// The agent sends a chunk once this much is rendered (and never more than this in one chunk).
    public static let chunkSize = 256 << 10

    /// Renders the accounts matching `filter` through `service`, calling `emit` with chunks, each the parts of
    /// at most `chunkSize` bytes (and `UnixConnection.maximumParts` parts), in order, the last one included.
    static func render(_ service: AccountService, _ filter: AccountFilter, emit: ([ArraySlice<UInt8>]) throws -> Void) throws {
        try service.renderAccountList(filter, pieceSize: chunkSize) { parts in try chunks(of: parts, emit) }
    }

    /// The agent's side: the stream after the reply frame, chunks and end frame, written to `connection`.
    static func serve(_ handler: RequestHandler, tag: String?, enabled: Bool?, actor: AuditActor, to connection: UnixConnection) throws {
        var outcome = AgentResponse.reply(AgentReply())
        do {
            try handler.listJSON(tag: tag, enabled: enabled, actor: actor) { parts in
                let length = parts.reduce(0) { $0 + $1.count }
                do {
                    try connection.write(parts: [AgentFrame.bigEndian(UInt32(length))[...]] + parts)
                } catch {
                    throw ClientGone()
                }
            }
        } catch is ClientGone {
            return  // nobody to tell
        } catch {
            outcome = .failure(ReportedError.from(error))
        }
        try AgentFrame.bigEndian(0).withUnsafeBytes { try connection.write($0) }
        try AgentFrame(header: try WireJSON.encoder.encode(outcome), secrets: []).write(to: connection)
    }

    /// Passes `parts` to `emit` as chunks of at most `chunkSize` bytes and fewer than
    /// `UnixConnection.maximumParts` parts (the frame's length goes first), in order, a part cut where one chunk
    /// ends; nothing for parts without bytes (a batch whose accounts were all filtered out): an empty chunk
    /// would be read as the end of the stream.
    static func chunks(of parts: [ArraySlice<UInt8>], _ emit: ([ArraySlice<UInt8>]) throws -> Void) throws {
        var chunk: [ArraySlice<UInt8>] = []
        var bytes = 0
        for whole in parts {
            var part = whole
            while !part.isEmpty {
                if bytes == chunkSize || chunk.count == UnixConnection.maximumParts - 1 {
                    try emit(chunk)
                    chunk.removeAll(keepingCapacity: true)
                    bytes = 0
                }
                let taken = part.prefix(chunkSize - bytes)
                chunk.append(taken)
                bytes += taken.count
                part = part.dropFirst(taken.count)
            }
        }
        if !chunk.isEmpty { try emit(chunk) }
    }

    /// The client stopped reading: the stream ends without an end frame.
    private struct ClientGone: Error {}
}
