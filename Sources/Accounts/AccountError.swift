/// An account-service failure written for the user: `message` says what went wrong, `hint` what to do.
///
/// Validation errors always name the field, what was wrong, and what is expected. No message contains a
/// secret value.
public struct AccountError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case invalidField(field: String, problem: String, expected: String)
        case unknownPermission(name: String, valid: [String])
        case duplicateName(String)
        case accountNotFound(String)
        case secretAlreadyCaptured(account: String)
        case duplicateSecretValue
        case secretLooksLikeID
        case noSecret(account: String)
        case versionNotFound(account: String, version: Int)
        case accountDisabled(String)
        case secretExpired(account: String, version: Int)
        case handleExpired
        case partNotOpened(String)
        case invalidTTL(seconds: Int)
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var description: String { message }

    public var message: String {
        switch kind {
        case .invalidField(let field, let problem, _): return "\(field): \(problem)"
        case .unknownPermission(let name, _): return "permission: \"\(name)\" is not in the catalogue"
        case .duplicateName(let name): return "an account named \"\(name)\" already exists (names are compared without case)"
        case .accountNotFound(let name): return "no account named \"\(name)\""
        case .secretAlreadyCaptured(let account): return "account \"\(account)\" already has a secret; a stored secret is never replaced"
        case .duplicateSecretValue: return "that secret value is already stored in this vault"
        case .secretLooksLikeID: return "the secret looks like a GUID: probably the secret's ID, not its Value"
        case .noSecret(let account): return "account \"\(account)\" has no secret yet"
        case .versionNotFound(let account, let version): return "account \"\(account)\" has no live secret version \(version)"
        case .accountDisabled(let name): return "account \"\(name)\" is disabled"
        case .secretExpired(let account, let version): return "the secret of \"\(account)\" (version \(version)) has expired"
        case .handleExpired: return "the credential handle has expired"
        case .partNotOpened(let part): return "this credential handle was opened without its \(part)"
        case .invalidTTL(let seconds): return "a handle lifetime of \(seconds) s is outside 1 s to 600 s"
        }
    }

    public var hint: String {
        switch kind {
        case .invalidField(_, _, let expected): return "expected \(expected)"
        case .unknownPermission(_, let valid): return "valid permissions: \(valid.joined(separator: ", "))"
        case .duplicateName: return "choose another name, or edit the existing account"
        case .accountNotFound: return "list the accounts with `iamvault list`"
        case .secretAlreadyCaptured: return "to store a new value, use `iamvault rotate`"
        case .duplicateSecretValue: return "each secret value is captured once; create a new client secret in Azure"
        case .secretLooksLikeID: return "in Azure, copy the column \"Value\", not \"Secret ID\"; or confirm (on a terminal) or pass --force"
        case .noSecret: return "capture one with `iamvault rotate`"
        case .versionNotFound: return "show the versions with `iamvault show NAME`"
        case .accountDisabled: return "enable it with `iamvault edit NAME --enabled` if that is intended"
        case .secretExpired: return "rotate the secret (`iamvault rotate`), or pass --allow-expired if you must"
        case .handleExpired: return "open a new handle; handles live at most 10 minutes"
        case .partNotOpened: return "open a handle with every part it is used for"
        case .invalidTTL: return "choose a lifetime between 1 and 600 seconds"
        }
    }
}
