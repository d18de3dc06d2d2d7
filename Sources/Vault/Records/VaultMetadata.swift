public import Foundation

/// The vault's own sealed metadata (JSON, sealed as purpose `vault-metadata` with the vault id as owner).
///
/// Opening it is also the key check: a key slot that unwraps to a key of another vault fails here.
/// Layers above may keep small sealed state here (the audit chain head) through `extensions`.
public struct VaultMetadata: Codable, Equatable, Sendable {
    public var formatVersion: Int
    public var vaultID: String
    public var createdAt: Date
    public var rekeyedAt: Date?
    /// Named values kept by other modules (for example the audit chain head), sealed with the rest.
    public var extensions: [String: String]

    public init(formatVersion: Int, vaultID: String, createdAt: Date, rekeyedAt: Date? = nil, extensions: [String: String] = [:]) {
        self.formatVersion = formatVersion
        self.vaultID = vaultID
        self.createdAt = createdAt
        self.rekeyedAt = rekeyedAt
        self.extensions = extensions
    }

    /// The plaintext that is sealed: JSON with sorted keys and ISO 8601 dates, as `JSONEncoder` writes it
    /// (written by hand when it can be, `canonicalJSON`).
    public func encoded() throws -> [UInt8] {
        if let bytes = canonicalJSON { return bytes }
        return try foundationJSON()
    }

    /// `JSONEncoder`'s form of `encoded()` (also what `VaultMetadataJSONTests` compares the hand-written one to).
    func foundationJSON() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return [UInt8](try encoder.encode(self))
    }

    /// Whether `decode(encoded())` gives this value back exactly: true when its dates are whole seconds from
    /// 1970 to 9999 (ISO 8601 as `encoded()` writes them keeps whole seconds only); strings and numbers always
    /// read back as written. `MetadataMemoTests` checks both cases against a fresh decode.
    var readsBackUnchanged: Bool {
        [createdAt, rekeyedAt].allSatisfy { date in
            guard let seconds = date?.timeIntervalSince1970 else { return true }
            return seconds == seconds.rounded() && seconds >= 0 && seconds < 253_402_300_800
        }
    }

    /// Reads the plaintext after the metadata opened; anything else than `encoded()`'s form is an
    /// `integrityFailure`, never a trap. Dates must be exactly as `encoded()` writes them
    /// (`2026-11-19T14:05:02Z`): Foundation's ISO 8601 reader also takes `14:5:2.1Z`, which would not write
    /// back to the same value (found by fuzz-vault-record).
    public static func decode(_ bytes: [UInt8]) throws -> VaultMetadata {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            let style = Date.ISO8601FormatStyle()
            guard let date = try? style.parse(text), style.format(date) == text else {
                throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not a canonical date"))
            }
            return date
        }
        do {
            return try decoder.decode(VaultMetadata.self, from: Data(bytes))
        } catch {
            throw VaultError(.integrityFailure(what: "the vault metadata is not in the expected form"))
        }
    }
}
