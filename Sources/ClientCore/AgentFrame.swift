import Glibc
public import Sodium

/// One message on the agent socket:
/// `u32be(header length) || header (JSON, never a secret) || u32be(n) || n × (u32be(length) || secret bytes)`.
/// Foundation-free, so that the short-lived `iamvault` client can speak it without loading Foundation.
///
/// Guarantees on hostile input (the agent reads it from any process of the same user): secret segments are
/// read straight into guarded memory; every length is checked against its limit before anything is
/// allocated, so a malformed, truncated or huge message is refused with an `AgentProtocolError` and never
/// traps. Decoding and `write` are exact inverses: a decoded frame writes back the bytes it was read from.
public struct AgentFrame {
    /// The largest request header the agent accepts (1 MiB).
    public static let maximumRequestHeader = 1 << 20
    /// The largest reply header the client accepts (256 MiB: an audit export).
    public static let maximumResponseHeader = 256 << 20
    public static let maximumSegments = 4
    public static let maximumSegmentLength = 8192

    public var header: [UInt8]
    public var secrets: [OwnedSecret]

    public init(header: [UInt8], secrets: [OwnedSecret]) {
        self.header = header
        self.secrets = secrets
    }

    /// Writes the frame as consecutive chunks to `emit`; secret segments are passed straight from guarded
    /// memory.
    public func write<E: Error>(_ emit: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        try withPieces { pieces throws(E) in for piece in pieces { try emit(piece) } }
    }

    /// Sends the frame in one `sendmsg` (`UnixConnection.write(buffers:)`): one system call instead of one per
    /// piece, nine for a credential, on the path of every `read`.
    public func write(to connection: UnixConnection) throws {
        try withPieces { pieces in try connection.write(buffers: pieces) }
    }

    /// `body` with the frame's encoding in order: the lengths and the header from one plain buffer, each secret
    /// segment straight from its guarded memory, all of them readable only until `body` returns. The one place
    /// the layout is written.
    private func withPieces<E: Error>(_ body: ([UnsafeRawBufferPointer]) throws(E) -> Void) throws(E) {
        let plain = UnsafeMutableRawBufferPointer.allocate(byteCount: 8 + header.count + 4 * secrets.count, alignment: 1)
        defer { plain.deallocate() }
        var offset = 0
        func put(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: plain[offset..<(offset + $0.count)]).copyMemory(from: $0) }
            offset += bytes.count
        }
        put(Self.bigEndian(UInt32(header.count)))
        put(header)
        put(Self.bigEndian(UInt32(secrets.count)))
        let lengthsStart = offset
        for secret in secrets { put(Self.bigEndian(UInt32(secret.bytes.count))) }
        let prefix = UnsafeRawBufferPointer(rebasing: plain[0..<lengthsStart])
        var segments: [UnsafeRawBufferPointer] = []
        try Self.withSegments(secrets[...], collected: &segments) { segments throws(E) in
            var pieces = [prefix]
            for (index, segment) in segments.enumerated() {
                pieces.append(UnsafeRawBufferPointer(rebasing: plain[(lengthsStart + 4 * index)..<(lengthsStart + 4 * index + 4)]))
                pieces.append(segment)
            }
            try body(pieces)
        }
    }

    /// `body` with the bytes of every secret segment (gathered in `collected`), each held readable until it
    /// returns.
    private static func withSegments<E: Error>(_ rest: ArraySlice<OwnedSecret>, collected: inout [UnsafeRawBufferPointer],
                                               _ body: ([UnsafeRawBufferPointer]) throws(E) -> Void) throws(E) {
        guard let first = rest.first else { return try body(collected) }
        try first.bytes.withUnsafeBytes { bytes throws(E) in
            collected.append(bytes)
            try withSegments(rest.dropFirst(), collected: &collected, body)
        }
    }

    /// Decodes the frame at the start of `message`, exactly as the agent reads one from its socket, and says
    /// how many bytes it took. Bytes after the frame are left alone (a socket would leave them unread).
    /// Throws `.truncated` when `message` ends inside the frame, `.tooLarge` when a length is over its limit.
    public static func decode(_ message: UnsafeRawBufferPointer, maximumHeader: Int) throws(AgentProtocolError) -> (frame: AgentFrame, byteCount: Int) {
        var reader = MemoryFrameReader(bytes: message)
        let frame = try read(from: &reader, maximumHeader: maximumHeader)
        return (frame, reader.offset)
    }

    public static func read(from connection: UnixConnection, maximumHeader: Int) throws(AgentProtocolError) -> AgentFrame {
        var reader = connection
        return try read(from: &reader, maximumHeader: maximumHeader)
    }

    private static func read(from source: inout some FrameReading, maximumHeader: Int) throws(AgentProtocolError) -> AgentFrame {
        let headerLength = try readLength(&source)
        guard headerLength <= maximumHeader else { throw AgentProtocolError.tooLarge("a header of \(headerLength) bytes") }
        var header = [UInt8](repeating: 0, count: headerLength)
        try typed { try header.withUnsafeMutableBytes { try source.read(into: $0) } }
        let count = try readLength(&source)
        guard count <= maximumSegments else { throw AgentProtocolError.tooLarge("\(count) secret segments") }
        var secrets: [OwnedSecret] = []
        for _ in 0..<count {
            let length = try readLength(&source)
            guard length <= maximumSegmentLength else { throw AgentProtocolError.tooLarge("a secret of \(length) bytes") }
            var bytes: SecretBytes
            do { bytes = try SecretBytes(count: length) } catch { throw AgentProtocolError.system("sodium_malloc", ENOMEM) }
            try typed { try bytes.withUnsafeMutableBytes { try source.read(into: $0) } }
            secrets.append(OwnedSecret(bytes))
        }
        return AgentFrame(header: header, secrets: secrets)
    }

    /// Runs a fill through an untyped (rethrowing) buffer accessor; only `FrameReading` errors come out of it.
    private static func typed(_ fill: () throws -> Void) throws(AgentProtocolError) {
        do { try fill() } catch let error as AgentProtocolError { throw error } catch { throw .system("read", EIO) }
    }

    package static func readLength(_ source: inout some FrameReading) throws(AgentProtocolError) -> Int {
        var bytes = [UInt8](repeating: 0, count: 4)
        try typed { try bytes.withUnsafeMutableBytes { try source.read(into: $0) } }
        return bytes.reduce(0) { ($0 << 8) | Int($1) }
    }

    package static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

/// Where frame bytes come from: the socket, or a buffer in memory.
package protocol FrameReading {
    /// Fills `buffer` completely or throws (`.truncated` when the bytes end first).
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(AgentProtocolError)
}

extension UnixConnection: FrameReading {}

/// A frame held in memory; reads past its end are `.truncated`, like a socket closed mid-message.
struct MemoryFrameReader: FrameReading {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(AgentProtocolError) {
        guard buffer.count <= bytes.count - offset else { throw .truncated }
        if buffer.count > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + buffer.count)])) }
        offset += buffer.count
    }
}
