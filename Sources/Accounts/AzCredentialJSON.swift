public import Sodium

/// Reads the JSON that `az ad sp create-for-rbac` and `az ad app credential reset` print
/// (`{"appId": …, "displayName": …, "password": …, "tenant": …}`) without the password ever leaving
/// guarded memory: the whole document is scanned in place and only the password's bytes are copied, into
/// a new `SecretBytes`.
///
/// Strict: the top level must be one JSON object; `appId`, `password` and `tenant` must be strings; other
/// members of any JSON type are skipped (nesting at most 16 deep); duplicate keys, trailing data, control
/// characters in strings and documents over 64 KiB are refused with the reason (`JSONScanner`). It never traps.
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
        try document.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes: bytes)
            do {
                try scanner.object { scanner, key in
                    switch key {
                    case "password":
                        guard try scanner.atString() else { throw invalid("\"password\" is not a string") }
                        password = try scanner.secretString()
                    case "appId", "tenant", "displayName":
                        if try scanner.null() { return }
                        guard try scanner.atString() else { throw invalid("\"\(key)\" is not a string") }
                        fields[key] = try scanner.string()
                    default:
                        try scanner.skipValue()
                    }
                }
                try scanner.end()
            } catch let malformed as JSONScanner.Malformed {
                throw invalid(malformed.reason)
            }
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
