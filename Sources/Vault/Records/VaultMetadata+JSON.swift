/// `VaultMetadata.encoded()` without Foundation's encoder: the audit chain head lives in the vault metadata, so
/// every audited operation (each `read`) re-encodes it, and `JSONEncoder` cost 95 k of the agent's 606 k
/// instructions per read (docs/performance.md).
///
/// Guarantees: when it answers, the bytes are exactly `JSONEncoder`'s with `.sortedKeys` and `.iso8601` (keys in
/// byte order, `/` written `\/`, control characters as `JSONEncoder` escapes them, everything else as UTF-8;
/// `VaultMetadataJSONTests` compares the two on thousands of values). It answers nil, and `encoded()` asks
/// Foundation, when an extension key is not ASCII (Foundation's order for other keys is not byte order).
extension VaultMetadata {
    var canonicalJSON: [UInt8]? {
        guard extensions.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(160 + extensions.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        out.append(contentsOf: #"{"createdAt":"#.utf8)
        ISO8601Text.withQuoted(createdAt) { out.append(contentsOf: $0) }
        out.append(contentsOf: #","extensions":{"#.utf8)
        // ASCII keys: byte order is Foundation's order (`Array` compares UTF-8 bytes lexicographically).
        for (index, key) in extensions.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            Self.appendQuoted(extensions[key]!, to: &out)
        }
        out.append(contentsOf: #"},"formatVersion":"#.utf8)
        out.append(contentsOf: String(formatVersion).utf8)
        if let rekeyedAt {
            out.append(contentsOf: #","rekeyedAt":"#.utf8)
            ISO8601Text.withQuoted(rekeyedAt) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: #","vaultID":"#.utf8)
        Self.appendQuoted(vaultID, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` as `JSONEncoder` writes a string by default (slashes escaped).
    private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "/"): out.append(contentsOf: #"\/"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case ..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
