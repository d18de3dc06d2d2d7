import Glibc
import Synchronization
import Testing
@testable import Vault

/// `ParallelSlices.map(_:minimumSlice:alongside:_:)`, which lets `list` read the next batch while the cores
/// open this one: results in order, the side task run once, errors in a sequential loop's order.
@Suite("Parallel slices with a task alongside")
struct ParallelSlicesTests {
    @Test(arguments: [0, 1, 5, 1000, 4097])
    func resultsComeInOrderAndTheSideTaskRunsOnce(count: Int) throws {
        let sideRuns = Mutex(0)
        let (results, side) = try ParallelSlices.map(Array(0..<count), minimumSlice: 64, alongside: { () -> String in
            sideRuns.withLock { $0 += 1 }
            return "read"
        }) { slice in slice.map { $0 * 2 } }
        #expect(results.joined().elementsEqual((0..<count).map { $0 * 2 }))
        #expect(results.count == max(1, min(ParallelSlices.maximumSlices, count / 64)))
        #expect(side == "read")
        #expect(sideRuns.withLock { $0 } == 1)
    }

    private struct Failure: Error, Equatable { let where_: String }

    @Test func aSliceErrorWinsOverTheSideTasksAndTheLowestSliceWins() {
        #expect(throws: Failure(where_: "slice 0")) {
            _ = try ParallelSlices.map(Array(0..<1000), minimumSlice: 10, alongside: { throw Failure(where_: "side") }) { slice in
                if slice.contains(0) { throw Failure(where_: "slice 0") }
                if slice.contains(999) { throw Failure(where_: "last slice") }
                return slice.count
            }
        }
        #expect(throws: Failure(where_: "side")) {
            _ = try ParallelSlices.map(Array(0..<1000), minimumSlice: 10, alongside: { throw Failure(where_: "side") }) { $0.count }
        }
    }

    /// The call returns only when every slice is done, also when the side task throws at once: no slice may
    /// run on after it (they borrow the caller's closure and elements).
    @Test func everySliceIsFinishedBeforeItReturnsEvenWhenTheSideTaskThrows() {
        let finished = Mutex(0)
        #expect(throws: Failure.self) {
            _ = try ParallelSlices.map(Array(0..<1000), minimumSlice: 10, alongside: { throw Failure(where_: "side") }) { slice in
                usleep(20_000)
                finished.withLock { $0 += 1 }
                return slice.count
            }
        }
        #expect(finished.withLock { $0 } == ParallelSlices.maximumSlices)
    }
}
