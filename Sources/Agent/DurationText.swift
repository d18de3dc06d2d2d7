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

    /// `YYYY-MM-DD` as the start of that day in UTC, or a full RFC 3339 time (`2026-11-26T10:00:00Z`,
    /// `…+01:00`), years 0001 to 9999. Strict: every field must be in its range (Foundation's parser alone
    /// would read `2026-02-30` as March 2 and `0000-01-01` as 1 BC).
    public static func date(_ text: String, option: String) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = strictDate(trimmed) { return date }
        throw ReportedError(exitCode: .usage, message: "\(option): \"\(text.prefix(40))\" is not a date",
                            hint: "use YYYY-MM-DD or an RFC 3339 time such as 2026-11-26T10:00:00Z")
    }

    /// Parses with Foundation, then prints the instant back in the text's own offset: only a text that
    /// names exactly that instant field by field is accepted, so nothing rolls over. Offsets stop at ±14:00,
    /// the widest in use: Foundation's ISO 8601 formatter traps on a zone such as +16:00 (found by fuzz-date).
    private static func strictDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        guard text.utf8.count >= 10, !text.hasPrefix("0000") else { return nil }
        if text.utf8.count == 10 {
            formatter.formatOptions = [.withFullDate]
            guard let day = formatter.date(from: text), formatter.string(from: day) == text else { return nil }
            return day
        }
        guard let instant = formatter.date(from: text) else { return nil }
        let written = Array(text.uppercased().utf8)
        guard written.count >= 20 else { return nil }
        var offset = 0
        if written.last != UInt8(ascii: "Z") {
            let zone = written.suffix(6)
            guard zone.count == 6, let hours = Int(String(decoding: zone.dropFirst().prefix(2), as: UTF8.self)),
                  let minutes = Int(String(decoding: zone.suffix(2), as: UTF8.self)), hours <= 14, minutes <= 59 else { return nil }
            offset = (zone.first == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        guard let zone = TimeZone(secondsFromGMT: offset) else { return nil }
        formatter.timeZone = zone
        let printed = Array(formatter.string(from: instant).utf8)
        guard printed.count >= 19, printed.prefix(19).elementsEqual(written.prefix(19)) else { return nil }
        return instant
    }
}
