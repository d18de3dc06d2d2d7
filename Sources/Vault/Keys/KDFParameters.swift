import Sodium

/// Argon2id cost parameters for a passphrase key slot.
///
/// Invariants: a value of this type is always within policy. New slots use at least the floor
/// (libsodium's INTERACTIVE: 2 passes, 64 MiB) and at most `maximumMemLimitBytes`; stored slots are
/// checked against the same bounds *before* any memory is allocated, so a tampered slot cannot make
/// unlock allocate gigabytes or run with trivially cheap parameters.
public struct KDFParameters: Equatable, Sendable, CustomStringConvertible {
    public let opsLimit: UInt64
    public let memLimitBytes: UInt64

    /// The default for new vaults: libsodium's MODERATE (3 passes, 256 MiB).
    public static let moderate = KDFParameters(unchecked: Argon2id.moderateOpsLimit, Argon2id.moderateMemLimit)
    /// The floor: libsodium's INTERACTIVE (2 passes, 64 MiB). Tests and benchmarks choose it explicitly.
    public static let interactive = KDFParameters(unchecked: Argon2id.interactiveOpsLimit, Argon2id.interactiveMemLimit)

    public static let minimumOpsLimit = Argon2id.interactiveOpsLimit
    public static let minimumMemLimitBytes = Argon2id.interactiveMemLimit
    public static let maximumOpsLimit: UInt64 = 32
    public static let maximumMemLimitBytes: UInt64 = 4 << 30

    private init(unchecked opsLimit: UInt64, _ memLimitBytes: UInt64) {
        self.opsLimit = opsLimit
        self.memLimitBytes = memLimitBytes
    }

    /// Parameters asked for by a user; refuses anything below the floor or above the ceiling, with the reason.
    public init(opsLimit: UInt64, memLimitBytes: UInt64) throws {
        if let reason = Self.violation(opsLimit: opsLimit, memLimitBytes: memLimitBytes) {
            throw VaultError(.kdfParametersRejected(reason: reason))
        }
        self.init(unchecked: opsLimit, memLimitBytes)
    }

    /// Parameters read from a stored key slot; out-of-bounds values mean the slot is damaged or hostile.
    static func stored(opsLimit: UInt64, memLimitBytes: UInt64, slot: String) throws -> KDFParameters {
        if let reason = violation(opsLimit: opsLimit, memLimitBytes: memLimitBytes) {
            throw VaultError(.damagedKeySlot(slot: slot, reason: "implausible Argon2id parameters (\(reason))"))
        }
        return KDFParameters(unchecked: opsLimit, memLimitBytes)
    }

    private static func violation(opsLimit: UInt64, memLimitBytes: UInt64) -> String? {
        if opsLimit < minimumOpsLimit {
            return "\(opsLimit) passes is below the minimum of \(minimumOpsLimit)"
        }
        if opsLimit > maximumOpsLimit {
            return "\(opsLimit) passes is above the maximum of \(maximumOpsLimit)"
        }
        if memLimitBytes < minimumMemLimitBytes {
            return "\(memLimitBytes / 1_048_576) MiB is below the minimum of \(minimumMemLimitBytes / 1_048_576) MiB"
        }
        if memLimitBytes > maximumMemLimitBytes {
            return "\(memLimitBytes / 1_048_576) MiB is above the maximum of \(maximumMemLimitBytes / 1_048_576) MiB"
        }
        if memLimitBytes % 1024 != 0 {
            return "memory must be a whole number of KiB"
        }
        return nil
    }

    public var description: String { "Argon2id, \(opsLimit) passes, \(memLimitBytes / 1_048_576) MiB" }
}
