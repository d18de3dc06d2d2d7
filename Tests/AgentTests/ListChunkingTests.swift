import Glibc
import Sodium
import Testing
@testable import Agent
@testable import ClientCore

/// How the agent sends `list --json`: the rendered accounts' own buffers cut into chunks (`ListStream.chunks`)
/// and written with one `sendmsg` per chunk (`UnixConnection.write(parts:)`), nothing joined or lost.
@Suite("List chunks: the accounts' buffers sent as they are")
struct ListChunkingTests {
    private func parts(_ sizes: [Int]) -> [ArraySlice<UInt8>] {
        var next: UInt8 = 0
        return sizes.map { size in
            (0..<size).map { _ in next &+= 1; return next }[...]
        }
    }

    @Test(arguments: [[], [0, 0], [1], [ListStream.chunkSize], [ListStream.chunkSize + 1], [10, 0, ListStream.chunkSize * 2 + 7, 3],
                      Array(repeating: 800, count: 700), Array(repeating: 3, count: 2500)])
    func chunksKeepEveryByteInOrderWithinTheLimits(sizes: [Int]) throws {
        let input = parts(sizes)
        var chunks: [[ArraySlice<UInt8>]] = []
        try ListStream.chunks(of: input) { chunks.append($0) }
        #expect(chunks.flatMap { $0.flatMap { $0 } } == input.flatMap { $0 })
        for chunk in chunks {
            let bytes = chunk.reduce(0) { $0 + $1.count }
            #expect(bytes > 0, "an empty chunk would end the stream")
            #expect(bytes <= ListStream.chunkSize)
            #expect(chunk.count < UnixConnection.maximumParts, "room for the frame's length")
            #expect(chunk.allSatisfy { !$0.isEmpty })
        }
        if input.allSatisfy(\.isEmpty) { #expect(chunks.isEmpty) }
    }

    /// More bytes than the socket holds at once, in many parts: the short writes are resumed mid-part.
    @Test func partsArriveWholeThroughShortWrites() throws {
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        let writer = UnixConnection(descriptor: pair[0])
        let reader = UnixConnection(descriptor: pair[1])
        var small: Int32 = 4096
        setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let input = parts(Array(repeating: 997, count: 900) + [0, 5])
        let expected = input.flatMap { $0 }
        let sent = Thread { try? writer.write(parts: input) }
        sent.start()
        var received = [UInt8](repeating: 0, count: expected.count)
        try received.withUnsafeMutableBytes { try reader.read(into: $0) }
        #expect(received == expected)
    }
}

/// A plain thread, for the writer side of a socket pair.
private final class Thread: @unchecked Sendable {
    private let body: () -> Void
    private var thread = pthread_t()

    init(_ body: @escaping () -> Void) { self.body = body }

    func start() {
        let box = Unmanaged.passRetained(self)
        pthread_create(&thread, nil, { raw in
            let me = Unmanaged<Thread>.fromOpaque(raw!).takeRetainedValue()
            me.body()
            return nil
        }, box.toOpaque())
        pthread_detach(thread)
    }
}

/// `ListBuffer`, where the client gathers the list: chunks land in order, and one that would pass the
/// capacity is refused before anything of it is read.
@Suite("The client's list buffer")
struct ListBufferTests {
    @Test func chunksLandInOrderAndTheCapacityHolds() throws {
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        let writer = UnixConnection(descriptor: pair[0])
        let reader = UnixConnection(descriptor: pair[1])
        let data = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try data.withUnsafeBytes { try writer.write($0) }
        let buffer = try ListBuffer(capacity: 4096)
        try buffer.append(reading: 1000, from: reader)
        try buffer.append(reading: 3000, from: reader)
        #expect(Array(buffer.bytes) == Array(data[..<4000]))
        #expect(throws: AgentProtocolError.self) { try buffer.append(reading: 97, from: reader) }
        #expect(buffer.count == 4000, "nothing of a refused chunk is taken")
        try buffer.append(reading: 96, from: reader)
        #expect(Array(buffer.bytes) == Array(data[..<4096]))
    }
}

/// `AgentFrame.write(to:)` sends a whole frame, secrets from guarded memory, in one `sendmsg`: the bytes are
/// the frame's encoding, and the frame decodes back.
@Suite("Agent frames in one sendmsg")
struct FrameSendTests {
    @Test(arguments: [0, 1, 3, 4])
    func aFrameSentInOneCallIsItsEncoding(segments: Int) throws {
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        let writer = UnixConnection(descriptor: pair[0])
        let reader = UnixConnection(descriptor: pair[1])
        let secrets = try (0..<segments).map { index in
            OwnedSecret(try SecretBytes(copying: Array(repeating: UInt8(0x41 + index), count: 36 + index)))
        }
        let frame = AgentFrame(header: Array(#"{"reply":{"_0":{}}}"#.utf8), secrets: secrets)
        var expected: [UInt8] = []
        frame.write { expected += $0 }
        try frame.write(to: writer)
        var received = [UInt8](repeating: 0, count: expected.count)
        try received.withUnsafeMutableBytes { try reader.read(into: $0) }
        #expect(received == expected)
        let decoded = try received.withUnsafeBytes { try AgentFrame.decode($0, maximumHeader: 1024) }
        #expect(decoded.frame.header == frame.header)
        #expect(decoded.frame.secrets.map { $0.bytes.withUnsafeBytes { Array($0) } } == secrets.map { $0.bytes.withUnsafeBytes { Array($0) } })
    }
}
