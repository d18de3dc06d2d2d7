import Dispatch
import Glibc

/// Runs independent work over a collection on the machine's cores, in contiguous slices, and gives the
/// results back in the collection's order: the cryptography and decoding of `list` and `audit verify` are
/// per-record and independent, while the reading and the checks around them stay sequential.
///
/// Guarantees: `transform` sees every element exactly once, each slice on one thread, slices in no particular
/// order; the results are returned in slice order, so callers observe the same order as a sequential loop.
/// If any slice throws, the error of the lowest slice is rethrown (what a sequential loop would have thrown
/// first, for transforms whose failures depend only on their own slice). Small inputs stay on the caller's
/// thread. Nothing is shared between slices except what `transform` captures, which must be `Sendable`.
public enum ParallelSlices {
    /// At most this many threads (the machines this runs on have 2 to 8 cores).
    public static let maximumWorkers = 4

    /// The number of threads used for `count` elements when each slice should hold at least `minimumSlice`.
    public static func workerCount(for count: Int, minimumSlice: Int) -> Int {
        max(1, min(cores, maximumWorkers, count / max(minimumSlice, 1)))
    }

    /// The cores online, read once: glibc's `sysconf(_SC_NPROCESSORS_ONLN)` opens and reads
    /// /sys/devices/system/cpu/online at every call, and this is asked once per batch.
    private static let cores = max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)

    /// `transform` applied to contiguous slices of `elements`; its results, in order.
    public static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], minimumSlice: Int,
        _ transform: @Sendable (ArraySlice<Element>) throws -> Result
    ) throws -> [Result] {
        let workers = workerCount(for: elements.count, minimumSlice: minimumSlice)
        if workers == 1 { return [try transform(elements[...])] }
        let slots = Slots<Result>(count: workers)
        defer { slots.release() }
        let sliceSize = (elements.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = min(worker * sliceSize, elements.count)..<min((worker + 1) * sliceSize, elements.count)
            do {
                slots.results[worker] = .success(try transform(elements[range]))
            } catch {
                slots.results[worker] = .failure(error)
            }
        }
        return try slots.results.map { try $0!.get() }
    }

    /// One result per slice, each written by its own worker only.
    private struct Slots<Result>: @unchecked Sendable {
        // @unchecked Sendable: worker i writes only `results[i]`, and the caller reads only after
        // `concurrentPerform` returned, which orders every write before the read.
        let results: UnsafeMutableBufferPointer<Swift.Result<Result, any Error>?>

        init(count: Int) {
            results = .allocate(capacity: count)
            results.initialize(repeating: nil)
        }

        func release() { results.deinitialize().deallocate() }
    }
}
