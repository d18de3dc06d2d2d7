import Audit
import Foundation

/// A date as `JSONEncoder`'s `.iso8601` strategy writes it (`"2026-11-27T02:15:00Z"`, whole seconds, UTC),
/// computed by hand for the dates iamvault writes and by Foundation itself for the others.
///
/// Guarantees: the same bytes as `JSONEncoder` for every date. Dates from 1970 to 9999 are computed here
/// (proleptic Gregorian, seconds rounded down from the reference date as Foundation's calendar does); earlier
/// or later dates (where Foundation switches to the Julian calendar or writes more digits) go through
/// `JSONEncoder`.
enum ISO8601Text {
    /// Seconds from 1970 to 2001-01-01, Foundation's reference date.
    private static let referenceOffset: Int64 = 978_307_200
    /// 10000-01-01T00:00:00Z.
    private static let end: Int64 = 253_402_300_800

    /// The date in quotes, as a JSON string.
    static func quoted(_ date: Date) -> [UInt8] {
        let reference = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard reference >= -Double(referenceOffset), reference < Double(end - referenceOffset) else { return foundation(date) }
        let seconds = Int64(reference) + referenceOffset
        let (days, secondOfDay) = (seconds / 86_400, Int(seconds % 86_400))
        let date = CivilDate(daysSince1970: days)
        var text = [UInt8](repeating: UInt8(ascii: "0"), count: 22)
        text[0] = UInt8(ascii: "\"")
        put(Int(date.year), 4, at: 1, in: &text)
        text[5] = UInt8(ascii: "-")
        put(Int(date.month), 2, at: 6, in: &text)
        text[8] = UInt8(ascii: "-")
        put(Int(date.day), 2, at: 9, in: &text)
        text[11] = UInt8(ascii: "T")
        put(secondOfDay / 3600, 2, at: 12, in: &text)
        text[14] = UInt8(ascii: ":")
        put(secondOfDay / 60 % 60, 2, at: 15, in: &text)
        text[17] = UInt8(ascii: ":")
        put(secondOfDay % 60, 2, at: 18, in: &text)
        text[20] = UInt8(ascii: "Z")
        text[21] = UInt8(ascii: "\"")
        return text
    }

    private static func put(_ value: Int, _ width: Int, at start: Int, in text: inout [UInt8]) {
        var value = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
            text[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
    }

    /// Foundation's own answer, for dates outside 1970–9999.
    private static func foundation(_ date: Date) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let array = try? encoder.encode([date]), array.count >= 2 else { return Array("\"\"".utf8) }
        return Array(array.dropFirst().dropLast())  // `["…"]` without its brackets
    }
}
