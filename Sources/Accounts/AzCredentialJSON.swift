public import Sodium

/// Reads the JSON that `az ad sp create-for-rbac` and `az ad app credential reset` print
/// (`{"appId": …, "displayName": …, "password": …, "tenant": …}`) without the password ever leaving
/// guarded memory: the whole document is scanned in place and only the password's bytes are copied, into
/// a new `SecretBytes`.
///
/// Strict: the top level must be one JSON object; `appId`, `password` and `tenant` must be strings; other
/// members of any JSON type are skipped (nesting at most 16 deep); duplicate keys, trailing data, control
/// characters in strings and documents over 64 KiB are refused with the reason. It never traps.
public struct AzCredentialJSON: ~Copyable {
    public let appID: String
    public let tenant: String
    public let displayName: String?
    public let password: SecretBytes

    public static let maximumByteCount = 64 * 1024

    public static func parse(_ document: borrowing SecretBytes) throws -> AzCredentialJSON {
        guard document.count <= maximumByteCount else { throw invalid("the document is larger than 64 KiB") }
        var fields: [String: String] = [:]
        var password: SecretBytes?
        var passwordSeen = false
        try document.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes: bytes)
            try scanner.skipSpace()
            try scanner.expect(UInt8(ascii: "{"))
            try scanner.skipSpace()
            if scanner.peek() == UInt8(ascii: "}") { scanner.index += 1 } else {
                while true {
                    try scanner.skipSpace()
                    let key = try scanner.string()
                    guard fields[key] == nil, !(key == "password" && passwordSeen) else { throw invalid("the member \"\(key)\" appears twice") }
                    try scanner.skipSpace()
                    try scanner.expect(UInt8(ascii: ":"))
                    try scanner.skipSpace()
                    if key == "password" {
                        guard scanner.peek() == UInt8(ascii: "\"") else { throw invalid("\"password\" is not a string") }
                        password = try scanner.secretString()
                        passwordSeen = true
                    } else if ["appId", "tenant", "displayName"].contains(key) {
                        if scanner.peek() == UInt8(ascii: "n") { try scanner.skipValue(depth: 0) } else {
                            guard scanner.peek() == UInt8(ascii: "\"") else { throw invalid("\"\(key)\" is not a string") }
                            fields[key] = try scanner.string()
                        }
                    } else {
                        try scanner.skipValue(depth: 0)
                        fields[key] = ""
                    }
                    try scanner.skipSpace()
                    if scanner.peek() == UInt8(ascii: ",") { scanner.index += 1; continue }
                    try scanner.expect(UInt8(ascii: "}"))
                    break
                }
            }
            try scanner.skipSpace()
            guard scanner.index == bytes.count else { throw invalid("there is data after the JSON object") }
        }
        guard let appID = fields["appId"], !appID.isEmpty else { throw invalid("it has no \"appId\"") }
        guard let tenant = fields["tenant"], !tenant.isEmpty else { throw invalid("it has no \"tenant\"") }
        guard let secret = password.take() else { throw invalid("it has no \"password\"") }
        return AzCredentialJSON(appID: appID, tenant: tenant, displayName: fields["displayName"].flatMap { $0.isEmpty ? nil : $0 },
                                password: secret)
    }

    static func invalid(_ problem: String) -> AccountError {
        AccountError(.invalidField(field: "az JSON", problem: problem,
                                   expected: "the JSON printed by `az ad sp create-for-rbac` or `az ad app credential reset`"))
    }
}

/// A cursor over JSON bytes; every read is bounds-checked.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() throws {
        while let byte = peek(), [0x20, 0x09, 0x0A, 0x0D].contains(byte) { index += 1 }
    }

    mutating func expect(_ byte: UInt8) throws {
        guard peek() == byte else {
            throw AzCredentialJSON.invalid(peek() == nil ? "it ends too early" : "unexpected character at byte \(index)")
        }
        index += 1
    }

    /// A string value as text (for non-secret members and keys).
    mutating func string() throws -> String {
        let range = try stringRange()
        var decoded: [UInt8] = []
        try Self.unescape(bytes, range) { decoded.append($0) }
        guard let text = String(validating: decoded, as: UTF8.self) else { throw AzCredentialJSON.invalid("a string is not valid UTF-8") }
        return text
    }

    /// A string value decoded straight into guarded memory.
    mutating func secretString() throws -> SecretBytes {
        let range = try stringRange()
        var length = 0
        try Self.unescape(bytes, range) { _ in length += 1 }
        return try SecretBytes(count: length) { out in
            var position = 0
            try Self.unescape(bytes, range) { byte in
                out[position] = byte
                position += 1
            }
        }
    }

    /// Moves past a string whose value is not needed, checking its escapes like any other string's.
    private mutating func skipString() throws {
        let range = try stringRange()
        try Self.unescape(bytes, range) { _ in }
    }

    /// The raw range between the quotes of a string at the cursor; the cursor moves past it.
    private mutating func stringRange() throws -> Range<Int> {
        try expect(UInt8(ascii: "\""))
        let start = index
        while let byte = peek() {
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            if byte < 0x20 { throw AzCredentialJSON.invalid("a string contains a control character") }
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        throw AzCredentialJSON.invalid("a string is not terminated")
    }

    /// Decodes escapes (`\" \\ \/ \b \f \n \r \t \uXXXX`, surrogate pairs included) as UTF-8 bytes.
    private static func unescape(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ emit: (UInt8) throws -> Void) throws {
        var index = range.lowerBound
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= range.upperBound else { throw AzCredentialJSON.invalid("a \\u escape is cut short") }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[at + offset]
                guard let digit = hexValue(byte) else { throw AzCredentialJSON.invalid("a \\u escape is not hexadecimal") }
                value = value << 4 | digit
            }
            return value
        }
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                try emit(byte)
                index += 1
                continue
            }
            guard index + 1 < range.upperBound else { throw AzCredentialJSON.invalid("a string ends with a backslash") }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): try emit(escape)
            case UInt8(ascii: "b"): try emit(0x08)
            case UInt8(ascii: "f"): try emit(0x0C)
            case UInt8(ascii: "n"): try emit(0x0A)
            case UInt8(ascii: "r"): try emit(0x0D)
            case UInt8(ascii: "t"): try emit(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(index)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 6 <= range.upperBound, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw AzCredentialJSON.invalid("a \\u escape is half of a surrogate pair")
                    }
                    let low = try hex4(index + 2)
                    guard (0xDC00...0xDFFF).contains(low) else { throw AzCredentialJSON.invalid("a \\u surrogate pair is invalid") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw AzCredentialJSON.invalid("a \\u escape is half of a surrogate pair")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw AzCredentialJSON.invalid("a \\u escape is not a character") }
                for unit in UTF8.encode(unicode)! { try emit(unit) }
            default:
                throw AzCredentialJSON.invalid("a string has an unknown escape")
            }
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Skips any JSON value, nested at most 16 deep.
    mutating func skipValue(depth: Int) throws {
        guard depth <= 16 else { throw AzCredentialJSON.invalid("it is nested more than 16 deep") }
        try skipSpace()
        switch peek() {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = peek() == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            index += 1
            try skipSpace()
            if peek() == close { index += 1; return }
            while true {
                if isObject {
                    try skipSpace()
                    try skipString()
                    try skipSpace()
                    try expect(UInt8(ascii: ":"))
                }
                try skipValue(depth: depth + 1)
                try skipSpace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                try expect(close)
                return
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case .some(let byte) where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            try number()
        default:
            throw AzCredentialJSON.invalid(peek() == nil ? "it ends too early" : "unexpected character at byte \(index)")
        }
    }

    /// A number as RFC 8259 §6 spells it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws {
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false }
        func digits() throws {
            guard isDigit(peek()) else { throw AzCredentialJSON.invalid("a number is malformed at byte \(index)") }
            while isDigit(peek()) { index += 1 }
        }
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") { index += 1 } else { try digits() }
        if peek() == UInt8(ascii: ".") {
            index += 1
            try digits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
    }

    private mutating func literal(_ word: String) throws {
        for byte in word.utf8 { try expect(byte) }
    }
}
