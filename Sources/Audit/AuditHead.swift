/// The head of the audit chain: the last entry's sequence number and MAC.
///
/// Kept sealed in the vault metadata (`extensions["audit.head"]`, as `"<seq>:<mac hex>"`) and updated in the
/// same transaction as every append, so entries cut off the end are detected. Printed and kept elsewhere, it
/// is also an external anchor against rolling the whole file back (docs/audit.md).
public struct AuditHead: Equatable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public static let extensionKey = "audit.head"
    /// 2^53: far beyond any real log, and still exact as a JSON number in every SIEM.
    public static let maximumSeq = 1 << 53

    public let seq: Int
    public let mac: [UInt8]

    public init(seq: Int, mac: [UInt8]) {
        self.seq = seq
        self.mac = mac
    }

    /// Parses `"<seq>:<64 hex digits>"`; nil for anything else.
    public init?(_ description: String) {
        let parts = description.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int(parts[0]), (1...Self.maximumSeq).contains(seq), String(seq) == parts[0],
              let mac = Hex.decode(String(parts[1])), mac.count == AuditMAC.byteCount else { return nil }
        self.init(seq: seq, mac: mac)
    }

    public var description: String { "\(seq):\(Hex.encode(mac))" }
}

/// Lower-case hexadecimal.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes lower-case hex only (the form this module writes); nil for anything else.
    static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = value(characters[index]), let low = value(characters[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func value(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
