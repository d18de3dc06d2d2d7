import Testing
@testable import Sodium

@Suite("SecretBytes")
struct SecretBytesTests {
    @Test func copiesAndComparesInConstantTime() throws {
        let a = try SecretBytes(copying: [1, 2, 3])
        let b = try SecretBytes(copying: [1, 2, 3])
        let c = try SecretBytes(copying: [1, 2, 4])
        let sameBytesEqual = a.constantTimeEquals(b)
        let differentBytesEqual = a.constantTimeEquals(c)
        #expect(sameBytesEqual)
        #expect(!differentBytesEqual)
        #expect(a.count == 3)
    }

    @Test func consumingInitWipesTheSourceArray() throws {
        var source: [UInt8] = Array("hunter2".utf8)
        let secret = try SecretBytes(consumingAndWiping: &source)
        #expect(source.isEmpty)
        secret.withUnsafeBytes { #expect(String(decoding: $0, as: UTF8.self) == "hunter2") }
    }

    @Test func nestedReadsKeepTheRegionReadable() throws {
        let secret = try SecretBytes.random(count: 32)
        // A nested read must not close the region under the outer reader (it would trap).
        let outer = secret.withUnsafeBytes { outerBytes in
            let inner = secret.withUnsafeBytes { Array($0) }
            return Array(outerBytes) == inner
        }
        #expect(outer)
    }

    @Test func randomSecretsDiffer() throws {
        let first = try SecretBytes.random(count: 32)
        let second = try SecretBytes.random(count: 32)
        let equal = first.constantTimeEquals(second)
        #expect(!equal)
    }

    @Test func fillThatThrowsReleasesTheRegion() throws {
        struct Boom: Error {}
        func makeFailing() throws { _ = try SecretBytes(count: 8) { _ in throw Boom() } }
        #expect(throws: Boom.self) { try makeFailing() }
    }

    final class Holder: Sendable {
        let secret: SecretBytes
        init(_ secret: consuming SecretBytes) { self.secret = secret }
    }

    @Test func concurrentReadersDoNotTrap() async throws {
        let holder = Holder(try SecretBytes.random(count: 64))
        let expected = holder.secret.withUnsafeBytes { Array($0) }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { [expected] in
                    var ok = true
                    for _ in 0..<2_000 { ok = ok && holder.secret.withUnsafeBytes { Array($0) } == expected }
                    return ok
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
