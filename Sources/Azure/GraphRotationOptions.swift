public import Accounts
public import Foundation

/// How `rotateViaGraph` creates the new password and retires the old one.
///
/// Defaults follow azure-spec.md §5.6: keep the old password until the new secret has been proven to get a
/// token, retrying for up to two minutes (a new secret fails with AADSTS7000215 for its first seconds).
public struct GraphRotationOptions: Sendable {
    /// The new secret's lifetime (Azure's choices; 180 days recommended).
    public var lifetime: SecretLifetime
    /// How long the old password stays valid after the new one is proven (0: removed at once). A later
    /// `reconcile` removes it once the time has come.
    public var gracePeriod: TimeInterval
    /// How long to keep trying the new secret before giving up for now (the rotation stays pending).
    public var proofTimeout: TimeInterval
    /// The first wait between proof attempts; doubled each time up to `proofMaxDelay`.
    public var proofInitialDelay: TimeInterval
    public var proofMaxDelay: TimeInterval
    /// The start of the new password's `displayName` in Azure ("iamvault <account> <date> <id>").
    public var displayNamePrefix: String
    /// Test seam: simulate a crash or a failed commit at one step (`@testable` only).
    var fault: RotationFault?

    public init(
        lifetime: SecretLifetime = .recommended, gracePeriod: TimeInterval = 0, proofTimeout: TimeInterval = 120,
        proofInitialDelay: TimeInterval = 2, proofMaxDelay: TimeInterval = 10, displayNamePrefix: String = "iamvault"
    ) {
        self.lifetime = lifetime
        self.gracePeriod = max(0, gracePeriod)
        self.proofTimeout = max(0, proofTimeout)
        self.proofInitialDelay = max(0, proofInitialDelay)
        self.proofMaxDelay = max(proofInitialDelay, proofMaxDelay)
        self.displayNamePrefix = displayNamePrefix
        fault = nil
    }
}

/// The points at which a rotation can be interrupted, in order.
enum RotationCheckpoint: String, Sendable {
    /// The intent is written; Graph has not been asked for a password.
    case addPassword
    /// Graph created the password; its value is not in the vault yet.
    case commit
    /// The new version is committed; it has not been proven.
    case prove
    /// The new secret works; the old password has not been removed.
    case removeOld
}

/// A simulated failure, for tests of crash safety.
enum RotationFault: Equatable, Sendable {
    /// The process "dies" just before `checkpoint`: the rotation stops with no clean-up at all.
    case crash(before: RotationCheckpoint)
    /// Committing the new secret to the vault fails (the path that must remove the new password again).
    case failCommit
}

/// Thrown by the `crash` seam.
struct SimulatedCrash: Error, Equatable {
    let checkpoint: RotationCheckpoint
}

/// Thrown by the `failCommit` seam, in place of a real vault or audit failure.
struct SimulatedCommitFailure: Error {}
