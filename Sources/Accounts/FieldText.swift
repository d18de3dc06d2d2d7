import Foundation

/// Shared checks for free-text fields: no control, format or separator characters, bounded length.
public enum FieldText {
    /// Refuses C0/C1 controls (NUL, newline, escape…), Unicode format characters (bidi overrides, zero-width
    /// joiners) and line/paragraph separators: they can hide text on a terminal or in a log.
    public static func rejectControlCharacters(_ value: String, field: String, expected: String) throws {
        for scalar in value.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                let code = String(scalar.value, radix: 16, uppercase: true)
                throw AccountError(.invalidField(
                    field: field, problem: "it contains the control or invisible character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)",
                    expected: expected))
            default:
                continue
            }
        }
    }

    /// Checks printable text of `range` characters without leading or trailing spaces.
    public static func printable(_ value: String, field: String, range: ClosedRange<Int>, expected: String) throws -> String {
        try rejectControlCharacters(value, field: field, expected: expected)
        guard value.count >= range.lowerBound else {
            throw AccountError(.invalidField(field: field, problem: value.isEmpty ? "it is empty" : "it is too short", expected: expected))
        }
        guard value.count <= range.upperBound else {
            throw AccountError(.invalidField(
                field: field, problem: "it is \(value.count) characters long, more than \(range.upperBound)", expected: expected))
        }
        guard value.trimmingCharacters(in: .whitespaces) == value else {
            throw AccountError(.invalidField(field: field, problem: "it starts or ends with a space", expected: expected))
        }
        return value
    }

    /// A short, safe excerpt of invalid input for an error message.
    static func preview(_ value: String) -> String {
        value.count > 40 ? String(value.prefix(40)) + "…" : value
    }
}
