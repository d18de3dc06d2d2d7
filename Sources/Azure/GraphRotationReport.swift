public import Foundation

/// The outcome of `rotateViaGraph`: the new version and what happened to the old password. Never a value.
public struct GraphRotationReport: Codable, Equatable, Sendable {
    /// How the old version was tied to its Azure password.
    public enum OldLink: String, Codable, Sendable {
        /// The keyId recorded with the version (Graph rotation, or `--key-id` when captured by hand).
        case recorded
        /// The one password of the application whose hint matches the version's first three characters.
        case hint
        /// No unique match: the old password is kept (iamvault never removes a password it cannot tie to
        /// a value it captured).
        case none
    }

    /// What became of the old password.
    public enum OldPasswordAction: String, Codable, Sendable {
        case removed
        /// Kept until `oldPasswordRemovalAt` (grace period); `reconcile` removes it then.
        case scheduled
        /// Kept for good: no unique link, or it was already gone.
        case kept
        /// The new secret was not proven yet; `reconcile` continues later.
        case pending
    }

    public var account: String
    /// The rotation's identifier (also in the Azure displayName and every `azure.rotation_step` entry).
    public var rotationID: String
    public var oldVersion: Int
    public var oldKeyID: String?
    public var oldLink: OldLink
    public var newVersion: Int
    public var newKeyID: String
    public var newHint: String
    public var newExpiresAt: Date
    /// Whether the new secret got a token, and after how many attempts.
    public var proven: Bool
    public var proofAttempts: Int
    public var oldPassword: OldPasswordAction
    public var oldPasswordRemovalAt: Date?
    /// Plain-words explanations (why the old password was kept, what to run next).
    public var notes: [String]
}
