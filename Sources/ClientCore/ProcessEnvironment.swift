import Glibc

/// This process's environment without Foundation: `environ` as `NAME=value` strings, or as a dictionary
/// (the first occurrence of a name wins, as getenv does).
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

    public static func current() -> [String: String] {
        var variables: [String: String] = [:]
        for entry in entries() {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            let name = String(entry[..<equals])
            if variables[name] == nil { variables[name] = String(entry[entry.index(after: equals)...]) }
        }
        return variables
    }
}
