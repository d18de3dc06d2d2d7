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
    private static func workerCount(for count: Int, minimumSlice: Int) -> Int {
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
        DispatchQueue.concurrentPerform(iterations: workers) { slice in slots.run(slice, of: elements, transform) }
        return try slots.values()
    }

    /// `map`, while `alongside` runs at the same time: the caller can read the next batch while this one is
    /// worked on, instead of leaving the other cores idle during the read. The batch is cut in more slices than
    /// there are cores (up to `maximumSlices`), handed out to the threads as they come free, so that the thread
    /// that ran `alongside` takes its share once done and no core waits long at the end.
    ///
    /// Guarantees: as `map`; `alongside` runs exactly once, first, on one of the threads (not necessarily the
    /// caller's: it must not depend on the thread, only on nothing else using what it touches meanwhile), and
    /// this returns only after everything has finished, also when something throws. If a slice throws, the
    /// lowest slice's error is rethrown, before any error of `alongside` (the order of a loop that worked on
    /// this batch, then read).
    public static func map<Element: Sendable, Result: Sendable, Side>(
        _ elements: [Element], minimumSlice: Int, alongside: () throws -> Side,
        _ transform: @Sendable (ArraySlice<Element>) throws -> Result
    ) throws -> (results: [Result], alongside: Side) {
        let sliceCount = max(1, min(maximumSlices, elements.count / max(minimumSlice, 1)))
        let slots = Slots<Result>(count: sliceCount)
        defer { slots.release() }
        var side: Swift.Result<Side, any Error>?
        withoutActuallyEscaping(alongside) { alongside in
            let sideSlot = UncheckedBox(alongside)
            let sideResult = UncheckedBox<Swift.Result<Side, any Error>?>(nil)
            // Iterations are handed out in index order: the first thread free takes the side task.
            DispatchQueue.concurrentPerform(iterations: sliceCount + 1) { iteration in
                if iteration == 0 {
                    sideResult.value = Swift.Result { try sideSlot.value() }
                    return
                }
                slots.run(iteration - 1, of: elements, transform)
            }
            side = sideResult.value
        }
        let results = try slots.values()
        return (results, try side!.get())
    }

    /// At most this many slices per batch in `map(_:minimumSlice:alongside:_:)`.
    public static let maximumSlices = 8

    /// A value handed to one iteration of `concurrentPerform` and read back after it returned.
    private final class UncheckedBox<Value>: @unchecked Sendable {
        // @unchecked Sendable: only iteration 0 touches `value` while `concurrentPerform` runs; the caller
        // reads it after `concurrentPerform` returned, which orders the write before the read.
        var value: Value
        init(_ value: Value) { self.value = value }
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

        /// Slice `slice` of `elements` cut in `results.count` contiguous slices, transformed into its slot.
        func run<Element>(_ slice: Int, of elements: [Element], _ transform: (ArraySlice<Element>) throws -> Result) {
            let size = (elements.count + results.count - 1) / results.count
            let range = min(slice * size, elements.count)..<min((slice + 1) * size, elements.count)
            results[slice] = Swift.Result { try transform(elements[range]) }
        }

        /// The results in slice order, or the lowest slice's error.
        func values() throws -> [Result] { try results.map { try $0!.get() } }

        func release() { results.deinitialize().deallocate() }
    }
}
