public import Foundation

/// When a client secret expires, as Azure offers it: 180 days (recommended), 365, 545 or 730 days, or a
/// custom date no later than 24 months ahead.
public enum SecretLifetime: Equatable, Sendable, CustomStringConvertible {
    case days(Int)
    case until(Date)

    public static let recommended = SecretLifetime.days(180)
    public static let presetDays = [180, 365, 545, 730]
    public static let maximumDays = 730

    /// Parses `180d`, `365d`, `545d`, `730d` or a date `YYYY-MM-DD` (end of that day, UTC).
    public static func parse(_ text: String) throws -> SecretLifetime {
        let expected = "180d (recommended), 365d, 545d, 730d, or a date YYYY-MM-DD within 24 months"
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value.hasSuffix("d"), let days = Int(value.dropLast()), value.count <= 5 {
            guard presetDays.contains(days) else {
                throw AccountError(.invalidField(field: "Secret expiry", problem: "\(days) days is not one of Azure's choices", expected: expected))
            }
            return .days(days)
        }
        guard let date = parseDay(value) else {
            throw AccountError(.invalidField(field: "Secret expiry", problem: "\"\(FieldText.preview(text))\" is not a duration or a date", expected: expected))
        }
        return .until(date)
    }

    /// The expiry instant for a secret created at `created`; a custom date must be after `created` and at
    /// most 730 days later.
    public func expiry(from created: Date) throws -> Date {
        switch self {
        case .days(let days):
            return created.addingTimeInterval(TimeInterval(days) * 86_400)
        case .until(let date):
            guard date > created else {
                throw AccountError(.invalidField(field: "Secret expiry", problem: "the date is in the past", expected: "a future date"))
            }
            guard date <= created.addingTimeInterval(TimeInterval(Self.maximumDays) * 86_400) else {
                throw AccountError(.invalidField(
                    field: "Secret expiry", problem: "the date is more than 24 months ahead", expected: "a date within 24 months (Azure's limit)"))
            }
            return date
        }
    }

    public var description: String {
        switch self {
        case .days(let days): return "\(days)d"
        case .until(let date): return ISO8601DateFormatter().string(from: date)
        }
    }

    /// `YYYY-MM-DD` strictly, as the end of that day in UTC (23:59:59).
    private static func parseDay(_ value: String) -> Date? {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: 23, minute: 59, second: 59)
        guard let date = calendar.date(from: components) else { return nil }
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        guard check.year == year, check.month == month, check.day == day else { return nil }
        return date
    }
}
