public import Foundation

/// A Graph rotation of an account's client secret that has started and not yet finished, sealed with the
/// account so that a later run (`reconcile`) can finish or undo it after a crash.
///
/// Invariants:
/// - It is written *before* any change is asked of Azure, so no password is ever added by iamvault without a
///   record of why.
/// - `retireKeyID` is only ever the keyId of a password whose value this vault captured (a linked version);
///   a password the vault did not capture is never scheduled for removal.
/// - It holds identifiers, dates and a display name only: never a secret value or a token.
public struct AzureRotationIntent: Codable, Equatable, Sendable {
    /// How far the rotation got.
    public enum Stage: String, Codable, Sendable {
        /// About to ask Graph for a new password (`addPassword`); `newKeyID` is unknown.
        case adding
        /// The new secret is committed to the vault; it must still be proven to get a token.
        case proving
        /// The new secret works; the old password is to be removed at `retireAfter`.
        case retiring
    }

    /// A random identifier, also part of `displayName`.
    public var id: String
    public var stage: Stage
    public var startedAt: Date
    /// The `displayName` sent with `addPassword`: finds the password this rotation added, even after a crash.
    public var displayName: String
    /// The version that was current when the rotation started, and its Azure keyId if linked.
    public var oldVersion: Int?
    public var retireKeyID: String?
    /// The version and keyId the rotation added (known once Graph answered).
    public var newVersion: Int?
    public var newKeyID: String?
    /// When the old password may be removed (after the grace period).
    public var retireAfter: Date?

    public init(
        id: String, stage: Stage, startedAt: Date, displayName: String, oldVersion: Int?, retireKeyID: String?,
        newVersion: Int? = nil, newKeyID: String? = nil, retireAfter: Date? = nil
    ) {
        self.id = id
        self.stage = stage
        self.startedAt = startedAt
        self.displayName = displayName
        self.oldVersion = oldVersion
        self.retireKeyID = retireKeyID
        self.newVersion = newVersion
        self.newKeyID = newKeyID
        self.retireAfter = retireAfter
    }
}
