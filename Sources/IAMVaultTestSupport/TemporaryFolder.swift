import Foundation

/// A private temporary folder (mkdtemp, mode 0700) removed with everything in it when released.
public final class TemporaryFolder: @unchecked Sendable {
    // @unchecked Sendable: `path` is immutable after init.
    public let path: String

    public init(prefix: String = "iamvault-tests") throws {
        var template = Array((NSTemporaryDirectory() + prefix + "-XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else { throw CocoaError(.fileWriteUnknown) }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { path + "/" + name }
}
