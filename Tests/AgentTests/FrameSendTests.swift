import Glibc
import Sodium
import Testing
@testable import ClientCore

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
