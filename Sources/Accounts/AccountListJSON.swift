/// The output of `iamvault list --json`, rendered one account at a time and taken in pieces.
///
/// Guarantees: the concatenation of every `take()` and `finish()` is byte for byte what
/// `Output.json([Account])` prints (`JSONEncoder` with `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`,
/// `.iso8601` dates, then a line feed), whatever the pieces; only metadata is rendered (an `Account` holds no
/// secret). `AccountListJSONTests` compare it with `JSONEncoder` on random accounts.
public struct AccountListJSON {
    private var writer = PrettyJSONWriter(reservingCapacity: 1024)
    public private(set) var accountCount = 0

    public init() { writer.beginArray() }

    /// Bytes rendered and not yet taken.
    public var pendingByteCount: Int { writer.count }

    public mutating func append(_ account: Account) {
        writer.element()
        account.write(to: &writer)
        accountCount += 1
    }

    /// The bytes that stand for `element` in the output when it is sent as it is, after everything taken so
    /// far, instead of being appended and copied (the first element's leading `,` dropped); the list goes on
    /// after it. Byte for byte what appending the account, then `take()`, would give.
    public mutating func part(for element: Element) -> ArraySlice<UInt8> {
        defer {
            writer.elementsWrittenElsewhere()
            accountCount += 1
        }
        return accountCount == 0 ? element.bytes.dropFirst() : element.bytes[...]
    }

    /// One account rendered as a list element away from the list (on the core that opened it), as it appears
    /// after another element; `part(for:)` places it in the list.
    public struct Element: Sendable {
        let bytes: [UInt8]

        /// How many bytes the rendered account takes.
        public var byteCount: Int { bytes.count }

        public init(_ account: Account) {
            var writer = PrettyJSONWriter(reservingCapacity: 1024)
            writer.continueArray()
            writer.element()
            account.write(to: &writer)
            bytes = writer.drain()
        }

        /// An element rendered elsewhere (`AccountListTranscoder`), as `init(_:)` renders it.
        init(rendered: [UInt8]) { bytes = rendered }
    }

    /// One account's list element (what `Element(account)` holds): the full path.
    public static func element(of account: Account) -> [UInt8] { Element(account).bytes }

    /// The list element of a stored account payload rendered straight from it (`AccountListTranscoder`), or nil
    /// when the payload is not in the form that fast path takes. Public for the fuzz target that checks it
    /// against `element(of: Account(storedPayload:name:))`.
    public static func fastElement(storedPayload: [UInt8], name: String) -> [UInt8]? {
        AccountListTranscoder.element(storedPayload: storedPayload, name: name)?.bytes
    }

    /// The bytes rendered since the last `take()`.
    public mutating func take() -> [UInt8] { writer.drain() }

    /// Closes the list; returns the last bytes (the rest of the output).
    public mutating func finish() -> [UInt8] {
        writer.endArray()
        writer.newline()
        return writer.drain()
    }

    /// The whole output for `accounts`.
    public static func render(_ accounts: [Account]) -> [UInt8] {
        var list = AccountListJSON()
        var bytes: [UInt8] = []
        for account in accounts {
            list.append(account)
            bytes += list.take()
        }
        return bytes + list.finish()
    }
}

extension Account {
    /// The account as `JSONEncoder` writes it (keys sorted; nil optionals left out).
    fileprivate func write(to writer: inout PrettyJSONWriter) {
        writer.beginObject()
        writer.key("azureRotations")
        writer.beginArray()
        for rotation in azureRotations {
            writer.element()
            rotation.write(to: &writer)
        }
        writer.endArray()
        writer.key("clientID"); writer.value(clientID)
        writer.key("createdAt"); writer.value(createdAt)
        if let description { writer.key("description"); writer.value(description) }
        writer.key("enabled"); writer.value(enabled)
        if let lastVerifiedAt { writer.key("lastVerifiedAt"); writer.value(lastVerifiedAt) }
        writer.key("name"); writer.value(name)
        writer.key("permissions"); writer.value(permissions)
        writer.key("provider"); writer.value(provider.rawValue)
        writer.key("retiredVersions")
        writer.beginArray()
        for retired in retiredVersions {
            writer.element()
            writer.beginObject()
            writer.key("createdAt"); writer.value(retired.createdAt)
            writer.key("expiresAt"); writer.value(retired.expiresAt)
            writer.key("hint"); writer.value(retired.hint)
            writer.key("retiredAt"); writer.value(retired.retiredAt)
            writer.key("version"); writer.value(retired.version)
            writer.endObject()
        }
        writer.endArray()
        writer.key("tags"); writer.value(tags)
        writer.key("tenantID"); writer.value(tenantID)
        writer.key("updatedAt"); writer.value(updatedAt)
        writer.endObject()
    }
}

extension AzureRotationIntent {
    fileprivate func write(to writer: inout PrettyJSONWriter) {
        writer.beginObject()
        writer.key("displayName"); writer.value(displayName)
        writer.key("id"); writer.value(id)
        if let newKeyID { writer.key("newKeyID"); writer.value(newKeyID) }
        if let newVersion { writer.key("newVersion"); writer.value(newVersion) }
        if let oldVersion { writer.key("oldVersion"); writer.value(oldVersion) }
        if let retireAfter { writer.key("retireAfter"); writer.value(retireAfter) }
        if let retireKeyID { writer.key("retireKeyID"); writer.value(retireKeyID) }
        writer.key("stage"); writer.value(stage.rawValue)
        writer.key("startedAt"); writer.value(startedAt)
        writer.endObject()
    }
}
