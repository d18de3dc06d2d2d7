import Accounts

/// Compares the application permissions an account is meant to hold (its selection) with the `roles` of an
/// app-only Graph token (what admin consent actually granted).
///
/// Delegated permissions (Directory.AccessAsUser.All) are used only on behalf of a signed-in user and can
/// never appear in an app-only token, so they are set apart as "not checkable" rather than reported missing.
/// Names compare without case, as Graph compares them; results use catalogue spelling where known.
public struct PermissionCheck: Codable, Equatable, Sendable {
    /// Selected application permissions the token does not carry: admin consent not granted (or not yet).
    public var missing: [String]
    /// Roles the token carries that are not selected: granted but not meant to be.
    public var excess: [String]
    /// Selected delegated permissions, which an app-only token cannot show.
    public var notCheckable: [String]
    /// Every role in the token, sorted.
    public var granted: [String]

    public var isExactMatch: Bool { missing.isEmpty && excess.isEmpty }

    public init(selected: [String], roles: [String]) {
        let chosen = selected.compactMap(GraphPermission.named)
        let applicationNames = chosen.filter { $0.kind == .application }.map(\.name)
        notCheckable = chosen.filter { $0.kind == .delegated }.map(\.name)
        let canonicalRoles = roles.map { GraphPermission.named($0)?.name ?? $0 }
        let grantedSet = Set(canonicalRoles.map { $0.lowercased() })
        let selectedSet = Set(applicationNames.map { $0.lowercased() })
        missing = applicationNames.filter { !grantedSet.contains($0.lowercased()) }
        var seen = Set<String>()
        excess = canonicalRoles.filter { !selectedSet.contains($0.lowercased()) && seen.insert($0.lowercased()).inserted }.sorted()
        granted = Array(Set(canonicalRoles)).sorted()
    }

    /// Plain-words explanations of every difference, one line each, with what to do.
    public var explanations: [String] {
        var lines: [String] = []
        for name in missing {
            lines.append("\(name) is selected but not granted: an administrator must grant admin consent for it "
                + "(App registrations > API permissions > Grant admin consent), or `az ad app permission admin-consent`")
        }
        for name in excess {
            lines.append("\(name) is granted but not selected: remove it from the app's API permissions (and revoke consent), "
                + "or add it to the account's selection with `iamvault edit --permissions`")
        }
        for name in notCheckable {
            lines.append("\(name) is a delegated permission: it is used only on behalf of a signed-in user and never appears "
                + "in an app-only token, so verify cannot check it; confirm its consent in the portal (API permissions, Status column)")
        }
        return lines
    }
}
