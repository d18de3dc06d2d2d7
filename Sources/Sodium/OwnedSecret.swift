
/// A reference to guarded secret bytes, so they can be kept in arrays and optionals (which cannot hold a
/// noncopyable value). The bytes are wiped when the last reference goes.
public final class OwnedSecret: Sendable {
    public let bytes: SecretBytes

    public init(_ bytes: consuming SecretBytes) { self.bytes = bytes }

    /// Copies public text (a tenant or client ID) into guarded memory.
    public convenience init(copying text: String) throws {
        self.init(try SecretBytes(copying: Array(text.utf8)))
    }
}
