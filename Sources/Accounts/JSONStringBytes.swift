/// Finds, eight bytes at a time, the bytes that matter inside a JSON string: a quote, a backslash or a
/// control character (below 0x20). They are what ends a run of plain text when reading (`JSONScanner`) and
/// what must be escaped when writing (`PrettyJSONWriter`); everything else is copied as it is.
///
/// Guarantees: `plainRun` gives exactly the number of bytes from `start` before the first such byte (or the
/// end), and exactly whether those bytes are all ASCII; it never reads outside `bytes`. Each word is tested
/// with the "has a byte below n" test of Hacker's Delight (§6-1): a byte below n borrows only from the bytes
/// above it, so the lowest byte the test flags is always a real match, and that is the only one used.
enum JSONStringBytes {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The plain run from `start`: how many bytes before a quote, a backslash, a control character or the end
    /// of `bytes`, and whether they are all below 0x80.
    static func plainRun(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> (count: Int, isASCII: Bool) {
        guard let base = bytes.baseAddress, start < bytes.count else { return (0, true) }
        var position = start
        var high: UInt64 = 0  // the run's bytes or-ed together, in words
        while bytes.count - position >= 8 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            let special = specialBytes(word)
            if special != 0 {
                let end = special.trailingZeroBitCount / 8
                high |= word & lowBytes(end)
                return (position + end - start, high & highBits == 0)
            }
            high |= word
            position += 8
        }
        guard position < bytes.count else { return (position - start, high & highBits == 0) }
        if bytes.count - start >= 8 {
            // The last eight bytes of the run's bytes, overlapping the ones already read (which are plain, so
            // never flagged); not when they would reach before `start`.
            let last = bytes.count - 8
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: last, as: UInt64.self))
            let special = specialBytes(word)
            let end = special == 0 ? 8 : special.trailingZeroBitCount / 8
            high |= word & lowBytes(end) & ~lowBytes(position - last)
            return (last + end - start, high & highBits == 0)
        }
        var byteHigh: UInt8 = 0
        while position < bytes.count, !needsEscape(bytes[position]) {
            byteHigh |= bytes[position]
            position += 1
        }
        return (position - start, byteHigh < 0x80)
    }

    static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }

    /// The top bit of the lowest byte of `word` (byte 0 is the first in memory) that is a quote, a backslash
    /// or below 0x20 is set, and no bit of a byte below it; zero when there is none. Bits above the lowest
    /// match are not exact.
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        bytesBelow(0x20, word) | bytesBelow(1, word ^ (ones &* 0x22)) | bytesBelow(1, word ^ (ones &* 0x5C))
    }

    /// The lowest byte of `word` below `limit` (at most 0x80) has its top bit set, and no byte under it: it
    /// borrows nothing from them and wraps to 0x80 or more while its own top bit is clear. Zero when no byte
    /// is below `limit`.
    private static func bytesBelow(_ limit: UInt64, _ word: UInt64) -> UInt64 {
        (word &- ones &* limit) & ~word & highBits
    }

    /// A mask of the lowest `count` bytes (0...8).
    private static func lowBytes(_ count: Int) -> UInt64 {
        count >= 8 ? ~0 : (1 << (8 * UInt64(count))) &- 1
    }
}
