import Foundation
import Vault

/// Entry times: integer milliseconds since 1970-01-01T00:00:00Z, shown as RFC 3339 UTC with exactly three
/// fractional digits (`2026-11-26T20:00:00.000Z`), so an exported time converts back to the same integer.
enum AuditTime {
    /// 9999-12-31T23:59:59.999Z: the last instant a four-digit RFC 3339 year can show.
    static let maximumMilliseconds: Int64 = 253_402_300_799_999

    /// The entry time of `date` (rounded to the nearest millisecond), or nil outside 1970...9999.
    static func milliseconds(_ date: Date) -> Int64? {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite, value >= 0, value <= Double(maximumMilliseconds) else { return nil }
        return Int64(value)
    }

    static func isValid(_ milliseconds: Int64) -> Bool {
        (0...maximumMilliseconds).contains(milliseconds)
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    /// RFC 3339 in UTC with milliseconds. Times outside the valid range are clamped (they cannot be recorded).
    static func rfc3339(_ milliseconds: Int64) -> String {
        let clamped = min(max(milliseconds, 0), maximumMilliseconds)
        let days = clamped / 86_400_000
        let dayMilliseconds = clamped % 86_400_000
        let date = CivilDate(daysSince1970: days)
        let hour = dayMilliseconds / 3_600_000
        let minute = dayMilliseconds / 60_000 % 60
        let second = dayMilliseconds / 1000 % 60
        let millisecond = dayMilliseconds % 1000
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millisecond, 3))Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
