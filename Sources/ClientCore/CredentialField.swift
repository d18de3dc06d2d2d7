public import Sodium

/// The part of a credential `read` writes (`--field`), as the `open` request names it: the agent then opens and
/// sends only that part (docs/cli.md, "The agent").
public enum CredentialField: String, CaseIterable, Codable, Equatable, Sendable {
    case secret, tenant
    case clientID = "client-id"

    /// Its index among the three segments of an answer with the whole credential (tenant ID, client ID,
    /// secret), which an agent that predates field selection sends.
    public var segment: Int {
        switch self {
        case .tenant: return 0
        case .clientID: return 1
        case .secret: return 2
        }
    }

    /// This field among the segments of an answer to an `open` that asked for it: the only segment, or, from an
    /// agent that predates field selection and sends the whole credential, the one at `segment`; nil for any
    /// other count. Both clients (the front program and `iamvault-core read`) take the field this way.
    public func part(of segments: [OwnedSecret]) -> OwnedSecret? {
        switch segments.count {
        case 1: return segments[0]
        case 3: return segments[segment]
        default: return nil
        }
    }
}
