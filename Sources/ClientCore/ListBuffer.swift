import Glibc

/// Where the client gathers a streamed `list --json` before printing it (all or nothing): one region of
/// address space reserved up front for the largest list accepted, backed by memory only where written, and
/// advised for transparent huge pages.
///
/// Why: gathering a list of 10,000 accounts (8 MB) in ordinary pages cost about 2,000 page faults, 4 ms
/// on this project's machine (`tools/bench/hugepage-fill.c`), on the path of every `list`; with huge pages
/// it is a handful (0.4 ms).
/// Without huge pages (the kernel's choice) it behaves as ordinary memory.
///
/// Guarantees: never reads or writes outside the region; a chunk that would pass `capacity` is refused before
/// anything is read; the region is unmapped when the buffer goes. It holds account metadata, never a secret.
final class ListBuffer {
    private let base: UnsafeMutableRawPointer
    let capacity: Int
    private(set) var count = 0

    /// Reserves `capacity` bytes of address space (no memory until written).
    init(capacity: Int) throws(AgentProtocolError) {
        let region = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let region, region != MAP_FAILED else { throw AgentProtocolError.system("mmap", errno) }
        _ = madvise(region, capacity, MADV_HUGEPAGE)  // advice only: ordinary pages if the kernel declines
        base = region
        self.capacity = capacity
    }

    deinit { munmap(base, capacity) }

    /// Reads exactly `length` bytes from `connection` onto the end.
    func append(reading length: Int, from connection: UnixConnection) throws(AgentProtocolError) {
        guard length <= capacity - count else { throw AgentProtocolError.tooLarge("a list over \(capacity >> 20) MiB") }
        try connection.read(into: UnsafeMutableRawBufferPointer(start: base + count, count: length))
        count += length
    }

    /// The bytes gathered so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
