public import Foundation

/// Where iamvault talks to Entra ID and Microsoft Graph for one cloud, after environment overrides.
///
/// Guarantees: both URLs are absolute `https` URLs, or plain `http` to a loopback address only (127.0.0.0/8,
/// ::1, localhost: an emulator on this machine); they carry no user info, query or fragment. Anything else
/// is refused when the endpoints are resolved, before any request is made.
public struct AzureEndpoints: Equatable, Sendable {
    /// The cloud whose Graph resource the tokens are for (the scope stays the cloud's even when overridden).
    public let cloud: AzureCloud
    /// The authority host, e.g. `https://login.microsoftonline.com` (no trailing slash).
    public let authority: URL
    /// The Graph root, e.g. `https://graph.microsoft.com` (no trailing slash, no version).
    public let graph: URL

    /// Overrides the authority host; the same name and meaning as in azure-identity.
    public static let authorityVariable = "AZURE_AUTHORITY_HOST"
    /// Overrides the Graph root (for an emulator or a proxy).
    public static let graphVariable = "IAMVAULT_GRAPH_ENDPOINT"
    /// Chooses the cloud when the caller does not: public, usgov or china.
    public static let cloudVariable = "IAMVAULT_AZURE_CLOUD"

    public init(cloud: AzureCloud, authority: URL, graph: URL) throws(AzureError) {
        self.cloud = cloud
        self.authority = try Self.checked(authority.absoluteString, setting: "authority host")
        self.graph = try Self.checked(graph.absoluteString, setting: "Graph endpoint")
    }

    /// The endpoints of `cloud` (or of `IAMVAULT_AZURE_CLOUD`, or public), with `AZURE_AUTHORITY_HOST` and
    /// `IAMVAULT_GRAPH_ENDPOINT` from `environment` applied. The caller passes the environment (the process
    /// environment in the CLI, a dictionary in tests): nothing here reads it behind the caller's back.
    public static func resolve(cloud: AzureCloud? = nil, environment: [String: String]) throws(AzureError) -> AzureEndpoints {
        let chosen: AzureCloud
        if let cloud {
            chosen = cloud
        } else if let name = environment[cloudVariable], !name.isEmpty {
            chosen = try AzureCloud.named(name)
        } else {
            chosen = .public
        }
        let authority = try checked(nonEmpty(environment[authorityVariable]) ?? chosen.authorityHost, setting: authorityVariable)
        var graphText = nonEmpty(environment[graphVariable]) ?? chosen.graphRoot
        while graphText.hasSuffix("/") { graphText.removeLast() }
        if graphText.lowercased().hasSuffix("/v1.0") { graphText.removeLast(5) }
        let graph = try checked(graphText, setting: graphVariable)
        return AzureEndpoints(unchecked: chosen, authority: authority, graph: graph)
    }

    /// The OAuth 2.0 v2.0 token endpoint of `tenant`.
    public func tokenURL(tenant: String) -> URL {
        authority.appendingPathComponent(tenant).appendingPathComponent("oauth2/v2.0/token")
    }

    /// A Graph v1.0 URL; `path` starts with `/` and is already percent-encoded where needed.
    func graphURL(_ path: String) throws(AzureError) -> URL {
        guard let url = URL(string: graph.absoluteString + "/v1.0" + path) else {
            throw AzureError(.invalidEndpoint(setting: Self.graphVariable, problem: "cannot form a Graph URL"))
        }
        return url
    }

    private init(unchecked cloud: AzureCloud, authority: URL, graph: URL) {
        self.cloud = cloud
        self.authority = authority
        self.graph = graph
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// Parses and checks one endpoint. A bare host gets `https://` (as azure-identity does).
    static func checked(_ text: String, setting: String) throws(AzureError) -> URL {
        let shown = String(text.prefix(120))
        guard !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }) else {
            throw AzureError(.invalidEndpoint(setting: setting, problem: "\"\(shown)\" contains spaces or control characters"))
        }
        var candidate = text.contains("://") ? text : "https://" + text
        while candidate.hasSuffix("/") && !candidate.hasSuffix("://") { candidate.removeLast() }
        guard let components = URLComponents(string: candidate), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url else {
            throw AzureError(.invalidEndpoint(setting: setting, problem: "\"\(shown)\" is not a URL"))
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil else {
            throw AzureError(.invalidEndpoint(setting: setting, problem: "\"\(shown)\" must not carry user info, a query or a fragment"))
        }
        switch scheme {
        case "https":
            return url
        case "http" where LoopbackAddress.isLoopback(host: host):
            return url
        default:
            throw AzureError(.insecureEndpoint(setting: setting, url: shown))
        }
    }
}
