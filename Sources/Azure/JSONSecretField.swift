import Foundation
import Sodium

/// Takes one string member of a top-level JSON object straight into guarded memory (`secretText` of an
/// addPassword answer, `access_token` of a token answer) and blanks it in the document, so that the rest of
/// the document can be decoded normally without the value ever becoming a `String`.
///
/// The scan is strict and never traps: it walks the whole object with its own small tokenizer (strings with
/// escapes, nesting up to 32 levels); anything it does not understand, and a member name that appears
/// twice, leaves the document untouched and returns nil. The blanked value keeps the document valid JSON (its bytes become `x`).
enum JSONSecretField {
    static func take(_ name: String, from document: inout Data) -> SecretBytes? {
        let key = Array(name.utf8)
        let found: ValueRange? = document.withUnsafeBytes { bytes in
            var scanner = Scanner(bytes: bytes)
            return scanner.findTopLevelString(key: key)
        }
        guard let range = found else { return nil }
        let value = try? SecretBytes(count: range.decodedCount) { output in
            let decoded = document.withUnsafeBytes { bytes in
                Scanner.unescape(UnsafeRawBufferPointer(rebasing: bytes[range.start..<range.end]), into: output)
            }
            guard decoded else { throw CocoaError(.coderInvalidValue) }
        }
        guard let value else { return nil }
        document.withUnsafeMutableBytes { (bytes: UnsafeMutableRawBufferPointer) -> Void in
            for index in range.start..<range.end { bytes[index] = UInt8(ascii: "x") }
        }
        return value
    }

    struct ValueRange {
        var start: Int
        var end: Int
        var decodedCount: Int
    }

    struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        /// Walks the whole top-level object: the value of `key` when it is a string and the only member of
        /// that name. A repeated name is refused, because JSON parsers disagree on which one counts (this
        /// scan would take the first, Foundation keeps the last) and the other value would stay in the
        /// document unblanked.
        mutating func findTopLevelString(key: [UInt8]) -> ValueRange? {
            skipSpace()
            guard next() == UInt8(ascii: "{") else { return nil }
            var found: ValueRange?
            var seen = false
            skipSpace()
            if peek() == UInt8(ascii: "}") { return nil }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { return nil }
                guard let nameRange = stringRange() else { return nil }
                skipSpace()
                guard next() == UInt8(ascii: ":") else { return nil }
                skipSpace()
                if name(nameRange, equals: key) {
                    guard !seen else { return nil }
                    seen = true
                    if peek() == UInt8(ascii: "\"") {
                        guard let value = stringRange() else { return nil }
                        found = value
                    } else {
                        guard skipValue(depth: 0) else { return nil }
                    }
                } else {
                    guard skipValue(depth: 0) else { return nil }
                }
                skipSpace()
                switch next() {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "}"): return found
                default: return nil
                }
            }
        }

        /// Whether a member name, escapes decoded (`"access\u005ftoken"` is `access_token` to every parser), is `key`.
        func name(_ range: ValueRange, equals key: [UInt8]) -> Bool {
            guard range.decodedCount == key.count else { return false }
            var decoded = [UInt8](repeating: 0, count: key.count)
            let valid = decoded.withUnsafeMutableBytes { output in
                Scanner.unescape(UnsafeRawBufferPointer(rebasing: bytes[range.start..<range.end]), into: output)
            }
            return valid && decoded == key
        }

        /// At an opening quote: the raw range inside the quotes, and how many bytes it decodes to.
        mutating func stringRange() -> ValueRange? {
            guard next() == UInt8(ascii: "\"") else { return nil }
            let start = index
            var decoded = 0
            while let byte = next() {
                switch byte {
                case UInt8(ascii: "\""):
                    return ValueRange(start: start, end: index - 1, decodedCount: decoded)
                case UInt8(ascii: "\\"):
                    guard let escape = next() else { return nil }
                    if escape == UInt8(ascii: "u") {
                        guard index + 4 <= bytes.count else { return nil }
                        index += 4
                    }
                    decoded += 1
                case 0..<0x20:
                    return nil
                default:
                    decoded += 1
                }
            }
            return nil
        }

        mutating func skipValue(depth: Int) -> Bool {
            guard depth < 32, let first = peek() else { return false }
            switch first {
            case UInt8(ascii: "\""):
                return stringRange() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = first == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipSpace()
                if peek() == close { index += 1; return true }
                while true {
                    skipSpace()
                    if first == UInt8(ascii: "{") {
                        guard stringRange() != nil else { return false }
                        skipSpace()
                        guard next() == UInt8(ascii: ":") else { return false }
                        skipSpace()
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    skipSpace()
                    guard let separator = next() else { return false }
                    if separator == close { return true }
                    guard separator == UInt8(ascii: ",") else { return false }
                }
            default:
                let start = index
                while let byte = peek(), !",}] \t\r\n".utf8.contains(byte) { index += 1 }
                return index > start
            }
        }

        /// Decodes JSON escapes of an ASCII value (`\uXXXX` above 0x7F is refused: secrets are ASCII).
        static func unescape(_ raw: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
            var input = 0, written = 0
            while input < raw.count {
                var byte = raw[input]
                input += 1
                if byte == UInt8(ascii: "\\") {
                    guard input < raw.count else { return false }
                    let escape = raw[input]
                    input += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): byte = escape
                    case UInt8(ascii: "b"): byte = 0x08
                    case UInt8(ascii: "f"): byte = 0x0C
                    case UInt8(ascii: "n"): byte = 0x0A
                    case UInt8(ascii: "r"): byte = 0x0D
                    case UInt8(ascii: "t"): byte = 0x09
                    case UInt8(ascii: "u"):
                        guard input + 4 <= raw.count else { return false }
                        var value: UInt32 = 0
                        for offset in 0..<4 {
                            guard let digit = hexValue(raw[input + offset]) else { return false }
                            value = value * 16 + UInt32(digit)
                        }
                        input += 4
                        guard value < 0x80 else { return false }
                        byte = UInt8(value)
                    default: return false
                    }
                }
                guard written < output.count else { return false }
                output[written] = byte
                written += 1
            }
            return written == output.count
        }

        static func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }

        mutating func skipSpace() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func next() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }
    }
}
