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
            // Refused (a regression input) or accepted, and then it writes back to the same value.
            guard let metadata = try? VaultMetadata.decode(record) else {
                #expect(throws: VaultError.self) { _ = try VaultMetadata.decode(record) }
                return
            }
            #expect(try VaultMetadata.decode(try metadata.encoded()) == metadata)
        }
    }

    /// fuzz-vault-record, found in a CI run: Foundation's ISO 8601 reader took `14:5:2.1Z`, whose fraction
    /// `encoded()` drops, so the metadata changed when written back. Only the canonical form is read now.
    @Test(arguments: ["2026-11-19T14:5:2.1Z", "2026-11-19T14:05:02.100Z", "2026-02-30T00:00:00Z", "2026-11-19 14:05:02Z", "2026-11-19T14:05:02+01:00"])
    func aNonCanonicalDateInTheVaultMetadataIsRefused(date: String) throws {
        let text = #"{"createdAt":"\#(date)","extensions":{},"formatVersion":1,"vaultID":"5f2b8cc2d3e4f5a6b"}"#
        #expect(throws: VaultError.self) { _ = try VaultMetadata.decode(Array(text.utf8)) }
        let canonical = #"{"createdAt":"2026-11-19T14:05:02Z","extensions":{},"formatVersion":1,"vaultID":"5f2b8cc2d3e4f5a6b"}"#
        let metadata = try VaultMetadata.decode(Array(canonical.utf8))
        #expect(try metadata.encoded() == Array(canonical.utf8))
    }

    @Test(arguments: [[], [0, 0, 0], [0, 0, 0, 5, 0x61], [0, 0, 0, 1, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF]] as [[UInt8]])
    func aMalformedEntryLayoutIsNil(bytes: [UInt8]) {
        #expect(EntryPlaintext.decode(bytes) == nil)
    }
}
