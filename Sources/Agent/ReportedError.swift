import Accounts
import Audit
import Azure
import Sodium
import Vault

/// An error as the user sees it: `iamvault: error: <message>` and `iamvault: hint: <hint>` on stderr, and an
/// exit code. It crosses the agent socket as it is, so the client reports exactly what the agent decided.
public struct ReportedError: Error, Codable, Equatable, Sendable {
    public var exitCode: ExitStatus
    public var message: String
    public var hint: String?

    public init(exitCode: ExitStatus, message: String, hint: String? = nil) {
        self.exitCode = exitCode
        self.message = message
        self.hint = hint
    }

    /// Whether `error` comes from iamvault's own modules (as opposed to argument parsing).
    public static func isKnown(_ error: any Error) -> Bool {
        error is ReportedError || error is ClientProblem || error is AgentProtocolError || error is AccountError || error is VaultError || error is AuditError || error is SodiumError || error is AzureError
    }

    /// Maps any error of the lower modules to what the user sees. Unknown errors are operational failures.
    public static func from(_ error: any Error) -> ReportedError {
        switch error {
        case let reported as ReportedError:
            return reported
        case let problem as ClientProblem:
            return ReportedError(problem)
        case let wire as AgentProtocolError:
            return wire.reported
        case let account as AccountError:
            return ReportedError(exitCode: exitCode(for: account.kind), message: account.message, hint: account.hint)
        case let vault as VaultError:
            return ReportedError(exitCode: exitCode(for: vault.kind), message: vault.message, hint: vault.hint)
        case let audit as AuditError:
            let code: ExitStatus
            switch audit.kind {
            case .chainBroken: code = .integrity
            case .invalidEvent: code = .usage
            case .writeFailed, .invalidTime, .exportFailed: code = .operationFailed
            }
            return ReportedError(exitCode: code, message: audit.message, hint: audit.hint)
        case let azure as AzureError:
            var message = azure.message
            if let trace = azure.traceID { message += " (trace ID \(trace))" }
            return ReportedError(exitCode: exitCode(for: azure), message: message, hint: azure.hint)
        case let sodium as SodiumError:
            return ReportedError(exitCode: .operationFailed, message: sodium.description)
        default:
            return ReportedError(exitCode: .operationFailed, message: String(describing: error))
        }
    }

    static func exitCode(for kind: AccountError.Kind) -> ExitStatus {
        switch kind {
        case .invalidField, .unknownPermission, .invalidTTL: return .usage
        case .partNotOpened: return .operationFailed
        case .accountNotFound, .noSecret, .versionNotFound: return .notFound
        case .duplicateName, .secretAlreadyCaptured, .duplicateSecretValue, .secretLooksLikeID, .accountDisabled,
             .secretExpired, .handleExpired:
            return .refused
        }
    }

    /// Entra refused the credential: 3; bad cloud or endpoint settings: 2; throttling, outages, the network
    /// and anything else Azure did: 7 (nothing changed, or `reconcile` finishes it).
    static func exitCode(for error: AzureError) -> ExitStatus {
        if error.isAuthenticationFailure { return .locked }
        switch error.kind {
        case .unknownCloud, .invalidEndpoint, .insecureEndpoint, .invalidScope: return .usage
        case .applicationObjectNotFound: return .notFound
        case .rotationInProgress: return .refused
        default: return .operationFailed
        }
    }

    static func exitCode(for kind: VaultError.Kind) -> ExitStatus {
        switch kind {
        case .vaultNotFound, .entryNotFound, .secretVersionNotFound: return .notFound
        case .notAVault, .unsupportedFormatVersion, .malformedRecoveryKey, .kdfParametersRejected, .passphraseRejected: return .usage
        case .wrongPassphrase, .wrongRecoveryKey, .locked: return .locked
        case .damagedKeySlot, .integrityFailure: return .integrity
        case .vaultAlreadyExists, .insecurePermissions, .duplicateName, .duplicateSecretValue, .writeOnceViolation: return .refused
        case .storageFailure: return .operationFailed
        }
    }
}
