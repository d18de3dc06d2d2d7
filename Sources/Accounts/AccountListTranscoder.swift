import Foundation

/// `list --json`'s fast path: a stored account payload rendered straight into its list element, without
/// making an `Account` (its strings, arrays and dates) only to write it out again, which was half of the
/// per-account work of `list`.
///
/// It covers what `storedPayload()` writes for an account with no retired versions and no Graph rotation in
/// progress, whose strings have no escapes: the common case. For any other payload it returns nil and the
/// caller decodes it in full (`Account(storedPayload:name:)`), which also reports a malformed one precisely.
///
/// Guarantees: bytes it returns are byte for byte `AccountListJSON.Element(Account(storedPayload: payload,
/// name: name))`'s (`AccountListTranscoderTests` compares them on random accounts and on the fuzz corpus); it
/// returns bytes only for payloads the full decoder accepts: it reads with the same strict `JSONScanner` and
/// the same conversions, and gives up on a member out of the stored order, unknown or missing, on an escape,
/// and on anything the scanner refuses.
enum AccountListTranscoder {
    typealias Member = AccountPayload.Member

    static func element(storedPayload: [UInt8], name: String) -> AccountListJSON.Element? {
        storedPayload.withUnsafeBytes { bytes in
            guard let rendered = try? render(bytes, name: name) else { return nil }
            return AccountListJSON.Element(rendered: rendered)
        }
    }

    /// Not in the fast path's form: the full decoder takes over.
    private struct GiveUp: Error {}

    /// The members with their place in the stored order.
    private static let members = JSONStringTable(Member.allCases.enumerated().map { Placed(member: $1, position: $0) }, text: \.member.rawValue)
    private static let lastVerifiedAt = Member.allCases.firstIndex(of: .lastVerifiedAt)!
    /// The members the decoder requires, one bit per position.
    private static let required = [Member.clientID, .createdAt, .enabled, .permissions, .provider, .retiredVersions, .schema, .tags, .tenantID,
                                   .updatedAt].reduce(0) { $0 | 1 << Member.allCases.firstIndex(of: $1)! }

    private struct Placed: Sendable {
        let member: Member
        let position: Int
    }

    private static func render(_ bytes: UnsafeRawBufferPointer, name: String) throws -> [UInt8] {
        var scanner = JSONScanner(bytes: bytes)
        var rendering = Rendering(name: name)
        // One mutating call per member: the closure's captured state is checked for exclusive access once per
        // call, not at every field (55 checks per account when the fields were separate captured variables).
        try scanner.object(keys: members) { scanner, placed in try rendering.member(placed, &scanner) }
        try scanner.end()
        return try rendering.finish()
    }

    /// The element being written, and which members were seen.
    private struct Rendering {
        let name: String
        var writer = PrettyJSONWriter(reservingCapacity: 1024)
        var next = 0  // members must come in the stored (sorted) order
        var seen = 0  // one bit per position
        var wroteRotations = false
        var wroteName = false

        init(name: String) {
            self.name = name
            writer.continueArray()
            writer.element()
            writer.beginObject()
        }

        mutating func member(_ placed: Placed?, _ scanner: inout JSONScanner) throws {
            guard let placed, placed.position >= next else { throw GiveUp() }
            next = placed.position + 1
            seen |= 1 << placed.position
            catchUp(before: placed)
            let key = placed.member
            switch key {
            case .azureRotations:
                if !(try scanner.null()) { try scanner.array { _ in throw GiveUp() } }
                writeRotations()
            case .clientID, .tenantID:
                writer.key(key == .clientID ? "clientID" : "tenantID")
                try plainString(&scanner) { writer.plainValue($0) }
            case .createdAt, .updatedAt:
                writer.key(key == .createdAt ? "createdAt" : "updatedAt")
                writer.value(try date(&scanner))
            case .description:
                if try scanner.null() { return }
                writer.key("description")
                try plainString(&scanner) { writer.plainValue($0) }
            case .enabled:
                writer.key("enabled")
                writer.value(try scanner.bool())
            case .lastVerifiedAt:
                if try scanner.null() { return }
                writer.key("lastVerifiedAt")
                writer.value(try date(&scanner))
            case .permissions, .tags:
                writer.key(key == .permissions ? "permissions" : "tags")
                writer.beginArray()
                try scanner.array { scanner in try plainString(&scanner) { writer.plainElement($0) } }
                writer.endArray()
            case .provider:
                guard let provider = try scanner.string(in: AccountPayload.providers) else { throw GiveUp() }
                writer.key("provider")
                writer.value(provider.rawValue)
            case .retiredVersions:
                try scanner.array { _ in throw GiveUp() }
                writer.key("retiredVersions")
                writer.beginArray()
                writer.endArray()
            case .schema:
                _ = try scanner.int()
            }
        }

        /// The output has `azureRotations` first (an empty list when absent) and `name` between
        /// `lastVerifiedAt` and `permissions`; `schema` is not shown. Otherwise the orders are the same.
        private mutating func catchUp(before member: Placed?) {
            if !wroteRotations, member?.member != .azureRotations { writeRotations() }
            if !wroteName, member.map({ $0.position > lastVerifiedAt }) ?? true {
                writer.key("name")
                writer.value(name)
                wroteName = true
            }
        }

        private mutating func writeRotations() {
            writer.key("azureRotations")
            writer.beginArray()
            writer.endArray()
            wroteRotations = true
        }

        mutating func finish() throws -> [UInt8] {
            guard seen & required == required else { throw GiveUp() }
            catchUp(before: nil)
            writer.endObject()
            return writer.drain()
        }
    }

    /// A string value without escapes, checked as the full decoder checks it (valid UTF-8), passed to `write`.
    private static func plainString(_ scanner: inout JSONScanner, _ write: (UnsafeRawBufferPointer) -> Void) throws {
        guard try scanner.atString(), let plain = try scanner.plainText() else { throw GiveUp() }
        if !plain.isASCII { _ = try plain.string() }  // refuses invalid UTF-8, as the decoder does
        write(plain.bytes)
    }

    /// A date as the decoder reads it (`.millisecondsSince1970`).
    private static func date(_ scanner: inout JSONScanner) throws -> Date {
        Date(timeIntervalSince1970: try scanner.double() / 1000.0)
    }
}
