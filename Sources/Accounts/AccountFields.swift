import Foundation

/// Validation of the account form's own fields (name, description, tags).
public enum AccountFields {
    public static let nameRange = 1...128
    public static let descriptionLimit = 1024
    public static let tagLimit = 32
    public static let tagCountLimit = 32

    /// Name*: 1-128 printable characters, no leading or trailing space. Uniqueness (without case) is the vault's.
    public static func name(_ value: String) throws -> String {
        try FieldText.printable(value, field: "Name", range: nameRange, expected: "1 to 128 printable characters")
    }

    /// Description: optional, up to 1,024 printable characters; empty means none.
    public static func description(_ value: String?) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        try FieldText.rejectControlCharacters(value, field: "Description", expected: "up to 1,024 printable characters on one line")
        guard value.count <= descriptionLimit else {
            throw AccountError(.invalidField(
                field: "Description", problem: "it is \(value.count) characters long, more than \(descriptionLimit)",
                expected: "up to 1,024 printable characters on one line"))
        }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// One tag, normalized to lower case: 1-32 characters of a-z, 0-9, `-`, `_`, `.`, `:`, starting with a letter or digit.
    public static func tag(_ value: String) throws -> String {
        let expected = "1 to 32 characters of a-z, 0-9, -, _, . and :, starting with a letter or digit"
        try FieldText.rejectControlCharacters(value, field: "Tag", expected: expected)
        let tag = value.trimmingCharacters(in: .whitespaces).lowercased()
        guard !tag.isEmpty else { throw AccountError(.invalidField(field: "Tag", problem: "it is empty", expected: expected)) }
        guard tag.count <= tagLimit else {
            throw AccountError(.invalidField(field: "Tag", problem: "\"\(FieldText.preview(tag))\" is longer than \(tagLimit) characters", expected: expected))
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.:")
        guard tag.allSatisfy(allowed.contains), let first = tag.first, first.isLetter || first.isNumber else {
            throw AccountError(.invalidField(field: "Tag", problem: "\"\(tag)\" contains characters outside the allowed set", expected: expected))
        }
        return tag
    }

    /// A set of tags, normalized and sorted; at most 32.
    public static func tags(_ values: [String]) throws -> [String] {
        let normalized = Set(try values.map(tag))
        guard normalized.count <= tagCountLimit else {
            throw AccountError(.invalidField(
                field: "Tags", problem: "\(normalized.count) tags is more than \(tagCountLimit)", expected: "at most \(tagCountLimit) tags"))
        }
        return normalized.sorted()
    }
}
