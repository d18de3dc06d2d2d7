import Accounts
import Foundation

/// A client-credentials token request, ready to send: the body was built from the handle's guarded memory
/// inside `withSecret`, and the handle can be closed before the network is touched.
///
/// The body (`client_id`, `scope`, `grant_type=client_credentials`, `client_secret`, form-urlencoded as
/// azure-spec.md §1.1) necessarily exists as `Data` while it is sent. It lives in a `WipedData` buffer that
/// is zeroed when the last reference to it is released; copies made by URLSession/libcurl while sending are
/// beyond our reach (best effort, documented in docs/azure-setup.md).
struct TokenRequest: Sendable {
    let url: URL
    let body: Data
    /// The `resource` the token is for (the scope without `/.default`).
    let resource: String
    let tenantID: String
    let clientID: String

    init(handle: borrowing CredentialHandle, endpoints: AzureEndpoints, resource: String) throws {
        let tenant = try handle.withTenantID { String(decoding: $0, as: UTF8.self) }
        let client = try handle.withClientID { String(decoding: $0, as: UTF8.self) }
        let scope = Self.scope(for: resource)
        let prefix = Array(("client_id=\(FormEncoding.encode(client))&scope=\(FormEncoding.encode(scope))"
                            + "&grant_type=client_credentials&client_secret=").utf8)
        body = try handle.withSecret { secret in
            WipedData.make(count: prefix.count + FormEncoding.encodedCount(secret)) { output in
                output.copyBytes(from: prefix)
                FormEncoding.encode(secret, into: UnsafeMutableRawBufferPointer(rebasing: output[prefix.count...]))
            }
        }
        url = endpoints.tokenURL(tenant: tenant)
        self.resource = resource
        tenantID = tenant
        clientID = client
    }

    /// The v2.0 scope of a resource: `{resource}/.default` — the inverse of what azure-identity does when it
    /// turns a scope into a managed-identity `resource` (it strips `/.default`), so a resource ending in `/`
    /// (`https://management.core.windows.net/`) keeps its double slash, as Entra expects.
    static func scope(for resource: String) -> String {
        resource.hasSuffix("/.default") ? resource : resource + "/.default"
    }
}

/// `application/x-www-form-urlencoded` encoding: RFC 3986 unreserved characters stay, every other byte is
/// `%XX` (secrets may hold `~ . - _` and, in old ones, `+ = : @ [ ] ? *`).
enum FormEncoding {
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func encodedCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        bytes.reduce(0) { $0 + (isUnreserved($1) ? 1 : 3) }
    }

    /// Writes the encoding of `bytes` into `output`, which holds exactly `encodedCount(bytes)` bytes.
    static func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        let hex = Array("0123456789ABCDEF".utf8)
        var index = output.startIndex
        for byte in bytes where index < output.endIndex {
            if isUnreserved(byte) {
                output[index] = byte
                index += 1
            } else if index + 2 < output.endIndex {
                output[index] = UInt8(ascii: "%")
                output[index + 1] = hex[Int(byte >> 4)]
                output[index + 2] = hex[Int(byte & 0x0F)]
                index += 3
            } else {
                return
            }
        }
    }

    /// Encodes public text (identifiers, scopes, query values).
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if isUnreserved(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
