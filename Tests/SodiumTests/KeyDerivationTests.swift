import Testing
@testable import Sodium

@Suite("crypto_kdf and BLAKE2b")
struct KeyDerivationTests {
    func master() throws -> SecretBytes {
        var bytes = (0..<32).map { UInt8($0) }
        return try SecretBytes(consumingAndWiping: &bytes)
    }

    // libsodium test/default/kdf.c (reliability.md V5).
    @Test(arguments: [
        (UInt64(0), 64, "a0c724404728c8bb95e5433eb6a9716171144d61efb23e74b873fcbeda51d8071b5d70aae12066dfc94ce943f145aa176c055040c3dd73b0a15e36254d450614"),
        (UInt64(16), 16, "a529216624ef9161e4cf117272aafff2"),
        (UInt64(32), 32, "154b291f11196737f8b7f491e4ca11764e0227d34f94295408a869f007aa8618"),
    ])
    func knownAnswers(id: UInt64, length: Int, expected: String) throws {
        let subkey = try KeyDerivation.deriveSubkey(byteCount: length, id: id, context: "KDF test", from: try master())
        subkey.withUnsafeBytes { #expect(hexString(Array($0)) == expected) }
    }

    @Test(arguments: [15, 65])
    func lengthsOutsideBoundsFail(length: Int) throws {
        #expect(throws: SodiumError.self) {
            _ = try KeyDerivation.deriveSubkey(byteCount: length, id: 0, context: "KDF test", from: try master())
        }
    }

    @Test func contextMustBeEightBytes() throws {
        #expect(throws: SodiumError.self) {
            _ = try KeyDerivation.deriveSubkey(byteCount: 32, id: 0, context: "short", from: try master())
        }
    }

    // BLAKE2b-256 of the empty string (RFC 7693 family, also Python's hashlib.blake2b(digest_size=32)).
    @Test func unkeyedHashKnownAnswer() throws {
        #expect(hexString(try GenericHash.hash([])) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")
    }

    @Test func keyedHashDependsOnKeyAndMessage() throws {
        let key = try master()
        let other = try SecretBytes.random(count: 32)
        let tag = try GenericHash.keyedHash(Array("abc".utf8), key: key)
        #expect(tag != (try GenericHash.keyedHash(Array("abd".utf8), key: key)))
        #expect(tag != (try GenericHash.keyedHash(Array("abc".utf8), key: other)))
        #expect(tag == (try GenericHash.keyedHash(Array("abc".utf8), key: key)))
        var secretCopy = Array("abc".utf8)
        let secretMessage = try SecretBytes(consumingAndWiping: &secretCopy)
        #expect(secretCopy.isEmpty)
        #expect(tag == (try GenericHash.keyedHash(of: secretMessage, key: key)))
    }
}
