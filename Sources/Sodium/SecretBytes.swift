internal import CSodium
import Synchronization

/// Secret bytes held in guarded memory: the only type in iamvault that holds keys, passphrases or secret
/// values in plaintext.
///
/// Invariants:
/// - The bytes live in a `sodium_malloc` region: guard pages on both sides, a canary, excluded from core
///   dumps, and locked into RAM with a *checked* `sodium_mlock` (creation fails rather than leave a secret
///   swappable).
/// - Outside `withUnsafeBytes` / `withUnsafeMutableBytes` the region is `sodium_mprotect_noaccess`: a stray
///   read through a dangling pointer traps instead of leaking.
/// - The value is noncopyable, so there is exactly one owner; it is wiped (`sodium_free` zeroes) when that
///   owner lets it go.
/// - There is no conversion to `String`, `[UInt8]` or `Data`, and it does not conform to
///   `CustomStringConvertible`; the only way to the bytes is a closure that sees a raw buffer.
public struct SecretBytes: ~Copyable, @unchecked Sendable {
    // @unchecked Sendable: the pointer is owned uniquely (the type is noncopyable) and every protection
    // change happens under `readers`, so handing the value to another task cannot create shared mutable access.

    private let base: UnsafeMutableRawPointer
    private let allocatedCount: Int
    /// The number of meaningful bytes (a zero-length secret is allowed; it still owns a 1-byte region).
    public let count: Int
    /// How many closures currently read the region; the first opens it, the last closes it again.
    private let readers: Mutex<Int>

    /// Allocates `count` zero bytes of guarded, locked memory.
    public init(count: Int) throws {
        try SodiumRuntime.ensureInitialized()
        guard count >= 0 else {
            throw SodiumError(.invalidParameter("a secret cannot have a negative length"))
        }
        let size = max(count, 1)
        guard let region = sodium_malloc(size) else { throw SodiumError(.allocationFailed(byteCount: size)) }
        // sodium_malloc tries mlock but ignores its failure; check it ourselves (reliability.md, R18).
        guard sodium_mlock(region, size) == 0 else {
            sodium_free(region)
            throw SodiumError(.memoryLockFailed(byteCount: size))
        }
        sodium_memzero(region, size)
        self.base = region
        self.allocatedCount = size
        self.count = count
        self.readers = Mutex(0)
        sodium_mprotect_noaccess(region)
    }

    /// Allocates `count` bytes and lets `fill` write them; if `fill` throws, the region is wiped and freed.
    public init(count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        var filled = try SecretBytes(count: count)
        try filled.withUnsafeMutableBytes(fill)
        self = filled
    }

    /// Copies `bytes` into guarded memory. The caller remains responsible for wiping its own copy.
    public init(copying bytes: UnsafeRawBufferPointer) throws {
        try self.init(count: bytes.count) { destination in
            if let source = bytes.baseAddress, bytes.count > 0 {
                destination.baseAddress!.copyMemory(from: source, byteCount: bytes.count)
            }
        }
    }

    /// Copies public or test bytes into guarded memory (the array itself is left as it is).
    public init(copying bytes: [UInt8]) throws {
        var filled = try SecretBytes(count: bytes.count)
        filled.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in
                if let from = source.baseAddress, source.count > 0 {
                    destination.baseAddress!.copyMemory(from: from, byteCount: source.count)
                }
            }
        }
        self = filled
    }

    /// Copies `bytes` into guarded memory and zeroes the array's storage afterwards.
    ///
    /// Meant for values that arrive as arrays (a decoded JSON field, a test constant). Swift may have made
    /// other copies of the array before it reached here; prefer reading input straight into `SecretBytes`.
    public init(consumingAndWiping bytes: inout [UInt8]) throws {
        var filled = try SecretBytes(count: bytes.count)
        filled.withUnsafeMutableBytes { destination in
            bytes.withUnsafeMutableBytes { source in
                guard let from = source.baseAddress, source.count > 0 else { return }
                destination.baseAddress!.copyMemory(from: from, byteCount: source.count)
                sodium_memzero(from, source.count)
            }
        }
        bytes.removeAll()
        self = filled
    }

    /// `count` bytes from libsodium's CSPRNG (`randombytes_buf`).
    public static func random(count: Int) throws -> SecretBytes {
        try SecretBytes(count: count) { buffer in
            if let address = buffer.baseAddress { randombytes_buf(address, buffer.count) }
        }
    }

    deinit {
        // sodium_free checks the canary, zeroes the region, unlocks it and unmaps the guard pages.
        sodium_mprotect_readwrite(base)
        sodium_free(base)
    }

    /// Reads the bytes. The region is readable only while `body` runs; do not let the pointer escape.
    public func withUnsafeBytes<Result: ~Copyable, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        openForReading()
        defer { closeAfterReading() }
        return try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Writes the bytes. The region is writable only while `body` runs.
    public mutating func withUnsafeMutableBytes<Result: ~Copyable, Failure: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        // `mutating` gives exclusive access, so no reader can hold the region open at the same time.
        sodium_mprotect_readwrite(base)
        defer { sodium_mprotect_noaccess(base) }
        return try body(UnsafeMutableRawBufferPointer(start: base, count: count))
    }

    /// Compares two secrets in constant time (for equal lengths); never use `==` on secret bytes.
    public func constantTimeEquals(_ other: borrowing SecretBytes) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBytes { mine in
            other.withUnsafeBytes { theirs in
                guard count > 0 else { return true }
                return sodium_memcmp(mine.baseAddress!, theirs.baseAddress!, count) == 0
            }
        }
    }

    /// Copies the bytes into a new guarded region.
    public func duplicate() throws -> SecretBytes {
        try withUnsafeBytes { try SecretBytes(copying: $0) }
    }

    private func openForReading() {
        readers.withLock { depth in
            if depth == 0 { _ = sodium_mprotect_readonly(base) }
            depth += 1
        }
    }

    private func closeAfterReading() {
        readers.withLock { depth in
            depth -= 1
            if depth == 0 { _ = sodium_mprotect_noaccess(base) }
        }
    }
}
