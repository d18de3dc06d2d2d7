import Foundation
import Vault

/// Writes JSON bytes in exactly the form Foundation's `JSONEncoder` writes with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` and `.iso8601` dates, without building a value tree.
///
/// Guarantees: the caller gives keys in sorted order and opens/closes containers in pairs; the writer then
/// produces the same bytes as `JSONEncoder` (two-space indentation, `"key" : value`, an empty container as an
/// open bracket, an empty line and the close bracket at its indentation, strings escaped as `JSONEncoder`
/// escapes them: `\"`, `\\`, `\b \f \n \r \t`, other control characters as `\u00xx`, everything else raw
/// UTF-8 and `/` unescaped). `AccountListJSONTests` compare it with `JSONEncoder` byte for byte.
///
/// Each call appends its bytes in one write into room the buffer already has (`storage` is kept longer than
/// the output, so no call goes through `Array.append`'s growth checks): a key with its separator and
/// indentation, a string without anything to escape (`JSONStringBytes` finds those bytes eight at a time), a
/// date formatted on the stack. The storage is an `Array`, so the writer keeps value semantics.
struct PrettyJSONWriter {
    /// The output is `storage[..<count]`; the bytes after it are room for the next writes.
    private var storage: [UInt8]
    /// How many bytes are written and not yet drained.
    private(set) var count = 0
    private var depth = 0
    /// Whether the container being written has no member yet.
    private var empty = true

    /// A comma, a line feed and the spaces of 32 levels of indentation: a separator and its indentation are a
    /// slice of it (deeper levels, which nothing writes, get the rest of their spaces filled in).
    private static var breaks: StaticString { ",\n                                                                " }
    private static var quoteColonSpace: StaticString { "\" : " }

    init(reservingCapacity capacity: Int = 0) {
        // Not zero-filled: only the first `count` bytes are ever read, and each is written first.
        let size = max(capacity, 64)
        storage = [UInt8](unsafeUninitializedCapacity: size) { _, initialized in initialized = size }
    }

    /// The bytes written and not yet drained.
    var bytes: [UInt8] {
        storage.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts the next member of the current object (`"key" : ` on a new line); its value must follow.
    mutating func key(_ key: StaticString) {
        let (comma, spaces) = nextLine()
        let keyCount = key.utf8CodeUnitCount
        append(count: Self.lineBreakCount(comma, spaces) + keyCount + 5) { out in
            let at = out + Self.putLineBreak(comma, spaces, at: out)
            at.storeBytes(of: UInt8(ascii: "\""), as: UInt8.self)
            (at + 1).copyMemory(from: key.utf8Start, byteCount: keyCount)
            (at + 1 + keyCount).copyMemory(from: Self.quoteColonSpace.utf8Start, byteCount: 4)
        }
    }

    /// Starts the next element of the current array; its value must follow.
    mutating func element() {
        let (comma, spaces) = nextLine()
        append(count: Self.lineBreakCount(comma, spaces)) { out in _ = Self.putLineBreak(comma, spaces, at: out) }
    }

    mutating func value(_ value: Bool) { append(value ? "true" : "false") }
    mutating func value(_ value: Int) { append(String(value)) }

    mutating func value(_ string: String) { Self.withUTF8(of: string) { appendQuoted($0) } }

    mutating func value(_ date: Date) { ISO8601Text.withQuoted(date) { append(UnsafeRawBufferPointer($0)) } }

    /// An array of strings (`[String]` members); each element and its line break are one write when it has
    /// nothing to escape.
    mutating func value(_ strings: [String]) {
        beginArray()
        for string in strings {
            Self.withUTF8(of: string) { utf8 in
                guard JSONStringBytes.plainRun(utf8).count == utf8.count else {
                    element()
                    return appendQuoted(utf8)
                }
                plainElement(utf8)
            }
        }
        endArray()
    }

    /// A string value whose UTF-8 needs no escaping (the caller checked it: valid UTF-8 without a quote, a
    /// backslash or a control character), in one write.
    mutating func plainValue(_ utf8: UnsafeRawBufferPointer) {
        append(count: utf8.count + 2) { out in Self.putQuoted(utf8, at: out) }
    }

    /// The next element of the current array, a string whose UTF-8 needs no escaping (as for `plainValue`),
    /// and the line break before it, in one write.
    mutating func plainElement(_ utf8: UnsafeRawBufferPointer) {
        let (comma, spaces) = nextLine()
        append(count: Self.lineBreakCount(comma, spaces) + utf8.count + 2) { out in
            Self.putQuoted(utf8, at: out + Self.putLineBreak(comma, spaces, at: out))
        }
    }

    /// Appends a line feed (what `print` adds after the encoder's bytes).
    mutating func newline() { append(byte: 0x0A) }

    /// Takes the bytes written so far, leaving the writer's state (depth, separators) as it was.
    mutating func drain() -> [UInt8] {
        defer { count = 0 }
        return bytes
    }

    // MARK: Writing

    /// Appends `byteCount` bytes, which `write` must all set, at the pointer it is given: the room is made
    /// first (doubling the storage), then the storage is written in place.
    private mutating func append(count byteCount: Int, _ write: (UnsafeMutableRawPointer) -> Void) {
        if storage.count - count < byteCount {
            storage.append(contentsOf: repeatElement(0, count: max(byteCount, storage.count)))
        }
        let start = count
        storage.withUnsafeMutableBytes { room in write(UnsafeMutableRawBufferPointer(rebasing: room[start..<(start + byteCount)]).baseAddress!) }
        count += byteCount
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        append(count: bytes.count) { $0.copyMemory(from: source, byteCount: bytes.count) }
    }

    private mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func append(_ text: String) { Self.withUTF8(of: text) { append($0) } }

    private mutating func append(byte: UInt8) { append(count: 1) { $0.storeBytes(of: byte, as: UInt8.self) } }

    /// Calls `body` with the UTF-8 of `string` (in place for a native string; copied when it is not contiguous).
    private static func withUTF8(of string: String, _ body: (UnsafeRawBufferPointer) -> Void) {
        if string.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) == nil {
            var contiguous = string
            contiguous.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Enters an array whose opening bracket and earlier elements are written elsewhere (`AccountListJSON.Element`):
    /// every element written next begins as one that follows another (`,` then a new line).
    mutating func continueArray() {
        depth += 1
        empty = false
    }

    /// Records that elements were written for the current array elsewhere (sent as they are, not appended
    /// here), so that the array closes as a non-empty one.
    mutating func elementsWrittenElsewhere() { empty = false }

    /// `utf8` as a JSON string: in one write when nothing needs escaping, else run by run.
    private mutating func appendQuoted(_ utf8: UnsafeRawBufferPointer) {
        let plain = JSONStringBytes.plainRun(utf8).count
        if plain == utf8.count { return plainValue(utf8) }
        append(byte: UInt8(ascii: "\""))
        var start = 0
        var end = plain
        while true {
            append(UnsafeRawBufferPointer(rebasing: utf8[start..<end]))
            guard end < utf8.count else { break }
            escape(utf8[end])
            start = end + 1
            end = start + JSONStringBytes.plainRun(utf8, from: start).count
        }
        append(byte: UInt8(ascii: "\""))
    }

    /// A byte `JSONStringBytes.needsEscape` as `JSONEncoder` escapes it.
    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        default:
            let hex: StaticString = "0123456789abcdef"
            append("\\u00")
            append(byte: hex.utf8Start[Int(byte >> 4)])
            append(byte: hex.utf8Start[Int(byte & 0xF)])
        }
    }

    /// `utf8` in quotes at `out` (its count plus 2 bytes), with nothing in it to escape.
    private static func putQuoted(_ utf8: UnsafeRawBufferPointer, at out: UnsafeMutableRawPointer) {
        out.storeBytes(of: UInt8(ascii: "\""), as: UInt8.self)
        if let source = utf8.baseAddress { (out + 1).copyMemory(from: source, byteCount: utf8.count) }
        out.storeBytes(of: UInt8(ascii: "\""), toByteOffset: utf8.count + 1, as: UInt8.self)
    }

    // MARK: Lines and containers

    /// Whether the next member or element needs a comma before its line break, and its indentation; marks
    /// the container as no longer empty.
    private mutating func nextLine() -> (comma: Bool, spaces: Int) {
        defer { empty = false }
        return (!empty, 2 * depth)
    }

    private static func lineBreakCount(_ comma: Bool, _ spaces: Int) -> Int { (comma ? 2 : 1) + spaces }

    /// A comma if asked, a line feed and `spaces` spaces at `out`; returns how many bytes that is.
    private static func putLineBreak(_ comma: Bool, _ spaces: Int, at out: UnsafeMutableRawPointer) -> Int {
        let count = lineBreakCount(comma, spaces)
        let fromBreaks = min(count, breaks.utf8CodeUnitCount - (comma ? 0 : 1))
        out.copyMemory(from: breaks.utf8Start + (comma ? 0 : 1), byteCount: fromBreaks)
        if count > fromBreaks { (out + fromBreaks).initializeMemory(as: UInt8.self, repeating: UInt8(ascii: " "), count: count - fromBreaks) }
        return count
    }

    private mutating func open(_ bracket: UInt8) {
        append(byte: bracket)
        depth += 1
        empty = true
    }

    /// A line feed (two for an empty container), the indentation of the level it returns to, the bracket.
    private mutating func close(_ bracket: UInt8) {
        let blank = empty ? 1 : 0
        depth -= 1
        empty = false
        let spaces = 2 * depth
        append(count: blank + Self.lineBreakCount(false, spaces) + 1) { out in
            out.storeBytes(of: 0x0A, as: UInt8.self)  // the blank line, overwritten by the line break if none
            let lineBreak = Self.putLineBreak(false, spaces, at: out + blank)
            out.storeBytes(of: bracket, toByteOffset: blank + lineBreak, as: UInt8.self)
        }
    }
}
