import Foundation
import IAMVaultTestSupport
import Sodium
import Testing
import Vault

/// Replays the committed inputs of fuzz-vault-record that belong to this module (the sealed envelope, an
/// entry's plaintext layout, the vault metadata) through the same public decoders.
@Suite("Fuzz corpus replay: sealed envelopes, entry layout, vault metadata")
struct FuzzCorpusReplayTests {
    static let inputs = FuzzCorpus.inputs("fuzz-vault-record").filter { [0, 1, 2].contains($0.bytes.first.map { $0 % 5 }) }

    @Test func theCorpusCoversEachDecoder() {
        #expect(Set(Self.inputs.map { $0.bytes[0] % 5 }) == [0, 1, 2])
    }

    @Test(arguments: inputs)
    func record(_ input: FuzzInput) throws {
        let record = Array(input.bytes.dropFirst())
        switch input.bytes[0] % 5 {
        case 0:
            let key = try SecretBytes(copying: [UInt8](repeating: 0x5A, count: SecretBox.keyByteCount))
            #expect(throws: SodiumError.self) { _ = try SecretBox.open(record, key: key) }
        case 1:
            let (name, payload) = try #require(EntryPlaintext.decode(record))
            #expect(EntryPlaintext.encode(name: name, payload: payload) == record)
        default:
            let metadata = try VaultMetadata.decode(record)
            #expect(try VaultMetadata.decode(try metadata.encoded()) == metadata)
        }
    }

    @Test(arguments: [[], [0, 0, 0], [0, 0, 0, 5, 0x61], [0, 0, 0, 1, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF]] as [[UInt8]])
    func aMalformedEntryLayoutIsNil(bytes: [UInt8]) {
        #expect(EntryPlaintext.decode(bytes) == nil)
    }
}
