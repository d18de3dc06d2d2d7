public import Sodium

/// What a client secret value may be, checked on the guarded bytes without copying them out.
///
/// Azure's generated secrets are 16-64 printable ASCII characters (URL-unreserved today, a few symbols in
/// older ones). A value that is empty, holds a space, newline or other control character, or is not ASCII is
/// refused: it was almost certainly pasted wrongly. A value shaped like a GUID is almost always the secret's
/// *ID* (Azure shows ID and Value side by side): callers must get explicit confirmation to keep it.
public enum SecretValuePolicy {
    public static let lengthRange = 16...256

    /// The result of checking a value: fine, or fine only if the user confirms it is not the secret's ID.
    public enum Verdict: Equatable, Sendable {
        case acceptable
        case looksLikeSecretID
    }

    public static func check(_ value: borrowing SecretBytes) throws -> Verdict {
        let expected = "the client secret's Value: 16 to 256 printable ASCII characters without spaces"
        let problem: String? = value.withUnsafeBytes { bytes in
            if bytes.isEmpty { return "it is empty" }
            for byte in bytes {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return "it contains a line break" }
                if byte == 0 { return "it contains a NUL byte" }
                if byte < 0x20 || byte == 0x7F { return "it contains a control character" }
                if byte == UInt8(ascii: " ") { return "it contains a space" }
                if byte > 0x7E { return "it contains non-ASCII characters" }
            }
            if !lengthRange.contains(bytes.count) { return "it is \(bytes.count) characters long" }
            return nil
        }
        if let problem {
            throw AccountError(.invalidField(field: "Client secret value", problem: problem, expected: expected))
        }
        let guidShaped: Bool = value.withUnsafeBytes { bytes in
            guard bytes.count == 36 else { return false }
            for (index, byte) in bytes.enumerated() {
                if [8, 13, 18, 23].contains(index) {
                    if byte != UInt8(ascii: "-") { return false }
                } else if !AzureIdentifiers.isHexDigit(byte) {
                    return false
                }
            }
            return true
        }
        return guidShaped ? .looksLikeSecretID : .acceptable
    }

    /// The first three characters, as Azure shows them next to a secret (public by Azure's design).
    static func hint(of value: borrowing SecretBytes) -> String {
        value.withUnsafeBytes { String(decoding: $0.prefix(3), as: UTF8.self) }
    }
}
