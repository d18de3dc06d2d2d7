package import Sodium

/// A derived key in guarded memory behind a reference, so it can be cached (`VaultKeys.auditEntryKey`) and
/// shared by the operations that use it. The bytes are wiped when the last reference goes (`SecretBytes`).
package final class SharedKey: Sendable {
    package let bytes: SecretBytes

    package init(_ bytes: consuming SecretBytes) { self.bytes = bytes }
}
