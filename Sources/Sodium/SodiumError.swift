/// A failure reported by the libsodium layer.
///
/// Raw libsodium return codes never leave this module: each call site maps its result to one of these
/// cases. "The data is not authentic" (`authenticationFailed`) and "the input was malformed"
/// (`invalidLength`, `invalidParameter`) are deliberately different errors, so callers can tell a wrong key
/// or a tampered record apart from a programming or parsing mistake.
public struct SodiumError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, without any secret material.
    public enum Kind: Equatable, Sendable {
        /// `sodium_init` failed: the library cannot be used (no entropy source, for example).
        case initializationFailed
        /// `sodium_malloc` returned no memory.
        case allocationFailed(byteCount: Int)
        /// `sodium_mlock` failed: the secret would be swappable, so it is refused (raise `ulimit -l`).
        case memoryLockFailed(byteCount: Int)
        /// A MAC did not verify: wrong key, or the sealed bytes were changed.
        case authenticationFailed
        /// An input had the wrong length for the primitive.
        case invalidLength(what: String, expected: String, actual: Int)
        /// A parameter was outside what libsodium accepts.
        case invalidParameter(String)
        /// A libsodium primitive failed for a reason it does not report (for Argon2id: out of memory).
        case operationFailed(String)
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .initializationFailed:
            return "libsodium could not be initialized"
        case .allocationFailed(let count):
            return "could not allocate \(count) bytes of guarded memory"
        case .memoryLockFailed(let count):
            return "could not lock \(count) bytes of memory (raise the locked-memory limit, `ulimit -l`)"
        case .authenticationFailed:
            return "the sealed data failed its integrity check"
        case .invalidLength(let what, let expected, let actual):
            return "\(what) must be \(expected) bytes, got \(actual)"
        case .invalidParameter(let message):
            return message
        case .operationFailed(let message):
            return message
        }
    }
}
