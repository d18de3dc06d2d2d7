public import Foundation
public import Sodium
import Synchronization
import Vault

/// The only way to a plaintext credential: a short-lived, noncopyable handle.
///
/// Invariants:
/// - It holds the parts it was opened for (all three unless `openHandle(parts:)` named fewer); a part it was
///   not opened for was never copied out of the vault, and reading it throws `partNotOpened`.
/// - Tenant ID, client ID and secret live in guarded memory (`SecretBytes`) and are reachable only inside a
///   closure; nothing converts them to `String` or `[UInt8]`.
/// - After `expiresAt` (a TTL of at most 10 minutes, measured on the injected clock) every access throws
///   `handleExpired`, and the material is wiped at that moment.
/// - `close()` (or dropping the handle) wipes the material at once.
/// - Its opening was recorded in the audit log, and committed, before the handle existed.
public struct CredentialHandle: ~Copyable, Sendable {
    public let account: String
    public let purpose: String
    public let version: Int
    public let expiresAt: Date
    let material: HandleMaterial
    private let time: any TimeSource

    init(account: String, purpose: String, version: Int, expiresAt: Date, material: HandleMaterial, time: any TimeSource) {
        self.account = account
        self.purpose = purpose
        self.version = version
        self.expiresAt = expiresAt
        self.material = material
        self.time = time
    }

    deinit { material.wipe() }

    /// Wipes the credential now.
    public consuming func close() {}

    /// Ends the handle and gives its guarded buffers (the parts it was opened for, in the order tenant ID,
    /// client ID, secret) to the caller without copying them (the agent sends them on its socket, then lets
    /// them go). Expired handles throw `handleExpired` as every access does. Afterwards the handle holds
    /// nothing; the buffers are wiped when the caller's last reference goes.
    public consuming func handOver() throws -> HandedOverCredential {
        guard time.now() < expiresAt else {
            material.wipe()
            throw AccountError(.handleExpired)
        }
        guard let contents = material.take() else { throw AccountError(.handleExpired) }
        return HandedOverCredential(parts: [contents.tenantID, contents.clientID, contents.secret].compactMap { $0 })
    }

    /// Reads the client secret value.
    public func withSecret<Result: ~Copyable>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        try access { try Self.opened($0.secret, .secret).bytes.withUnsafeBytes(body) }
    }

    /// Reads the Directory (tenant) ID (UTF-8).
    public func withTenantID<Result: ~Copyable>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        try access { try Self.opened($0.tenantID, .tenantID).bytes.withUnsafeBytes(body) }
    }

    /// Reads the Application (client) ID (UTF-8).
    public func withClientID<Result: ~Copyable>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        try access { try Self.opened($0.clientID, .clientID).bytes.withUnsafeBytes(body) }
    }

    private static func opened(_ part: OwnedSecret?, _ name: CredentialPart) throws -> OwnedSecret {
        guard let part else { throw AccountError(.partNotOpened(name.rawValue)) }
        return part
    }

    private func access<Result: ~Copyable>(_ body: (HandleMaterial.Contents) throws -> Result) throws -> Result {
        guard time.now() < expiresAt else {
            material.wipe()
            throw AccountError(.handleExpired)
        }
        return try material.read(body)
    }
}

/// What `CredentialHandle.handOver()` gives: the handle's own guarded buffers, now the caller's, in the order
/// tenant ID, client ID, secret, with only the parts the handle was opened for.
public struct HandedOverCredential: Sendable {
    public let parts: [OwnedSecret]
}

/// The guarded contents of a handle, in a reference so they can leave a vault transaction intact.
final class HandleMaterial: Sendable {
    final class Contents: Sendable {
        let tenantID: OwnedSecret?
        let clientID: OwnedSecret?
        let secret: OwnedSecret?

        init(tenantID: OwnedSecret?, clientID: OwnedSecret?, secret: OwnedSecret?) {
            self.tenantID = tenantID
            self.clientID = clientID
            self.secret = secret
        }
    }

    private let contents: Mutex<Contents?>

    init(_ contents: Contents) { self.contents = Mutex(contents) }

    /// Whether `wipe()` has run (for tests of the wipe-on-close promise).
    var isWiped: Bool { contents.withLock { $0 == nil } }

    /// Drops the guarded buffers; `SecretBytes` zeroes and frees them as the last reference goes.
    func wipe() { contents.withLock { $0 = nil } }

    /// The contents, leaving none behind (`CredentialHandle.handOver`).
    func take() -> Contents? { contents.withLock { current in defer { current = nil }; return current } }

    func read<Result: ~Copyable>(_ body: (Contents) throws -> Result) throws -> Result {
        guard let current = contents.withLock({ $0 }) else { throw AccountError(.handleExpired) }
        return try body(current)
    }
}
