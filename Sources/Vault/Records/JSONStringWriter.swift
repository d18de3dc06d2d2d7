/// A string as Foundation's `JSONEncoder` writes it with its default options, for the few JSON documents
/// written by hand (the vault metadata, the agent's answer to `open`).
///
/// Guarantees: the same bytes as `JSONEncoder`: `"` and `\` escaped, `/` written `\/`, the control characters
/// `\b \f \n \r \t` by name and the others below 0x20 as `\u00xx` (lowercase hex), everything else as its UTF-8
/// (`VaultMetadataJSONTests` compares whole documents on thousands of values).
package enum JSONStringWriter {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` in quotes, escaped, to `out`.
    package static func appendQuoted(_ text: String, to out: inout [UInt8]) {
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
