public import Foundation
public import Sodium

/// One password (client secret) of an application as Microsoft Graph lists it: never its value.
///
/// `hint` is the first three characters of the value, which Azure itself shows; it may be missing for
/// passwords created by other tools, as may `displayName`.
public struct AzurePassword: Codable, Equatable, Sendable {
    public var keyID: String
    public var displayName: String?
    public var hint: String?
    public var startDateTime: Date?
    public var endDateTime: Date?

    public init(keyID: String, displayName: String? = nil, hint: String? = nil, startDateTime: Date? = nil, endDateTime: Date? = nil) {
        self.keyID = keyID
        self.displayName = displayName
        self.hint = hint
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
    }

    init?(graph object: [String: Any]) {
        guard let keyID = object["keyId"] as? String else { return nil }
        self.keyID = keyID.lowercased()
        displayName = object["displayName"] as? String
        hint = object["hint"] as? String
        startDateTime = (object["startDateTime"] as? String).flatMap(GraphDate.parse)
        endDateTime = (object["endDateTime"] as? String).flatMap(GraphDate.parse)
    }
}

/// An application object as Graph returns it (`GET /applications(appId='…')`), reduced to what iamvault uses.
public struct GraphApplication: Codable, Equatable, Sendable {
    /// The object id (the portal's "Object ID"), which addPassword/removePassword address.
    public var objectID: String
    public var appID: String
    public var displayName: String?
    public var passwords: [AzurePassword]
}

/// The answer to addPassword: the new password's facts and its value, taken into guarded memory at once.
/// Graph shows `secretText` this one time only.
public struct AddedPassword: ~Copyable {
    public let password: AzurePassword
    public let secret: SecretBytes
}

/// Graph's timestamps: ISO 8601 in UTC with 0 to 7 fractional digits (`2021-09-09T19:50:29.3086381Z`).
enum GraphDate {
    static func parse(_ text: String) -> Date? {
        var main = text
        var fraction = 0.0
        var offset = 0
        if main.hasSuffix("Z") || main.hasSuffix("z") {
            main.removeLast()
        } else if main.count > 6, let sign = main.dropLast(5).last, sign == "+" || sign == "-" {
            let zone = main.suffix(5).split(separator: ":")
            guard zone.count == 2, let hours = Int(zone[0]), let minutes = Int(zone[1]) else { return nil }
            offset = (sign == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
            main.removeLast(6)
        }
        if let dot = main.firstIndex(of: ".") {
            let digits = main[main.index(after: dot)...]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Double("0." + digits) else { return nil }
            fraction = value
            main = String(main[..<dot])
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let base = formatter.date(from: main.replacingOccurrences(of: "t", with: "T")) else { return nil }
        return base.addingTimeInterval(fraction - TimeInterval(offset))
    }

    /// `2026-05-17T08:00:00Z` (whole seconds, UTC), the form Graph documents for `endDateTime`.
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
