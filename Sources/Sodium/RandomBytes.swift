internal import CSodium

/// Random bytes from libsodium's CSPRNG (`randombytes_buf`, backed by `getrandom(2)` on Linux).
///
/// For public random values (salts, nonces, identifiers). Random *secrets* come from
/// `SecretBytes.random(count:)`, which never puts them in ordinary memory.
public enum RandomBytes {
    /// `count` random bytes. libsodium is initialized before the first draw.
    public static func bytes(count: Int) -> [UInt8] {
        // sodium_init cannot fail on Linux with getrandom; if it ever did, randombytes_buf still uses its
        // own (getrandom/urandom) source, so there is no weak fallback to guard against here.
        _ = try? SodiumRuntime.ensureInitialized()
        var output = [UInt8](repeating: 0, count: count)
        output.withUnsafeMutableBytes { buffer in
            if let address = buffer.baseAddress { randombytes_buf(address, buffer.count) }
        }
        return output
    }
}
