import Glibc

/// A path made absolute against the working directory, with `.`, `..`, repeated and trailing slashes removed,
/// and symbolic links left alone: the same text Foundation's `URL(fileURLWithPath:).standardizedFileURL.path`
/// gives (`StandardPathTests` compares them), without Foundation.
///
/// It works on the path's bytes, as the kernel does: the string splitting it replaced made a `read` through the
/// front program spend about 60 µs instantiating generic types on first use (docs/performance.md).
public enum StandardPath {
    public static func absolute(_ path: String) -> String {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var full = Array(path.utf8)
        if full.first != slash {
            var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
            let found = buffer.withUnsafeMutableBufferPointer { getcwd(UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), $0.count) != nil }
            if found {
                full = Array(buffer.prefix { $0 != 0 }) + [slash] + full
            }
        }
        // `result` is "/a/b/c"; `starts` holds where each component's "/" is, so ".." can drop the last one.
        var result: [UInt8] = []
        var starts: [Int] = []
        var index = 0
        while index < full.count {
            while index < full.count, full[index] == slash { index += 1 }
            let start = index
            while index < full.count, full[index] != slash { index += 1 }
            switch index - start {
            case 0: continue
            case 1 where full[start] == dot: continue
            case 2 where full[start] == dot && full[start + 1] == dot:
                if let last = starts.popLast() { result.removeSubrange(last...) }
            default:
                starts.append(result.count)
                result.append(slash)
                result.append(contentsOf: full[start..<index])
            }
        }
        return result.isEmpty ? "/" : String(decoding: result, as: UTF8.self)
    }
}
