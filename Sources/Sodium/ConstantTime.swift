internal import CSodium

/// Comparison of public tags (MACs, fingerprints, checksums) that does not leak, through timing, how many
/// leading bytes matched.
public enum ConstantTime {
    /// True when both arrays have the same length and bytes (`sodium_memcmp`).
    public static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard !lhs.isEmpty else { return true }
        return lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in sodium_memcmp(a.baseAddress!, b.baseAddress!, lhs.count) == 0 } }
    }

    /// Zeroes `bytes` in a way the optimizer cannot remove (`sodium_memzero`).
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
        }
    }
}
