/// The content of one audit entry, exactly as it is MACed and sealed: its canonical bytes (docs/format.md
/// §5.4) are rebuilt from an exported JSON line by anyone who reads the spec.
///
/// Canonical form (`str(s) = u32be(len(utf8(s))) || utf8(s)`):
/// ```
/// u64be(seq) || u64be(time_ms) || str(event)
///   || 0x00                      (no account)   |   0x01 || str(account)
///   || str(actor.user) || u32be(actor.uid) || u32be(actor.pid, two's complement) || str(actor.command)
///   || u32be(number of details) || for each detail, by key in UTF-8 byte order: str(key) || str(value)
/// ```
struct AuditRecord: Equatable, Sendable {
    var seq: Int64
    var timeMilliseconds: Int64
    var event: String
    var account: String?
    var actor: AuditActor
    var details: [String: String]

    /// The details in canonical order: keys compared as UTF-8 bytes.
    var sortedDetails: [(key: String, value: String)] {
        details.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    func canonicalBytes() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(128)
        out.appendBigEndian(UInt64(bitPattern: seq))
        out.appendBigEndian(UInt64(bitPattern: timeMilliseconds))
        out.appendString(event)
        if let account {
            out.append(1)
            out.appendString(account)
        } else {
            out.append(0)
        }
        out.appendString(actor.user)
        out.appendBigEndian(actor.uid)
        out.appendBigEndian(UInt32(bitPattern: actor.pid))
        out.appendString(actor.command)
        let sorted = sortedDetails
        out.appendBigEndian(UInt32(truncatingIfNeeded: sorted.count))
        for (key, value) in sorted {
            out.appendString(key)
            out.appendString(value)
        }
        return out
    }

    /// Parses canonical bytes; nil unless they are exactly one well-formed, canonical record (valid UTF-8,
    /// presence flag 0 or 1, detail keys strictly increasing, nothing left over).
    init?(canonical bytes: [UInt8]) {
        var reader = CanonicalReader(bytes)
        guard let seq = reader.uint64(), let time = reader.uint64(), let event = reader.string(), let flag = reader.byte()
        else { return nil }
        var account: String?
        switch flag {
        case 0: account = nil
        case 1:
            guard let name = reader.string() else { return nil }
            account = name
        default: return nil
        }
        guard let user = reader.string(), let uid = reader.uint32(), let pid = reader.uint32(),
              let command = reader.string(), let count = reader.uint32() else { return nil }
        var details: [String: String] = [:]
        var previousKey: String?
        for _ in 0..<count {
            guard let key = reader.string(), let value = reader.string() else { return nil }
            if let previousKey, !previousKey.utf8.lexicographicallyPrecedes(key.utf8) { return nil }
            previousKey = key
            details[key] = value
        }
        guard reader.isAtEnd else { return nil }
        self.init(
            seq: Int64(bitPattern: seq), timeMilliseconds: Int64(bitPattern: time), event: event, account: account,
            actor: AuditActor(user: user, uid: uid, pid: Int32(bitPattern: pid), command: command), details: details)
    }

    init(seq: Int64, timeMilliseconds: Int64, event: String, account: String?, actor: AuditActor, details: [String: String]) {
        self.seq = seq
        self.timeMilliseconds = timeMilliseconds
        self.event = event
        self.account = account
        self.actor = actor
        self.details = details
    }

    /// What verification needs without building strings: the sequence number, and whether the entry is an
    /// unlock failure (whose details verification reads). Nil when the bytes are not well formed.
    static func scan(_ bytes: [UInt8]) -> (seq: Int64, isUnlockFailure: Bool)? {
        var reader = CanonicalReader(bytes)
        guard let seq = reader.uint64(), reader.uint64() != nil, let event = reader.rawString() else { return nil }
        return (Int64(bitPattern: seq), event.elementsEqual(unlockFailedEvent))
    }

    private static let unlockFailedEvent = Array(AuditEventKind.vaultUnlockFailed.rawValue.utf8)
}

/// Reads the canonical encoding; every read checks bounds first and returns nil past the end.
private struct CanonicalReader {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func byte() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func uint64() -> UInt64? {
        guard bytes.count - index >= 8 else { return nil }
        var value: UInt64 = 0
        for offset in 0..<8 { value = value << 8 | UInt64(bytes[index + offset]) }
        index += 8
        return value
    }

    mutating func uint32() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 8 | UInt32(bytes[index + offset]) }
        index += 4
        return value
    }

    mutating func rawString() -> ArraySlice<UInt8>? {
        guard let length = uint32(), bytes.count - index >= Int(length) else { return nil }
        defer { index += Int(length) }
        return bytes[index..<(index + Int(length))]
    }

    mutating func string() -> String? {
        guard let raw = rawString() else { return nil }
        return String(validating: raw, as: UTF8.self)
    }
}

extension [UInt8] {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    /// `u32be(length) || utf8`. Strings longer than 4 GiB cannot occur in an entry.
    mutating func appendString(_ string: String) {
        let utf8 = string.utf8
        appendBigEndian(UInt32(truncatingIfNeeded: utf8.count))
        append(contentsOf: utf8)
    }
}
