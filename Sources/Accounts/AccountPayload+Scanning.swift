import Foundation

/// The hand-written decoder of the stored account payload: the JSON `StoredJSON.encode` writes for
/// `AccountPayload`, read without Foundation's `JSONDecoder` (which cost 130 k instructions per account in
/// `list`).
///
/// It gives the same `AccountPayload` as `JSONDecoder` (with `.millisecondsSince1970` dates) for everything the
/// encoder writes, older payloads without `azureRotations` included; unknown keys are skipped and `null` reads
/// as an absent optional, as `JSONDecoder` does. It is stricter in two ways only, both for input no encoder
/// writes: a key present twice is refused (`JSONDecoder` keeps one of them), and a number longer than 64
/// characters is refused. Anything else not of this shape throws `JSONScanner.Malformed`.
///
/// Member names and the provider are looked up by their bytes (`JSONStringTable`) rather than made into
/// `String`s first, and a permission from the catalogue reuses the catalogue's `String`: the same values as
/// comparing and making `String`s, for less work per account.
extension AccountPayload {
    init(scanning bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { buffer in
            var scanner = JSONScanner(bytes: buffer)
            let payload = try Self.payload(&scanner)
            try scanner.end()
            return payload
        }
    }

    /// The payload's members, in the order `StoredJSON.encode` writes them (sorted).
    enum Member: String, CaseIterable {
        case azureRotations, clientID, createdAt, description, enabled, lastVerifiedAt, permissions, provider, retiredVersions,
             schema, tags, tenantID, updatedAt
    }

    private enum RetiredMember: String, CaseIterable {
        case createdAt, expiresAt, hint, retiredAt, version
    }

    private enum RotationMember: String, CaseIterable {
        case displayName, id, newKeyID, newVersion, oldVersion, retireAfter, retireKeyID, stage, startedAt
    }

    private static let members = JSONStringTable(Member.allCases, text: \.rawValue)
    private static let retiredMembers = JSONStringTable(RetiredMember.allCases, text: \.rawValue)
    private static let rotationMembers = JSONStringTable(RotationMember.allCases, text: \.rawValue)
    /// The permission names `add` and `edit` store (canonical, from the catalogue).
    private static let permissionNames = JSONStringTable(GraphPermission.allNames)
    static let providers = JSONStringTable(Provider.allCases, text: \.rawValue)

    private static func payload(_ scanner: inout JSONScanner) throws -> AccountPayload {
        var fields = Fields()
        try scanner.object(keys: members) { scanner, key in
            switch key {
            case .schema: fields.schema = try scanner.int()
            case .enabled: fields.enabled = try scanner.bool()
            case .provider: fields.provider = try Self.provider(&scanner)
            case .description: fields.description = try scanner.null() ? nil : try scanner.string()
            case .tags: fields.tags = try scanner.array(of: { try $0.string() })
            case .tenantID: fields.tenantID = try scanner.string()
            case .clientID: fields.clientID = try scanner.string()
            case .permissions:
                var hint = 0
                fields.permissions = try scanner.array(of: { try $0.string(reusing: permissionNames, hint: &hint) })
            case .createdAt: fields.createdAt = try Self.date(&scanner)
            case .updatedAt: fields.updatedAt = try Self.date(&scanner)
            case .lastVerifiedAt: fields.lastVerifiedAt = try scanner.null() ? nil : try Self.date(&scanner)
            case .retiredVersions: fields.retiredVersions = try scanner.array(of: Self.retiredVersion)
            case .azureRotations:
                fields.azureRotations = try scanner.null() ? nil : try scanner.array(of: Self.rotation)
            case nil: try scanner.skipValue()
            }
        }
        guard let schema = fields.schema, let enabled = fields.enabled, let provider = fields.provider, let tags = fields.tags,
              let tenantID = fields.tenantID, let clientID = fields.clientID, let permissions = fields.permissions,
              let createdAt = fields.createdAt, let updatedAt = fields.updatedAt, let retiredVersions = fields.retiredVersions
        else { throw JSONScanner.Malformed(reason: "a required member is missing") }
        return AccountPayload(
            schema: schema, enabled: enabled, provider: provider, description: fields.description, tags: tags, tenantID: tenantID,
            clientID: clientID, permissions: permissions, createdAt: createdAt, updatedAt: updatedAt,
            lastVerifiedAt: fields.lastVerifiedAt, retiredVersions: retiredVersions, azureRotations: fields.azureRotations)
    }

    /// The fields read so far; a required one still nil at the end makes the payload malformed.
    private struct Fields {
        var schema: Int?
        var enabled: Bool?
        var provider: Provider?
        var description: String?
        var tags: [String]?
        var tenantID: String?
        var clientID: String?
        var permissions: [String]?
        var createdAt: Date?
        var updatedAt: Date?
        var lastVerifiedAt: Date?
        var retiredVersions: [Account.RetiredVersion]?
        var azureRotations: [AzureRotationIntent]?
    }

    /// A date as `JSONDecoder` reads `.millisecondsSince1970`: the number as a `Double`, divided by 1000.
    private static func date(_ scanner: inout JSONScanner) throws -> Date {
        Date(timeIntervalSince1970: try scanner.double() / 1000.0)
    }

    private static var unknownValue: JSONScanner.Malformed { JSONScanner.Malformed(reason: "a member has an unknown value") }

    private static func provider(_ scanner: inout JSONScanner) throws -> Provider {
        guard let provider = try scanner.string(in: providers) else { throw unknownValue }
        return provider
    }

    private static func retiredVersion(_ scanner: inout JSONScanner) throws -> Account.RetiredVersion {
        var version: Int?, hint: String?, createdAt: Date?, expiresAt: Date?, retiredAt: Date?
        try scanner.object(keys: retiredMembers) { scanner, key in
            switch key {
            case .version: version = try scanner.int()
            case .hint: hint = try scanner.string()
            case .createdAt: createdAt = try date(&scanner)
            case .expiresAt: expiresAt = try date(&scanner)
            case .retiredAt: retiredAt = try date(&scanner)
            case nil: try scanner.skipValue()
            }
        }
        guard let version, let hint, let createdAt, let expiresAt, let retiredAt else {
            throw JSONScanner.Malformed(reason: "a required member is missing")
        }
        return Account.RetiredVersion(version: version, hint: hint, createdAt: createdAt, expiresAt: expiresAt, retiredAt: retiredAt)
    }

    private static func rotation(_ scanner: inout JSONScanner) throws -> AzureRotationIntent {
        var id: String?, stage: AzureRotationIntent.Stage?, startedAt: Date?, displayName: String?
        var oldVersion: Int?, retireKeyID: String?, newVersion: Int?, newKeyID: String?, retireAfter: Date?
        try scanner.object(keys: rotationMembers) { scanner, key in
            switch key {
            case .id: id = try scanner.string()
            case .stage:
                guard let value = AzureRotationIntent.Stage(rawValue: try scanner.string()) else { throw unknownValue }
                stage = value
            case .startedAt: startedAt = try date(&scanner)
            case .displayName: displayName = try scanner.string()
            case .oldVersion: oldVersion = try scanner.null() ? nil : try scanner.int()
            case .retireKeyID: retireKeyID = try scanner.null() ? nil : try scanner.string()
            case .newVersion: newVersion = try scanner.null() ? nil : try scanner.int()
            case .newKeyID: newKeyID = try scanner.null() ? nil : try scanner.string()
            case .retireAfter: retireAfter = try scanner.null() ? nil : try date(&scanner)
            case nil: try scanner.skipValue()
            }
        }
        guard let id, let stage, let startedAt, let displayName else { throw JSONScanner.Malformed(reason: "a required member is missing") }
        return AzureRotationIntent(
            id: id, stage: stage, startedAt: startedAt, displayName: displayName, oldVersion: oldVersion, retireKeyID: retireKeyID,
            newVersion: newVersion, newKeyID: newKeyID, retireAfter: retireAfter)
    }
}
