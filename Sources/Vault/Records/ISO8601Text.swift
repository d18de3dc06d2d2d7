package import Foundation

/// A date as `JSONEncoder`'s `.iso8601` strategy writes it (`"2026-11-27T02:15:00Z"`, whole seconds, UTC),
/// computed by hand for the dates iamvault writes and by Foundation itself for the others: for the `list --json`
/// output (Accounts) and the sealed vault metadata (`VaultMetadata.encoded()`).
///
/// Guarantees: the same bytes as `JSONEncoder` for every date. Dates from 1970 to 9999 are computed here
/// (proleptic Gregorian, seconds rounded down from the reference date as Foundation's calendar does); earlier
/// or later dates (where Foundation switches to the Julian calendar or writes more digits) go through
/// `JSONEncoder`. `withQuoted` formats on the stack, so that a writer copies the text without a temporary array.
package enum ISO8601Text {
    /// Seconds from 1970 to 2001-01-01, Foundation's reference date.
    private static let referenceOffset: Int64 = 978_307_200
    /// 10000-01-01T00:00:00Z.
    private static let end: Int64 = 253_402_300_800

    /// The length of `"YYYY-MM-DDTHH:MM:SSZ"`, quotes included.
    private static let quotedCount = 22

    /// The date in quotes, as a JSON string.
    package static func quoted(_ date: Date) -> [UInt8] { withQuoted(date) { Array($0) } }

    /// Calls `body` with the date in quotes, as a JSON string (the bytes are valid only during the call).
    package static func withQuoted<R>(_ date: Date, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let reference = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard reference >= -Double(referenceOffset), reference < Double(end - referenceOffset) else {
            return try foundation(date).withUnsafeBufferPointer(body)
        }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: quotedCount) { text in
            format(seconds: Int64(reference) + referenceOffset, into: text)
            return try body(UnsafeBufferPointer(text))
        }
    }

    /// Writes `"YYYY-MM-DDTHH:MM:SSZ"` for `seconds` since 1970 (within 1970–9999) into the 22 bytes of `text`.
    private static func format(seconds: Int64, into text: UnsafeMutableBufferPointer<UInt8>) {
        let (days, secondOfDay) = (seconds / 86_400, Int(seconds % 86_400))
        let date = CivilDate(daysSince1970: days)
        text[0] = UInt8(ascii: "\"")
        put(Int(date.year) / 100, at: 1, in: text)
        put(Int(date.year) % 100, at: 3, in: text)
        text[5] = UInt8(ascii: "-")
        put(Int(date.month), at: 6, in: text)
        text[8] = UInt8(ascii: "-")
        put(Int(date.day), at: 9, in: text)
        text[11] = UInt8(ascii: "T")
        put(secondOfDay / 3600, at: 12, in: text)
        text[14] = UInt8(ascii: ":")
        put(secondOfDay / 60 % 60, at: 15, in: text)
        text[17] = UInt8(ascii: ":")
        put(secondOfDay % 60, at: 18, in: text)
        text[20] = UInt8(ascii: "Z")
        text[21] = UInt8(ascii: "\"")
    }

    /// "00" to "99", two characters each.
    private static var twoDigits: StaticString {
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
    }

    /// `value` (0...99) as two digits at `start`.
    private static func put(_ value: Int, at start: Int, in text: UnsafeMutableBufferPointer<UInt8>) {
        text[start] = twoDigits.utf8Start[2 * value]
        text[start + 1] = twoDigits.utf8Start[2 * value + 1]
    }

    /// Foundation's own answer, for dates outside 1970–9999.
    private static func foundation(_ date: Date) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let array = try? encoder.encode([date]), array.count >= 2 else { return Array("\"\"".utf8) }
        return Array(array.dropFirst().dropLast())  // `["…"]` without its brackets
    }
}
