public import Foundation

/// Parses the durations and dates the CLI accepts: `90s`, `15m`, `2h`, `30d` (one number and one unit), and
/// `YYYY-MM-DD` (midnight UTC) for `--since`. Strict and bounded; bad input gets a message naming the option.
public enum DurationText {
    public static func seconds(_ text: String, option: String, range: ClosedRange<Double> = 1...(366 * 86_400)) throws -> Double {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = value.last, let factor = units[unit], value.count >= 2, value.count <= 8,
              let number = Int(value.dropLast()), number >= 0 else {
            throw ReportedError(exitCode: .usage, message: "\(option): \"\(text.prefix(40))\" is not a duration",
                                hint: "use a number and a unit: 90s, 15m, 2h or 30d")
        }
        let seconds = Double(number) * factor
        guard range.contains(seconds) else {
            throw ReportedError(exitCode: .usage, message: "\(option): \(text) is out of range",
                                hint: "use between \(Int(range.lowerBound)) s and \(Int(range.upperBound) / 86_400) days")
        }
        return seconds
    }

    /// `YYYY-MM-DD` as the start of that day in UTC, or a full RFC 3339 time.
    public static func date(_ text: String, option: String) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let formatter = ISO8601DateFormatter()
        if let full = formatter.date(from: trimmed) { return full }
        formatter.formatOptions = [.withFullDate]
        if trimmed.count == 10, let day = formatter.date(from: trimmed) { return day }
        throw ReportedError(exitCode: .usage, message: "\(option): \"\(text.prefix(40))\" is not a date",
                            hint: "use YYYY-MM-DD or an RFC 3339 time such as 2026-11-26T10:00:00Z")
    }
}
