/// A fixed list of strings a hand decoder expects, found from their UTF-8 bytes without making a `String`:
/// the member names of an object (`JSONScanner.object(keys:_:)`), or values that recur in every document
/// (`JSONScanner.string(reusing:)`), each with the value the decoder wants for it.
///
/// Guarantees: `index(ofUTF8:from:)` is the index of the entry whose UTF-8 is exactly those bytes, or nil;
/// `index(of:)` is the index of the entry equal to a `String` as Swift compares strings (canonical
/// equivalence, which is what a `switch` over the string would pick), or nil; `isEntry(_:quotedAt:in:)`
/// whether a document holds that entry and a quote at a place. The entries are distinct, plain (no quote,
/// backslash or control character, so an entry and a quote are a whole JSON string), and at most 64 (an
/// object's members seen so far fit in one `UInt64`).
struct JSONStringTable<Value: Sendable>: Sendable {
    let strings: [String]
    let values: [Value]
    /// Whether every entry is ASCII: then a key of ASCII bytes equals an entry as a `String` exactly when
    /// their bytes are equal (an ASCII string has no other canonically equivalent ASCII spelling).
    let isASCII: Bool
    /// Every entry's UTF-8, one after the other; entry `i` is `utf8[starts[i]..<starts[i + 1]]`.
    private let utf8: [UInt8]
    private let starts: [Int]

    init(_ values: [Value], text: (Value) -> String) {
        self.values = values
        strings = values.map(text)
        precondition(strings.count <= 64 && Set(strings).count == strings.count, "a JSONStringTable holds up to 64 distinct strings")
        precondition(strings.allSatisfy { string in string.utf8.allSatisfy { !JSONStringBytes.needsEscape($0) } },
                     "a JSONStringTable holds strings without quotes, backslashes or control characters")
        isASCII = strings.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
        utf8 = strings.flatMap { Array($0.utf8) }
        starts = strings.reduce(into: [0]) { starts, string in starts.append(starts.last! + string.utf8.count) }
    }

    var count: Int { strings.count }

    /// The index of the entry whose UTF-8 is `bytes`, trying `hint` first, then the entries after it, then
    /// the ones before (the members of a sorted document come in table order).
    func index(ofUTF8 bytes: UnsafeRawBufferPointer, from hint: Int = 0) -> Int? {
        utf8.withUnsafeBytes { table in
            let count = strings.count
            var candidate = hint < count ? hint : 0
            for _ in 0..<count {
                let start = starts[candidate]
                if starts[candidate + 1] - start == bytes.count, Self.equal(UnsafeRawBufferPointer(rebasing: table[start...]), bytes) {
                    return candidate
                }
                candidate = candidate + 1 == count ? 0 : candidate + 1
            }
            return nil
        }
    }

    /// Whether `bytes` holds entry `entry` at `start`, followed by a quote.
    func isEntry(_ entry: Int, quotedAt start: Int, in bytes: UnsafeRawBufferPointer) -> Bool {
        let count = starts[entry + 1] - starts[entry]
        guard start >= 0, bytes.count - start > count, bytes[start + count] == UInt8(ascii: "\"") else { return false }
        return utf8.withUnsafeBytes { table in
            Self.equal(UnsafeRawBufferPointer(rebasing: table[starts[entry]...]), UnsafeRawBufferPointer(rebasing: bytes[start..<(start + count)]))
        }
    }

    /// The length of entry `entry` in bytes.
    func utf8Count(_ entry: Int) -> Int { starts[entry + 1] - starts[entry] }

    /// Whether `entry` starts with `bytes`: eight bytes at a time, the last eight overlapping the others.
    private static func equal(_ entry: UnsafeRawBufferPointer, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count > 0 else { return true }
        guard entry.count >= count, let a = entry.baseAddress, let b = bytes.baseAddress else { return false }
        guard count >= 8 else {
            for offset in 0..<count where a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            return true
        }
        var offset = 0
        while count - offset > 8 {
            guard a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }

    /// The index of the entry equal to `string` as Swift compares strings.
    func index(of string: String) -> Int? { strings.firstIndex(of: string) }
}

extension JSONStringTable where Value == String {
    init(_ strings: [String]) { self.init(strings) { $0 } }
}
