internal import CSodium

/// One-time initialization of libsodium.
///
/// `sodium_init` is safe to call more than once, but the result is checked only here; every entry point of
/// this module calls `SodiumRuntime.ensureInitialized()` first, so no primitive can run on an uninitialized
/// library (which would, for example, use a weak random source).
public enum SodiumRuntime {
    /// Swift initializes global constants exactly once, thread-safely.
    private static let initResult: Int32 = sodium_init()

    /// Initializes libsodium on first use; throws `initializationFailed` if it cannot be used.
    public static func ensureInitialized() throws {
        // 0: initialized now, 1: already initialized, -1: failure.
        guard initResult >= 0 else { throw SodiumError(.initializationFailed) }
    }

    /// The version string of the linked libsodium (for diagnostics).
    public static var libraryVersion: String {
        String(cString: sodium_version_string())
    }
}
