/// One of the three parts of a credential. A handle can be opened for some of them only (`iamvault read --field`
/// asks for one): the others are then never copied into guarded memory or sent anywhere, and the audit entry of
/// the opening names the parts it released.
public enum CredentialPart: String, CaseIterable, Sendable {
    case tenantID = "tenant"
    case clientID = "client-id"
    case secret

    /// The parts as the audit entry's `parts` detail names them: `tenant,client-id,secret` in that order.
    static func auditText(_ parts: [CredentialPart]) -> String {
        allCases.filter(parts.contains).map(\.rawValue).joined(separator: ",")
    }
}
