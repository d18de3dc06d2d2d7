import Sodium

/// A strict cursor over JSON bytes, for reading documents of a known shape by hand: the `az` credential JSON
/// (whose password goes straight into guarded memory) and the sealed account payload (read for every account
/// that `list` shows, where Foundation's `JSONDecoder` cost 130 k instructions each).
///
/// Guarantees on hostile bytes:
/// - It never traps and never reads outside the buffer. Anything that is not RFC 8259 JSON — truncation, a
///   bad or cut escape, a lone surrogate, invalid UTF-8, a control character in a string, a number outside
///   the grammar (`01`, `1.`, `+1`, or longer than 64 characters) or beyond `Double`'s range (`1e400`, which
///   Foundation's parsers refuse too, even in a member that is skipped), whitespace outside the grammar,
///   nesting deeper than `maximumDepth`, a key that appears twice in one object — throws `Malformed` with the
///   reason.
/// - Numbers convert as Foundation's `JSONDecoder` converts them (a correctly rounded `Double`), so a hand
///   decoder built on it reads the same values.
/// - Keys compare as Swift compares `String`s, whether read through `object(_:)` or `object(keys:_:)`.
/// - The reason never quotes a value (it may be a secret); at most a key.
///
/// The common cases take fast paths that give the same results as the general ones: a string without escapes
/// is read in place, its end found eight bytes at a time (`JSONStringBytes`); a key or an expected value is
/// found in a `JSONStringTable` by its bytes; a short number (at most 19 digits, no exponent, as the encoders
/// write dates in milliseconds) converts without `strtod` (`ShortDecimal`); an array's elements are gathered
/// on the stack before the array is made.
struct JSONScanner {
    /// The document is not well-formed JSON of the expected shape; `reason` says why, without its bytes.
    struct Malformed: Error {
        let reason: String
    }

    static let maximumDepth = 16
    static let maximumNumberLength = 64

    let bytes: UnsafeRawBufferPointer
    private(set) var index = 0
    private var depth = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    // MARK: Containers

    /// Reads `{`, then calls `body` with each key (the scanner at its value, which `body` must consume), then
    /// `}`. A key seen twice in the object is refused.
    mutating func object(_ body: (inout JSONScanner, String) throws -> Void) throws {
        try enter(UInt8(ascii: "{"))
        // Objects here have a dozen keys at most: a linear search costs less than hashing them into a set.
        var seen: [String] = []
        if try peek() == UInt8(ascii: "}") { return leave() }
        while true {
            let key = try string()
            guard !seen.contains(key) else { throw Malformed(reason: "the member \"\(key)\" appears twice") }
            seen.append(key)
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            guard try separator(closing: UInt8(ascii: "}")) else { return leave() }
        }
    }

    /// Reads `[`, then calls `body` once per element (the scanner at it, which `body` must consume), then `]`.
    mutating func array(_ body: (inout JSONScanner) throws -> Void) throws {
        try enter(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") { return leave() }
        while true {
            try body(&self)
            guard try separator(closing: UInt8(ascii: "]")) else { return leave() }
        }
    }

    /// Reads `{`, then calls `body` with each member's key as its value in `keys` (nil for a key not in the
    /// table; the scanner at the member's value, which `body` must consume), then `}`. A key seen twice in the
    /// object is refused. The same keys match, and the same repeats are refused, as with `object(_:)` and a
    /// `switch` over the key: an ASCII key without escapes is looked up by its bytes (exact for an ASCII
    /// table), any other key is made a `String` and compared as `String`s are.
    mutating func object<Key>(keys: JSONStringTable<Key>, _ body: (inout JSONScanner, Key?) throws -> Void) throws {
        precondition(keys.isASCII, "object(keys:) looks keys up by their bytes: the table must be ASCII")
        try enter(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") { return leave() }
        var seen: UInt64 = 0  // bit i: keys.strings[i] was a key
        var others: [String] = []  // keys not in the table (a linear search, as in `object(_:)`)
        var hint = 0
        while true {
            var found: Int?
            var key: String?
            if try skipString(equalTo: hint, in: keys) {
                found = hint
            } else if let plain = try plainText() {
                found = plain.isASCII ? keys.index(ofUTF8: plain.bytes, from: hint) : nil
                if found == nil { key = try plain.string() }
            } else {
                key = try escapedString()
            }
            if let key {
                found = keys.index(of: key)
                if found == nil {
                    guard !others.contains(key) else { throw Malformed(reason: "the member \"\(key)\" appears twice") }
                    others.append(key)
                }
            }
            if let found {
                guard seen & (1 << found) == 0 else { throw Malformed(reason: "the member \"\(keys.strings[found])\" appears twice") }
                seen |= 1 << found
                hint = found + 1
            }
            try expect(UInt8(ascii: ":"))
            try body(&self, found.map { keys.values[$0] })
            guard try separator(closing: UInt8(ascii: "}")) else { return leave() }
        }
    }

    /// An array whose elements `element` reads. The elements are gathered on the stack (up to 512 bytes of
    /// them), then the array is made at its final size: appending one by one reallocated an array of ten
    /// strings five times.
    mutating func array<T>(of element: (inout JSONScanner) throws -> T) throws -> [T] {
        try enter(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            leave()
            return []
        }
        let capacity = max(1, 512 / MemoryLayout<T>.stride)
        return try withUnsafeTemporaryAllocation(of: T.self, capacity: capacity) { stack in
            let gathered = stack.baseAddress!
            var count = 0  // initialized at the start of `stack`
            defer { gathered.deinitialize(count: count) }
            var more: [T] = []  // the elements after the first `capacity`
            repeat {
                let value = try element(&self)
                if count < capacity {
                    (gathered + count).initialize(to: value)
                    count += 1
                } else {
                    more.append(value)
                }
            } while try separator(closing: UInt8(ascii: "]"))
            leave()
            var result: [T] = []
            result.reserveCapacity(count + more.count)
            for offset in 0..<count { result.append((gathered + offset).move()) }
            count = 0  // moved into `result`
            result.append(contentsOf: more)
            return result
        }
    }

    /// Consumes any value (an unknown member's), checking that it is well-formed: a number must also be within
    /// `Double`'s range, as Foundation's parsers require (found by fuzz-az-json: `1e400` passed here, though
    /// `JSONSerialization` refuses the document).
    mutating func skipValue() throws {
        switch try peek() {
        case UInt8(ascii: "{"): try object { scanner, _ in try scanner.skipValue() }
        case UInt8(ascii: "["): try array { try $0.skipValue() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): _ = try null()
        default: _ = try double()
        }
    }

    /// Checks that only whitespace is left.
    mutating func end() throws {
        skipSpace()
        guard index == bytes.count else { throw Malformed(reason: "there is data after the JSON value") }
    }

    // MARK: Scalars

    /// Whether the next value is a string (not consumed).
    mutating func atString() throws -> Bool { try peek() == UInt8(ascii: "\"") }

    /// Consumes `null` and returns true, or returns false (consuming nothing) when the value is not null.
    mutating func null() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func bool() throws -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw unexpected()
        }
    }

    /// A number as `JSONDecoder` reads it into a `Double`: correctly rounded; beyond `Double`'s range is refused.
    mutating func double() throws -> Double {
        let number = try number()
        if let digits = number.shortDigits,
           let value = ShortDecimal.double(negative: number.negative, digits: digits, fractionDigits: number.fractionDigits) {
            return value
        }
        guard let value = Double(text(number.range)), value.isFinite else { throw Malformed(reason: "a number is out of range") }
        return value
    }

    /// A number that is an integer in `Int`'s range; like `JSONDecoder`, `1e2` and `1.0` are integers too.
    mutating func int() throws -> Int {
        let number = try number()
        if let digits = number.shortDigits, number.fractionDigits == 0, let value = ShortDecimal.int(negative: number.negative, digits: digits) {
            return value
        }
        let spelled = text(number.range)
        if let value = Int(spelled) { return value }
        let plain = spelled.utf8.allSatisfy { $0 == UInt8(ascii: "-") || Self.isDigit($0) }
        guard !plain, let double = Double(spelled), let value = Int(exactly: double) else {
            throw Malformed(reason: "a number is not an integer in range")
        }
        return value
    }

    /// A string, its escapes resolved.
    mutating func string() throws -> String {
        if let plain = try plainText() { return try plain.string() }
        return try escapedString()
    }

    /// A string, as `string()` reads it; when it is one of `table`'s entries byte for byte, that entry's
    /// `String` is returned instead of a new one. `hint` is where to look first (the entry after the last
    /// one found, which it is set to).
    mutating func string(reusing table: JSONStringTable<String>, hint: inout Int) throws -> String {
        if try skipString(equalTo: hint, in: table) {
            defer { hint += 1 }
            return table.values[hint]
        }
        guard let plain = try plainText() else { return try escapedString() }
        guard let index = table.index(ofUTF8: plain.bytes, from: hint) else { return try plain.string() }
        hint = index + 1
        return table.values[index]
    }

    /// A string that is one of `table`'s entries: that entry's value, or nil when it equals none of them as
    /// Swift compares strings (what `init?(rawValue:)` of a `String` enum does). An ASCII string without
    /// escapes is matched by its bytes (exact for an ASCII table), without making a `String`.
    mutating func string<Value>(in table: JSONStringTable<Value>) throws -> Value? {
        precondition(table.isASCII, "string(in:) looks strings up by their bytes: the table must be ASCII")
        let text: String
        if let plain = try plainText() {
            if plain.isASCII { return table.index(ofUTF8: plain.bytes).map { table.values[$0] } }
            text = try plain.string()
        } else {
            text = try escapedString()
        }
        return table.index(of: text).map { table.values[$0] }
    }

    /// A string with escapes (the scanner at its opening quote), resolved.
    private mutating func escapedString() throws -> String {
        var decoded: [UInt8] = []
        try string { decoded.append($0) }
        guard let text = String(validating: decoded, as: UTF8.self) else { throw Malformed(reason: "a string is not valid UTF-8") }
        return text
    }

    /// A string decoded straight into guarded memory (the only copy of a secret that leaves the document).
    mutating func secretString() throws -> SecretBytes {
        let start = index
        var length = 0
        try string { _ in length += 1 }
        let end = index
        index = start
        defer { index = end }
        return try SecretBytes(count: length) { out in
            var position = 0
            try string { byte in
                out[position] = byte
                position += 1
            }
        }
    }

    // MARK: Lexing

    /// When the next value is a string whose bytes are exactly `table`'s entry `entry` (any index: false when
    /// out of range), consumes it and returns true, without scanning for its end; else consumes nothing.
    private mutating func skipString<Value>(equalTo entry: Int, in table: JSONStringTable<Value>) throws -> Bool {
        guard entry < table.count, try peek() == UInt8(ascii: "\""), table.isEntry(entry, quotedAt: index + 1, in: bytes) else {
            return false
        }
        index += table.utf8Count(entry) + 2
        return true
    }

    /// A string without escapes, still in the document: its bytes hold no quote, backslash or control
    /// character; unless `isASCII`, they are not checked as UTF-8 yet (`string()` does).
    struct PlainText {
        let bytes: UnsafeRawBufferPointer
        let isASCII: Bool

        func string() throws -> String {
            try bytes.withMemoryRebound(to: UInt8.self) { utf8 in
                // ASCII is valid UTF-8 as it is: decoding it cannot repair anything; other text is validated.
                if isASCII { return String(decoding: utf8, as: UTF8.self) }
                guard let text = String(validating: utf8, as: UTF8.self) else { throw Malformed(reason: "a string is not valid UTF-8") }
                return text
            }
        }
    }

    /// The common case, a string without escapes, read in place (the scanner after it); nil (nothing
    /// consumed) when it has escapes.
    mutating func plainText() throws -> PlainText? {
        try expect(UInt8(ascii: "\""))
        let start = index
        let run = JSONStringBytes.plainRun(bytes, from: start)
        let end = start + run.count
        guard end < bytes.count else {
            index = end
            throw Malformed(reason: "a string is not terminated")
        }
        switch bytes[end] {
        case UInt8(ascii: "\""):
            index = end + 1
            return PlainText(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), isASCII: run.isASCII)
        case UInt8(ascii: "\\"):
            index = start - 1
            return nil
        default:
            index = end
            throw Malformed(reason: "a string contains a control character")
        }
    }

    /// Reads a string, passing its decoded bytes to `emit`. Escapes: `\" \\ \/ \b \f \n \r \t \uXXXX`,
    /// surrogate pairs included.
    private mutating func string(_ emit: (UInt8) throws -> Void) throws {
        try expect(UInt8(ascii: "\""))
        while true {
            guard index < bytes.count else { throw Malformed(reason: "a string is not terminated") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"): try escape(emit)
            case ..<0x20: throw Malformed(reason: "a string contains a control character")
            default: try emit(byte)
            }
        }
    }

    private mutating func escape(_ emit: (UInt8) throws -> Void) throws {
        guard index < bytes.count else { throw Malformed(reason: "a string ends with a backslash") }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): try emit(escape)
        case UInt8(ascii: "b"): try emit(0x08)
        case UInt8(ascii: "f"): try emit(0x0C)
        case UInt8(ascii: "n"): try emit(0x0A)
        case UInt8(ascii: "r"): try emit(0x0D)
        case UInt8(ascii: "t"): try emit(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw Malformed(reason: "a \\u escape is half of a surrogate pair")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Malformed(reason: "a \\u surrogate pair is invalid") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw Malformed(reason: "a \\u escape is half of a surrogate pair")
            }
            guard let unicode = Unicode.Scalar(scalar), let units = UTF8.encode(unicode) else {
                throw Malformed(reason: "a \\u escape is not a character")
            }
            for unit in units { try emit(unit) }
        default:
            throw Malformed(reason: "a string has an unknown escape")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - index >= 4 else { throw Malformed(reason: "a \\u escape is cut short") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Malformed(reason: "a \\u escape is not hexadecimal")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A number read by `number()`: where it is, and its digits when it is short.
    struct Number {
        let range: Range<Int>
        let negative: Bool
        /// The digits of the integer part and the fraction as one integer, when there are at most 19 of them
        /// and no exponent; nil otherwise.
        let shortDigits: UInt64?
        /// How many digits follow the point.
        let fractionDigits: Int
    }

    /// The text of a number (a range from `number()`).
    private func text(_ range: Range<Int>) -> Substring {
        Substring(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The next number (the scanner after it), its text as RFC 8259 §6 spells it:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, and at most `maximumNumberLength` long.
    private mutating func number() throws -> Number {
        skipSpace()
        let start = index
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var digits: UInt64 = 0  // wrapping: wrong past 19 digits, and then not used
        let integerStart = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") { index += 1 } else { try self.digits(into: &digits) }
        var digitCount = index - integerStart
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            try self.digits(into: &digits)
            fractionDigits = index - fractionStart
            digitCount += fractionDigits
        }
        var exponent = false
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            exponent = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            var ignored: UInt64 = 0
            try self.digits(into: &ignored)
        }
        // Far longer than any number JSONEncoder writes: refused rather than converted.
        guard index - start <= Self.maximumNumberLength else { throw Malformed(reason: "a number is too long") }
        return Number(range: start..<index, negative: negative, shortDigits: exponent || digitCount > 19 ? nil : digits,
                      fractionDigits: fractionDigits)
    }

    /// One or more digits, appended to `value` in decimal (wrapping).
    private mutating func digits(into value: inout UInt64) throws {
        var position = index
        var accumulated = value
        while position < bytes.count {
            let digit = bytes[position] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            accumulated = accumulated &* 10 &+ UInt64(digit)
            position += 1
        }
        guard position > index else { throw unexpected() }
        index = position
        value = accumulated
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw Malformed(reason: "it ends too early") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw unexpected() }
        index += count
    }

    private mutating func enter(_ open: UInt8) throws {
        guard depth < Self.maximumDepth else { throw Malformed(reason: "it is nested more than \(Self.maximumDepth) deep") }
        try expect(open)
        depth += 1
    }

    private mutating func leave() {
        index += 1
        depth -= 1
    }

    /// After a member or element: true at `,` (consumed), false at `closing` (not consumed).
    private mutating func separator(closing: UInt8) throws -> Bool {
        switch try peek() {
        case UInt8(ascii: ","): index += 1; return true
        case closing: return false
        default: throw unexpected()
        }
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw unexpected() }
        index += 1
    }

    /// The next byte after whitespace, not consumed.
    private mutating func peek() throws -> UInt8 {
        if index < bytes.count, bytes[index] > 0x20 { return bytes[index] }  // no whitespace: the common case
        skipSpace()
        guard index < bytes.count else { throw Malformed(reason: "it ends too early") }
        return bytes[index]
    }

    private func unexpected() -> Malformed {
        index < bytes.count ? Malformed(reason: "unexpected character at byte \(index)") : Malformed(reason: "it ends too early")
    }

    private mutating func skipSpace() {
        var position = index
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default:
                index = position
                return
            }
        }
        index = position
    }
}
