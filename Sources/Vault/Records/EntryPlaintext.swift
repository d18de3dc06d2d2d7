/// The plaintext layout of an entry's sealed metadata: `u32be(name length) || name (UTF-8) || payload`.
///
/// Guarantees: `decode` never traps on any bytes (a length past the end or a name that is not UTF-8 is nil),
/// and `decode(encode(name, payload))` gives back exactly `name` and `payload`.
public enum EntryPlaintext {
    public static func encode(name: String, payload: [UInt8]) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        return withUnsafeBytes(of: UInt32(nameBytes.count).bigEndian) { Array($0) } + nameBytes + payload
    }

    /// Returns nil when the bytes do not follow the layout (only possible if the sealing key was misused).
    public static func decode(_ bytes: [UInt8]) -> (name: String, payload: [UInt8])? {
        guard bytes.count >= 4 else { return nil }
        let length = bytes[0..<4].reduce(0) { ($0 << 8) | Int($1) }
        guard length <= bytes.count - 4 else { return nil }
        let name = bytes.withUnsafeBufferPointer { all -> String? in
            let utf8 = UnsafeBufferPointer(rebasing: all[4..<(4 + length)])
            // ASCII is valid UTF-8 as it is; `String(validating:)` took a generic path (1,000 instructions for
            // a short name, on every entry `list` opens).
            if utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: utf8, as: UTF8.self) }
            return String(validating: utf8, as: UTF8.self)
        }
        guard let name else { return nil }
        return (name, Array(bytes[(4 + length)...]))
    }
}
