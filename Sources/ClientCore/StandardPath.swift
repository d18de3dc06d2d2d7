import Glibc

/// A path made absolute against the working directory, with `.`, `..`, repeated and trailing slashes removed,
/// and symbolic links left alone: the same text Foundation's `URL(fileURLWithPath:).standardizedFileURL.path`
/// gives (`StandardPathTests` compares them), without Foundation.
public enum StandardPath {
    public static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
            let found = buffer.withUnsafeMutableBufferPointer { getcwd(UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), $0.count) != nil }
            if found {
                full = String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self) + "/" + path
            }
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
