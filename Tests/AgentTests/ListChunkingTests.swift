import Foundation
import Glibc
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
        let reader = UnixConnection(descriptor: pair[1])
        var small: Int32 = 4096
        setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let input = parts(Array(repeating: 997, count: 900) + [0, 5])
        let expected = input.flatMap { $0 }
        let writerEnd = pair[0]
        Thread { try? UnixConnection(descriptor: writerEnd).write(parts: input) }.start()
        var received = [UInt8](repeating: 0, count: expected.count)
        try received.withUnsafeMutableBytes { try reader.read(into: $0) }
        #expect(received == expected)
    }
}
