import IAMVaultTestSupport
import Testing
@testable import Vault

@Suite("Entry IDs print as lowercase hex")
struct EntryIDTests {
    @Test func everyByteIsTwoLowercaseDigits() {
        var random = SeededGenerator(seed: 7)
        for count in [0, 1, 2, 15, 16, 17, 32, 100] {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            let expected = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            #expect(EntryID(bytes: bytes).description == expected)
        }
        #expect(EntryID(bytes: Array(0...255)).description.count == 512)
        #expect(EntryID(bytes: [0x00, 0x0f, 0xa0, 0xff]).description == "000fa0ff")
    }
}
