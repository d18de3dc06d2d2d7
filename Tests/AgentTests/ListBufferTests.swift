import Glibc
import Testing
@testable import ClientCore

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
