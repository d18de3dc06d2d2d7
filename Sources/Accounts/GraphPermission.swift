/// A Microsoft Graph permission an account may be meant to hold, with Microsoft's ID for it.
///
/// The catalogue is fixed: names outside it are refused, so a typo cannot silently widen or narrow what
/// `verify` later checks. IDs are from Microsoft's permissions reference (../shared/azure-spec.md §4).
public struct GraphPermission: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// An app role ("Role" in requiredResourceAccess), granted by admin consent; appears in a token's `roles`.
        case application
        /// An OAuth2 permission scope ("Scope"), used on behalf of a signed-in user.
        case delegated
    }

    public let name: String
    public let id: String
    public let kind: Kind

    /// The resource app id of Microsoft Graph.
    public static let graphResourceAppID = "00000003-0000-0000-c000-000000000000"

    public static let catalogue: [GraphPermission] = [
        GraphPermission(name: "Application.ReadWrite.All", id: "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", kind: .application),
        GraphPermission(name: "AppRoleAssignment.ReadWrite.All", id: "06b708a9-e830-4db3-a914-8e69da51d44f", kind: .application),
        GraphPermission(name: "Directory.Read.All", id: "7ab1d382-f21e-4acd-a863-ba3e13f7da61", kind: .application),
        GraphPermission(name: "Directory.ReadWrite.All", id: "19dbc75e-c2e2-444c-a770-ec69d8559fc7", kind: .application),
        GraphPermission(name: "Organization.Read.All", id: "498476ce-e0fe-48b0-b801-37ba7e2685c6", kind: .application),
        GraphPermission(name: "Organization.ReadWrite.All", id: "292d869f-3427-49a8-9dab-8c70152b74e9", kind: .application),
        GraphPermission(name: "RoleManagement.ReadWrite.Directory", id: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", kind: .application),
        GraphPermission(name: "User.ManageIdentities.All", id: "c529cfca-c91b-489c-af2b-d92990b66ce6", kind: .application),
        GraphPermission(name: "User.ReadWrite.All", id: "741f803b-c850-494e-b5df-cde7c675a1ca", kind: .application),
        GraphPermission(name: "Directory.AccessAsUser.All", id: "0e263e50-5827-48a4-b97c-d940288653c7", kind: .delegated),
    ]

    /// Every name in the catalogue, in catalogue order: the default selection.
    public static var allNames: [String] { catalogue.map(\.name) }

    /// The permission called `name` (case-insensitive, as Graph compares them), or nil.
    public static func named(_ name: String) -> GraphPermission? {
        catalogue.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Resolves user input to canonical names, refusing unknown ones with the list of valid names.
    /// An empty input means the default: the whole catalogue.
    public static func resolve(_ names: [String]) throws -> [String] {
        guard !names.isEmpty else { return allNames }
        var resolved: Set<String> = []
        for name in names {
            guard let permission = named(name.trimmingCharacters(in: .whitespaces)) else {
                throw AccountError(.unknownPermission(name: name, valid: allNames))
            }
            resolved.insert(permission.name)
        }
        return allNames.filter(resolved.contains)
    }
}
