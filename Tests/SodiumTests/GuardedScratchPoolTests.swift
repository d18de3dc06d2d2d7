import Testing
@testable import Sodium

@Suite("Guarded scratch regions are reused, and hold nothing between operations")
struct GuardedScratchPoolTests {
    @Test func aRegionIsZeroedBeforeItIsReused() throws {
        let pool = GuardedScratchPool(regionByteCount: 64)
        let address = try pool.withRegion { region -> UInt in
            region.copyBytes(from: [UInt8](repeating: 0xA5, count: 64))
            return UInt(bitPattern: region.baseAddress)
        }
        let (again, seen) = try pool.withRegion { region in (UInt(bitPattern: region.baseAddress), Array(region)) }
        #expect(again == address, "the idle region was not reused")
        #expect(seen == [UInt8](repeating: 0, count: 64))
    }

    @Test func aRegionIsZeroedAndReturnedWhenTheOperationThrows() throws {
        struct Failure: Error {}
        let pool = GuardedScratchPool(regionByteCount: 32)
        #expect(throws: Failure.self) {
            try pool.withRegion { region in
                region.copyBytes(from: [UInt8](repeating: 0x5A, count: 32))
                throw Failure()
            }
        }
        #expect(pool.idleCount == 1)
        #expect(try pool.withRegion { Array($0) } == [UInt8](repeating: 0, count: 32))
    }

    @Test func nestedOperationsGetTheirOwnRegionsAndAtMostKeptCountStayIdle() throws {
        let pool = GuardedScratchPool(regionByteCount: 16, keptCount: 2)
        func nest(_ depth: Int, _ seen: [UInt]) throws -> [UInt] {
            guard depth > 0 else { return seen }
            return try pool.withRegion { try nest(depth - 1, seen + [UInt(bitPattern: $0.baseAddress)]) }
        }
        let addresses = try nest(3, [])
        #expect(Set(addresses).count == 3)
        #expect(pool.idleCount == 2)
    }
}
