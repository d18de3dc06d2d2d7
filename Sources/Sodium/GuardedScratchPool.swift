internal import CSodium
import Synchronization

/// A few guarded regions (`SecretBytes`) kept for short-lived derived keys and working copies, so that an
/// operation does not pay a new `sodium_malloc` for each (on this project's machines about 25 µs apiece:
/// `mmap`, guard pages, `mlock`, and the reverse; a single `read` used to make fourteen).
///
/// Invariants:
/// - Every region is a `SecretBytes`: guard pages, canary, locked, excluded from core dumps, and
///   `noaccess` whenever no operation holds it.
/// - A region is held by one operation at a time (checked out under a lock, never shared), and is zeroed
///   before it goes back to the pool, also when the operation throws: between operations it holds nothing.
/// - At most `keptCount` idle regions are kept; they are freed (and so wiped again) with the pool.
public final class GuardedScratchPool: Sendable {
    public let regionByteCount: Int
    private let keptCount: Int
    private let idle: Mutex<[Region]>

    /// A pool of regions of `regionByteCount` bytes that keeps at most `keptCount` idle.
    public init(regionByteCount: Int, keptCount: Int = 4) {
        self.regionByteCount = regionByteCount
        self.keptCount = keptCount
        self.idle = Mutex([])
    }

    /// How many idle regions the pool holds (for tests).
    package var idleCount: Int { idle.withLock { $0.count } }

    /// Runs `body` with a region held writable for the whole call, and zeroes it afterwards. Package access:
    /// the raw pointer must not leave the call, and only this package's key code may hold one.
    package func withRegion<T: ~Copyable>(_ body: (UnsafeMutableRawBufferPointer) throws -> T) throws -> T {
        let region = try idle.withLock { $0.popLast() } ?? Region(byteCount: regionByteCount)
        defer { idle.withLock { if $0.count < keptCount { $0.append(region) } } }
        return try region.bytes.withUnsafeMutableBytes { buffer in
            defer { if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) } }
            return try body(buffer)
        }
    }

    /// One guarded region, in a reference so the pool can keep it in an array.
    private final class Region: @unchecked Sendable {
        // @unchecked Sendable: a region is reachable from one operation at a time (popped under the pool's
        // lock before use, pushed back only after).
        var bytes: SecretBytes

        init(byteCount: Int) throws { bytes = try SecretBytes(count: byteCount) }
    }
}
