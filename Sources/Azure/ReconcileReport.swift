public import Accounts
public import Foundation

/// The application's passwords in Azure set against the account's versions in the vault, with orphans named
/// on either side, and what `reconcile` did about unfinished rotations. Data only; never a value.
public struct ReconcileReport: Codable, Equatable, Sendable {
    public enum PasswordStatus: String, Codable, Sendable {
        /// A live vault version holds this password's value.
        case inVault = "in-vault"
        /// The vault did not capture this password (made in the portal or by another tool): iamvault never
        /// removes it.
        case notInVault = "not-in-vault"
        /// Added by a rotation that was interrupted before its value was stored: nobody has the value.
        case interruptedRotation = "interrupted-rotation"
    }

    public enum VersionStatus: String, Codable, Sendable {
        /// Its password is in Azure.
        case inAzure = "in-azure"
        /// Its recorded keyId is not in Azure any more: the value no longer works.
        case notInAzure = "not-in-azure"
        /// No keyId recorded and no unique hint match: cannot tell.
        case unlinked
    }

    public struct PasswordRow: Codable, Equatable, Sendable {
        public var password: AzurePassword
        public var vaultVersion: Int?
        public var status: PasswordStatus
    }

    public struct VersionRow: Codable, Equatable, Sendable {
        public var version: Int
        /// `current`, `previous` or `older` (`SecretVersionSummary.Role`'s raw value).
        public var role: String
        public var hint: String
        public var expiresAt: Date
        public var azureKeyID: String?
        public var status: VersionStatus
    }

    /// One thing reconcile did (or found it could not do yet) about a rotation.
    public struct Action: Codable, Equatable, Sendable {
        public var rotationID: String
        public var step: String
        public var keyID: String?
        public var note: String
    }

    public var account: String
    public var checkedAt: Date
    public var applicationObjectID: String
    public var passwords: [PasswordRow]
    public var versions: [VersionRow]
    public var actions: [Action]
    /// Rotations still unfinished afterwards (a grace period not over, a secret not yet accepted).
    public var pending: [AzureRotationIntent]
    public var notes: [String]

    /// Passwords in Azure that no vault version holds.
    public var azureOrphans: [PasswordRow] { passwords.filter { $0.status != .inVault } }
    /// Vault versions whose password is gone from Azure.
    public var vaultOrphans: [VersionRow] { versions.filter { $0.status == .notInAzure } }
    /// True when both sides match one to one and nothing is pending.
    public var isConsistent: Bool {
        azureOrphans.isEmpty && versions.allSatisfy { $0.status == .inAzure } && pending.isEmpty
    }
}
