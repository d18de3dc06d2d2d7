public import Foundation

/// One committed input of a fuzz target: its file name and bytes.
public struct FuzzInput: Sendable, CustomStringConvertible {
    public let name: String
    public let bytes: [UInt8]

    public var description: String { name }
}

/// The seed corpus of the libFuzzer targets (`tools/fuzz/corpus/<target>/`), for the plain Swift tests that
/// replay every committed input through the same entry point, so the corpus stays meaningful without the
/// fuzzer. Findings that became regression tests are committed there too.
public enum FuzzCorpus {
    /// The folder of the committed corpus, found from this file's place in the repository.
    public static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tools/fuzz/corpus")

    /// Every file of `target`'s corpus, sorted by name; empty only if the folder is missing.
    public static func inputs(_ target: String) -> [FuzzInput] {
        let directory = folder.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return nil }
            return FuzzInput(name: "\(target)/\(name)", bytes: [UInt8](data))
        }
    }
}
