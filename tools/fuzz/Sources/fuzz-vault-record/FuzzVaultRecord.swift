import Accounts
import Foundation
import FuzzSupport
import Sodium
import Vault

@_cdecl("fuzz_vault_record_main")
public func fuzzVaultRecordMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzVaultRecord)
}

/// What a vault reads back from disk. The first byte picks the decoder, the rest is the record:
/// 0 the sealed envelope (`SecretBox.open`, nonce || MAC || ciphertext), 1 an entry's plaintext layout
/// (`EntryPlaintext`), 2 the vault metadata, 3 an account payload, 4 a secret version's metadata.
///
/// Properties: nothing traps; the envelope never opens under a key it was not sealed with and refuses with
/// a `SodiumError`; a decoded record re-encodes to bytes that decode to the same value (the same bytes for
/// the entry layout); a refused record is a `VaultError` (integrity failure), never another error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVaultRecord(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    guard let first = bytes.first else { return 0 }
    let record = Array(bytes.dropFirst())
    switch first % 5 {
    case 0: checkEnvelope(record)
    case 1: checkEntryPlaintext(record)
    case 2: checkRoundTrip(record, decode: VaultMetadata.decode, encode: { try $0.encoded() })
    case 3: checkRoundTrip(record, decode: { try Account(storedPayload: $0, name: "Contoso-Prod") }, encode: { try $0.storedPayload() })
    default: checkRoundTrip(record, decode: { try SecretVersionInfo(storedMetadata: $0, version: 1) }, encode: { try $0.storedMetadata() })
    }
    return 0
}

/// A fixed key: the fuzzer cannot know it, so no input may open.
let envelopeKey = try! SecretBytes(copying: [UInt8](repeating: 0x5A, count: SecretBox.keyByteCount))

func checkEnvelope(_ sealed: [UInt8]) {
    do {
        _ = try SecretBox.open(sealed, key: envelopeKey)
        require(false, "a forged envelope opened")
    } catch {
        require(error is SodiumError, "an envelope refused with \(type(of: error))")
    }
}

func checkEntryPlaintext(_ record: [UInt8]) {
    guard let (name, payload) = EntryPlaintext.decode(record) else { return }
    require(EntryPlaintext.encode(name: name, payload: payload) == record, "an entry layout that does not write back its bytes")
}

func checkRoundTrip<Value: Equatable>(_ record: [UInt8], decode: ([UInt8]) throws -> Value, encode: (Value) throws -> [UInt8]) {
    let value: Value
    do {
        value = try decode(record)
    } catch {
        require(error is VaultError, "a record refused with \(type(of: error)), not VaultError")
        return
    }
    guard let encoded = try? encode(value) else {
        require(false, "a decoded \(Value.self) does not encode")
        return
    }
    guard let again = try? decode(encoded) else {
        require(false, "a \(Value.self) does not decode from its own encoding")
        return
    }
    require(again == value, "a \(Value.self) changes when it is written back")
}
