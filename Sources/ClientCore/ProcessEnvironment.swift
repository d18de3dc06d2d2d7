import Glibc

/// This process's environment without Foundation: `environ` as `NAME=value` strings (for `exec`'s child).
public enum ProcessEnvironment {
    public static func entries() -> [String] {
        var entries: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            entries.append(String(decoding: UnsafeRawBufferPointer(start: entry, count: strlen(entry)), as: UTF8.self))
            cursor += 1
        }
        return entries
    }
}
