import Foundation

/// Validation of the identifiers Azure uses: GUIDs (8-4-4-4-12 hex) and tenant domains.
///
/// Valid values are returned in canonical lower-case form, the form Graph returns and Entra expects.
public enum AzureIdentifiers {
    /// Checks a GUID for `field`; returns it in lower case.
    public static func guid(_ value: String, field: String) throws -> String {
        try FieldText.rejectControlCharacters(value, field: field, expected: "a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47")
        let candidate = value.trimmingCharacters(in: .whitespaces)
        guard isGUID(candidate) else {
            throw AccountError(.invalidField(
                field: field, problem: "\"\(FieldText.preview(candidate))\" is not a GUID",
                expected: "a GUID of 32 hex digits in groups of 8-4-4-4-12, such as 72f988bf-86f1-41af-91ab-2d7cd011db47"))
        }
        return candidate.lowercased()
    }

    /// Checks a Directory (tenant) ID: a GUID, or a domain such as contoso.onmicrosoft.com; returns lower case.
    public static func tenant(_ value: String) throws -> String {
        let field = "Directory (tenant) ID"
        let expected = "a GUID, or a verified domain such as contoso.onmicrosoft.com"
        try FieldText.rejectControlCharacters(value, field: field, expected: expected)
        let candidate = value.trimmingCharacters(in: .whitespaces).lowercased()
        if isGUID(candidate) { return candidate }
        if ["common", "organizations", "consumers"].contains(candidate) {
            throw AccountError(.invalidField(
                field: field, problem: "\"\(candidate)\" is not a specific tenant (client credentials need one)", expected: expected))
        }
        guard isDomain(candidate) else {
            throw AccountError(.invalidField(
                field: field, problem: "\"\(FieldText.preview(candidate))\" is neither a GUID nor a domain name", expected: expected))
        }
        return candidate
    }

    /// True for the canonical 8-4-4-4-12 hex form (either case).
    public static func isGUID(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard isHexDigit(byte) else { return false }
            }
        }
        return true
    }

    /// A DNS name of at least two labels: letters, digits and inner hyphens, labels of 1-63, at most 253,
    /// and a top-level label that is not all digits.
    static func isDomain(_ value: String) -> Bool {
        guard (4...253).contains(value.utf8.count) else { return false }
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
            guard bytes.allSatisfy({ isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return false }
        }
        return !labels.last!.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
