/// `VaultMetadata.encoded()` without Foundation's encoder: the audit chain head lives in the vault metadata, so
/// every audited operation (each `read`) re-encodes it, and `JSONEncoder` cost 95 k of the agent's 606 k
/// instructions per read (docs/performance.md).
///
/// Guarantees: when it answers, the bytes are exactly `JSONEncoder`'s with `.sortedKeys` and `.iso8601` (keys in
/// byte order, strings as `JSONStringWriter` writes them; `VaultMetadataJSONTests` compares the two on thousands
/// of values). It answers nil, and `encoded()` asks Foundation, when an extension key is not ASCII (Foundation's
/// order for other keys need not be byte order).
extension VaultMetadata {
    var canonicalJSON: [UInt8]? {
        guard extensions.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(160 + extensions.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        out.append(contentsOf: #"{"createdAt":"#.utf8)
        ISO8601Text.withQuoted(createdAt) { out.append(contentsOf: $0) }
        out.append(contentsOf: #","extensions":{"#.utf8)
        // ASCII keys: byte order is Foundation's order (`Array` compares UTF-8 bytes lexicographically).
        for (index, key) in extensions.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONStringWriter.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONStringWriter.appendQuoted(extensions[key]!, to: &out)
        }
        out.append(contentsOf: #"},"formatVersion":"#.utf8)
        out.append(contentsOf: String(formatVersion).utf8)
        if let rekeyedAt {
            out.append(contentsOf: #","rekeyedAt":"#.utf8)
            ISO8601Text.withQuoted(rekeyedAt) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: #","vaultID":"#.utf8)
        JSONStringWriter.appendQuoted(vaultID, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
