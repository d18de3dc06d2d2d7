import Foundation
import Sodium

/// One message on the agent socket:
/// `u32be(header length) || header (JSON, never a secret) || u32be(n) || n × (u32be(length) || secret bytes)`.
///
/// Secret segments are read straight into guarded memory; limits are checked before anything is allocated,
/// so a malformed, truncated or huge message is refused with a clear error and never traps.
struct AgentFrame {
    static let maximumRequestHeader = 1 << 20
    static let maximumResponseHeader = 256 << 20
    static let maximumSegments = 4
    static let maximumSegmentLength = 8192

    var header: Data
    var secrets: [OwnedSecret]

    func write(to connection: UnixConnection) throws {
        var prefix = Self.bigEndian(UInt32(header.count))
        try prefix.withUnsafeBytes { try connection.write($0) }
        try header.withUnsafeBytes { try connection.write($0) }
        prefix = Self.bigEndian(UInt32(secrets.count))
        try prefix.withUnsafeBytes { try connection.write($0) }
        for secret in secrets {
            let length = Self.bigEndian(UInt32(secret.bytes.count))
            try length.withUnsafeBytes { try connection.write($0) }
            try secret.bytes.withUnsafeBytes { try connection.write($0) }
        }
    }

    static func read(from connection: UnixConnection, maximumHeader: Int) throws -> AgentFrame {
        let headerLength = try readLength(connection)
        guard headerLength <= maximumHeader else { throw AgentProtocolError.tooLarge("a header of \(headerLength) bytes") }
        var header = Data(count: headerLength)
        try header.withUnsafeMutableBytes { try connection.read(into: $0) }
        let count = try readLength(connection)
        guard count <= maximumSegments else { throw AgentProtocolError.tooLarge("\(count) secret segments") }
        var secrets: [OwnedSecret] = []
        for _ in 0..<count {
            let length = try readLength(connection)
            guard length <= maximumSegmentLength else { throw AgentProtocolError.tooLarge("a secret of \(length) bytes") }
            var bytes = try SecretBytes(count: length)
            try bytes.withUnsafeMutableBytes { try connection.read(into: $0) }
            secrets.append(OwnedSecret(bytes))
        }
        return AgentFrame(header: header, secrets: secrets)
    }

    private static func readLength(_ connection: UnixConnection) throws -> Int {
        var bytes = [UInt8](repeating: 0, count: 4)
        try bytes.withUnsafeMutableBytes { try connection.read(into: $0) }
        return bytes.reduce(0) { ($0 << 8) | Int($1) }
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
