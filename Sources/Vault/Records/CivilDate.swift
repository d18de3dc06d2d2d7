/// The proleptic Gregorian calendar date of a day count (H. Hinnant's `civil_from_days`), for the places that
/// write dates by hand: audit times (`AuditTime` in Audit), the `list --json` output and the vault metadata
/// (`ISO8601Text`).
///
/// Guarantees: exact for every day from 1970-01-01 (day 0) on, without Foundation's calendar.
package struct CivilDate: Equatable {
    package let year: Int64
    package let month: Int64
    package let day: Int64

    /// The date `days` days after 1970-01-01 (`days` ≥ 0).
    package init(daysSince1970 days: Int64) {
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}
