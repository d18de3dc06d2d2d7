import Accounts

/// The Azure CLI arguments that grant an account's selected Graph permissions, for `iamvault permissions`.
///
/// Application permissions are `{id}=Role`, delegated ones `{id}=Scope`, under the Graph resource app id
/// `00000003-0000-0000-c000-000000000000` (azure-spec.md §4). Unknown names are refused with the catalogue.
public enum GraphPermissionArguments {
    /// The value of `--api-permissions`: space-separated `{permissionId}=Role|Scope` entries, catalogue order.
    public static func apiPermissions(_ names: [String]) throws -> String {
        try GraphPermission.resolve(names).compactMap(GraphPermission.named).map { permission in
            "\(permission.id)=\(permission.kind == .application ? "Role" : "Scope")"
        }.joined(separator: " ")
    }

    /// The whole command: `az ad app permission add --id {clientId} --api 00000003-… --api-permissions …`.
    public static func addCommand(clientID: String, permissions names: [String]) throws -> String {
        "az ad app permission add --id \(clientID) --api \(GraphPermission.graphResourceAppID) --api-permissions \(try apiPermissions(names))"
    }

    /// Admin consent for what was added (application permissions take effect only after it).
    public static func adminConsentCommand(clientID: String) -> String {
        "az ad app permission admin-consent --id \(clientID)"
    }
}
