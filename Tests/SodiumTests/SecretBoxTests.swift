import Testing
@testable import Sodium

@Suite("SecretBox")
struct SecretBoxTests {
    // NaCl / libsodium known answer (reliability.md V1; libsodium test/default/secretbox.c).
    static let key = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389")
    static let nonce = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37")
    static let plaintext = hex("be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705")
    static let expected = hex("f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5")

    func keyBytes() throws -> SecretBytes {
        var copy = Self.key
        return try SecretBytes(consumingAndWiping: &copy)
    }

    @Test func knownAnswer() throws {
        let key = try keyBytes()
        let sealed = try Self.plaintext.withUnsafeBytes { try SecretBox.seal($0, key: key, nonce: Self.nonce) }
        #expect(Array(sealed.prefix(24)) == Self.nonce)
        #expect(Array(sealed.dropFirst(24)) == Self.expected)
        let opened = try SecretBox.open(sealed, key: key)
        opened.withUnsafeBytes { #expect(Array($0) == Self.plaintext) }
    }

    @Test func roundTripUsesFreshNonces() throws {
        let key = try SecretBytes.random(count: SecretBox.keyByteCount)
        let message: [UInt8] = Array("client secret value".utf8)
        let first = try message.withUnsafeBytes { try SecretBox.seal($0, key: key) }
        let second = try message.withUnsafeBytes { try SecretBox.seal($0, key: key) }
        #expect(first != second)
        #expect(first.count == message.count + SecretBox.overheadByteCount)
        for sealed in [first, second] {
            let opened = try SecretBox.open(sealed, key: key)
            opened.withUnsafeBytes { #expect(Array($0) == message) }
        }
    }

    @Test func emptyMessageRoundTrips() throws {
        let key = try SecretBytes.random(count: 32)
        let sealed = try [UInt8]().withUnsafeBytes { try SecretBox.seal($0, key: key) }
        let opened = try SecretBox.open(sealed, key: key)
        #expect(opened.count == 0)
    }

    @Test func everySingleByteFlipFailsAuthentication() throws {
        let key = try keyBytes()
        let sealed = try Self.plaintext.withUnsafeBytes { try SecretBox.seal($0, key: key, nonce: Self.nonce) }
        for index in sealed.indices {
            var damaged = sealed
            damaged[index] ^= 0x01
            #expect(throws: SodiumError(.authenticationFailed)) { _ = try SecretBox.open(damaged, key: key) }
        }
    }

    @Test func wrongKeyFailsAuthentication() throws {
        let key = try keyBytes()
        let other = try SecretBytes.random(count: 32)
        let sealed = try Self.plaintext.withUnsafeBytes { try SecretBox.seal($0, key: key) }
        #expect(throws: SodiumError(.authenticationFailed)) { _ = try SecretBox.open(sealed, key: other) }
    }

    @Test func truncatedBoxIsMalformedNotUnauthentic() throws {
        let key = try keyBytes()
        #expect(throws: SodiumError(.invalidLength(what: "a sealed box", expected: "at least 40", actual: 39))) {
            _ = try SecretBox.open([UInt8](repeating: 0, count: 39), key: key)
        }
    }

    @Test func wrongKeyLengthIsRejected() throws {
        let shortKey = try SecretBytes.random(count: 16)
        #expect(throws: SodiumError.self) { _ = try [1, 2, 3].withUnsafeBytes { try SecretBox.seal($0, key: shortKey) } }
    }
}
