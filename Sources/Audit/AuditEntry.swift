public import Foundation

/// One audit entry as read back for an auditor: authenticated (it opened under the vault's audit seal key and
/// holds its own sequence number), with the chain MACs that let anyone holding K_audit check it.
///
/// Never holds a secret value, a fingerprint or a key (callers' `AuditEvent` invariant); it does name
/// accounts, which is why entries are sealed at rest.
public struct AuditEntry: Equatable, Sendable {
    public let seq: Int
    /// The time, to the millisecond, UTC.
    public let timeMilliseconds: Int64
    /// The event name as stored (`AuditEventKind.rawValue` for every event this version records).
    public let event: String
    public let account: String?
    public let actor: AuditActor
    public let details: [String: String]
    /// This entry's chain MAC.
    public let mac: [UInt8]
    /// The previous entry's MAC (32 zero bytes for seq 1).
    public let previousMAC: [UInt8]

    init(record: AuditRecord, mac: [UInt8], previousMAC: [UInt8]) {
        seq = Int(record.seq)
        timeMilliseconds = record.timeMilliseconds
        event = record.event
        account = record.account
        actor = record.actor
        details = record.details
        self.mac = mac
        self.previousMAC = previousMAC
    }

    public var time: Date { AuditTime.date(timeMilliseconds) }

    /// The event kind, or nil for a name this version does not know (written by a newer iamvault).
    public var kind: AuditEventKind? { AuditEventKind(rawValue: event) }

    /// The entry as one self-contained JSON object on one line (docs/audit.md, "Export format"): keys in a
    /// fixed order, `time` in RFC 3339 UTC with milliseconds, `account` null when the entry names none,
    /// `details` keys sorted, MACs in lower-case hex.
    public var jsonLine: String {
        var line = "{\"seq\":\(seq),\"time\":\"\(AuditTime.rfc3339(timeMilliseconds))\",\"event\":\(JSONText.quoted(event))"
        line += ",\"account\":" + (account.map(JSONText.quoted) ?? "null")
        line += ",\"actor\":{\"user\":\(JSONText.quoted(actor.user)),\"uid\":\(actor.uid),\"pid\":\(actor.pid)"
        line += ",\"command\":\(JSONText.quoted(actor.command))}"
        let sorted = details.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        line += ",\"details\":{" + sorted.map { "\(JSONText.quoted($0.key)):\(JSONText.quoted($0.value))" }.joined(separator: ",") + "}"
        line += ",\"prev_mac\":\"\(Hex.encode(previousMAC))\",\"mac\":\"\(Hex.encode(mac))\"}"
        return line
    }
}

/// JSON string literals (RFC 8259): `"` and `\` escaped, control characters as `\u00XX` (or their short
/// forms), everything else as UTF-8, so a line never breaks across lines and round-trips exactly.
enum JSONText {
    static func quoted(_ string: String) -> String {
        var out = "\""
        out.reserveCapacity(string.utf8.count + 2)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
