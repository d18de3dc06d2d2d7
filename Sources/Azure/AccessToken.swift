public import Foundation
import Sodium

/// An access token obtained from Entra ID, held in guarded memory (`SecretBytes`) and readable only inside
/// a closure, like a client secret.
///
/// Invariants: the value is never part of a description, an error, a log line or an audit entry
/// (`description` shows only the expiry); it is wiped when the last reference goes away. Two unavoidable
/// exceptions are documented where they happen: the `Authorization` header of a Graph request is a `String`
/// while it is sent, and the token broker's answer is a `WipedData` buffer while it is written.
public final class AccessToken: Sendable, CustomStringConvertible {
    private let value: SecretBytes
    /// When Entra says the token expires (`expires_in` counted from when it was received).
    public let expiresOn: Date
    /// The resource (audience) it was requested for, e.g. `https://graph.microsoft.com`.
    public let resource: String

    init(value: consuming SecretBytes, expiresOn: Date, resource: String) {
        self.value = value
        self.expiresOn = expiresOn
        self.resource = resource
    }

    /// Reads the token's bytes (ASCII). Do not let the pointer escape.
    public func withValue<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try value.withUnsafeBytes(body)
    }

    /// The claims in the token's payload, decoded for diagnostics only (no signature check).
    public func claims() throws(AzureError) -> AccessTokenClaims {
        try value.withUnsafeBytes { (bytes) throws(AzureError) -> AccessTokenClaims in try AccessTokenClaims.decode(bytes) }
    }

    public var description: String { "<access token for \(resource), expires \(ISO8601DateFormatter().string(from: expiresOn))>" }

    /// `Bearer <token>` for a Graph request. The header must be a `String` for URLSession; it lives only for
    /// the duration of the request.
    func authorizationHeader() -> String {
        value.withUnsafeBytes { "Bearer " + String(decoding: $0, as: UTF8.self) }
    }
}
