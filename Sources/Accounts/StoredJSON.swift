import Foundation
import Vault

/// JSON for the sealed payloads of this module: sorted keys, ISO 8601 dates with milliseconds.
enum StoredJSON {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return [UInt8](try encoder.encode(value))
    }

    /// A sealed payload that opened (so it is authentic) but does not decode is an integrity problem.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], what: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw malformed(what)
        }
    }

    /// The integrity failure for a payload that opened but is not in the expected form.
    static func malformed(_ what: String) -> VaultError {
        VaultError(.integrityFailure(what: "\(what) is not in the expected form"))
    }
}
