import Foundation

/// A Microsoft cloud: where its Entra ID authority and its Microsoft Graph live (azure-spec.md §2.1).
///
/// Tokens from one cloud are not valid in another, so an account's cloud must be chosen correctly; the
/// default is the public (global) cloud.
public enum AzureCloud: String, CaseIterable, Codable, Sendable {
    case `public`
    case usgov
    case china

    /// The Entra ID authority host (the token endpoint lives below it).
    public var authorityHost: String {
        switch self {
        case .public: return "https://login.microsoftonline.com"
        case .usgov: return "https://login.microsoftonline.us"
        case .china: return "https://login.chinacloudapi.cn"
        }
    }

    /// The Microsoft Graph root (the L4 / GCC High one for US Government).
    public var graphRoot: String {
        switch self {
        case .public: return "https://graph.microsoft.com"
        case .usgov: return "https://graph.microsoft.us"
        case .china: return "https://microsoftgraph.chinacloudapi.cn"
        }
    }

    /// The client-credentials scope for this cloud's Graph: `{graph root}/.default`.
    public var graphScope: String { graphRoot + "/.default" }

    /// Parses `public`, `usgov` or `china` (also the Azure CLI's and Vault's names, e.g. `AzureUSGovernment`,
    /// `AZURECHINACLOUD`), without case.
    public static func named(_ text: String) throws(AzureError) -> AzureCloud {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "public", "azurecloud", "azurepubliccloud", "global": return .public
        case "usgov", "azureusgovernment", "azureusgovernmentcloud", "usgovernment": return .usgov
        case "china", "azurechinacloud", "chinacloud": return .china
        default: throw AzureError(.unknownCloud(String(text.prefix(40))))
        }
    }
}
