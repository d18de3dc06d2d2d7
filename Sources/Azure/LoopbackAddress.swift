/// Which hosts count as "this machine" for the one exception to HTTPS (an emulator in tests).
///
/// Only literal loopback addresses and the name `localhost` qualify: 127.0.0.0/8 in dotted-quad form, `::1`
/// (with or without brackets). Names that merely resolve to loopback, and IPv4-mapped forms, do not.
enum LoopbackAddress {
    static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        var octets: [Int] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part), value <= 255 else {
                return false
            }
            octets.append(value)
        }
        return octets[0] == 127
    }
}
