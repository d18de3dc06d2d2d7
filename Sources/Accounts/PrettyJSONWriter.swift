import Foundation

/// Writes JSON bytes in exactly the form Foundation's `JSONEncoder` writes with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` and `.iso8601` dates, without building a value tree.
///
/// Guarantees: the caller gives keys in sorted order and opens/closes containers in pairs; the writer then
/// produces the same bytes as `JSONEncoder` (two-space indentation, `"key" : value`, an empty container as an
/// open bracket, an empty line and the close bracket at its indentation, strings escaped as `JSONEncoder`
/// escapes them: `\"`, `\\`, `\b \f \n \r \t`, other control characters as `\u00xx`, everything else raw
/// UTF-8 and `/` unescaped). `PrettyJSONWriterTests` compare it with `JSONEncoder` byte for byte.
struct PrettyJSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Whether the container being written has no member yet.
    private var empty = true

    init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts the next member of the current object; its value must follow.
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        append(key)
        append("\" : ")
    }

    /// Starts the next element of the current array; its value must follow.
    mutating func element() { separate() }

    mutating func value(_ value: Bool) { append(value ? "true" : "false") }
    mutating func value(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    mutating func value(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func value(_ date: Date) { ISO8601Text.withQuoted(date) { bytes.append(contentsOf: $0) } }

    /// An array of strings (`[String]` members).
    mutating func value(_ strings: [String]) {
        beginArray()
        for string in strings {
            element()
            value(string)
        }
        endArray()
    }

    /// Appends a line feed (what `print` adds after the encoder's bytes).
    mutating func newline() { bytes.append(0x0A) }

    /// Takes the bytes written so far, leaving the writer's state (depth, separators) as it was.
    mutating func drain() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            append("u00")
            bytes.append(hex.utf8Start[Int(byte >> 4)])
            bytes.append(hex.utf8Start[Int(byte & 0xF)])
        }
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        empty = true
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(0x0A)
        if empty { bytes.append(0x0A) }
        depth -= 1
        indent()
        bytes.append(bracket)
        empty = false
    }

    private mutating func separate() {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        bytes.append(0x0A)
        empty = false
        indent()
    }

    private mutating func indent() {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }
}
