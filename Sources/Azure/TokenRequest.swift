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
