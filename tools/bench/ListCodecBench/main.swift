// Profiling harness for the two hand-written codecs of `iamvault list --json` (docs/performance.md, "`list`"):
// builds N sealed-payload byte arrays like the ones `AccountService.add` writes (seeded, so every run reads the
// same bytes), then decodes each one as the agent does (`Account(storedPayload:name:)`, which
// `AccountService.account(_:)` calls) and renders them with `AccountListJSON` taken in 256 KiB pieces, as
// `ListStream` does. Not a test: it measures, it asserts nothing beyond the output being non-empty.
//
// Usage: list-codec-bench [N]        decodes and renders N accounts (default 10,000), prints the time per account
//        list-codec-bench sample      prints one payload and its output
//        list-codec-bench dump N      prints the whole output for N accounts (to compare two builds byte for byte)
//
// For instruction counts, build in release, strip the debug info (valgrind 3.19 cannot read DWARF 5), run it
// under callgrind and divide the inclusive cost of `decodeAll` and `renderAll` by N:
//   swift build -c release --product list-codec-bench --scratch-path .build-rel
//   strip --strip-debug -o /tmp/lcb .build-rel/release/list-codec-bench
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/lcb.cg /tmp/lcb
//   callgrind_annotate --inclusive=yes /tmp/lcb.cg | grep -E 'decodeAll|renderAll'
// (`--toggle-collect='*decodeAll*'` counts only inside one of them, to read its own hot spots.)
import Accounts
import Foundation

let mode = CommandLine.arguments.dropFirst().first
let sample = mode == "sample", dump = mode == "dump"
let count = sample ? 1 : CommandLine.arguments.dropFirst(dump ? 2 : 1).first.flatMap { Int($0) } ?? 10_000

/// SplitMix64: the same payloads at every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `Account`'s coded form, to build real accounts through its public `Codable` conformance.
struct AccountShape: Encodable {
    var name: String
    var enabled: Bool
    var provider: Provider
    var description: String?
    var tags: [String]
    var tenantID: String
    var clientID: String
    var permissions: [String]
    var createdAt: Date
    var updatedAt: Date
    var lastVerifiedAt: Date?
    var retiredVersions: [Account.RetiredVersion]
    var azureRotations: [AzureRotationIntent]
}

func guid(_ random: inout SeededGenerator) -> String {
    UUID(uuid: withUnsafeBytes(of: (random.next(), random.next())) { $0.load(as: uuid_t.self) }).uuidString.lowercased()
}

/// A date as `Date()` gives them: seconds since 2025-11 with a sub-millisecond fraction.
func now(_ random: inout SeededGenerator) -> Date {
    Date(timeIntervalSince1970: 1_764_200_000 + Double.random(in: 0..<3e7, using: &random))
}

/// One payload as `add` stores it: the whole permission catalogue (the default), one tag, two GUIDs, a
/// description, creation and update dates, a last verification for half of them, no retired versions or rotations.
func payloads(_ count: Int) throws -> [(name: String, bytes: [UInt8])] {
    var random = SeededGenerator(state: 20_261_127)
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .millisecondsSince1970
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .millisecondsSince1970
    let tags = ["prod", "staging", "team-payments", "ci"]
    return try (0..<count).map { index in
        let created = now(&random)
        let shape = AccountShape(
            name: String(format: "account-%06d", index), enabled: index % 10 != 0, provider: .azure,
            description: "Service principal for deployment pipeline \(index % 97)", tags: [tags[index % tags.count]],
            tenantID: guid(&random), clientID: guid(&random), permissions: GraphPermission.allNames, createdAt: created,
            updatedAt: created.addingTimeInterval(Double.random(in: 0..<1e6, using: &random)),
            lastVerifiedAt: index % 2 == 0 ? nil : created.addingTimeInterval(Double.random(in: 0..<1e6, using: &random)),
            retiredVersions: [], azureRotations: [])
        let account = try decoder.decode(Account.self, from: try encoder.encode(shape))
        return (account.name, try account.storedPayload())
    }
}

@inline(never)
func decodeAll(_ payloads: [(name: String, bytes: [UInt8])]) throws -> [Account] {
    var accounts: [Account] = []
    accounts.reserveCapacity(payloads.count)
    for payload in payloads {
        accounts.append(try Account(storedPayload: payload.bytes, name: payload.name))
    }
    return accounts
}

/// Renders as `ListStream.render` does; returns the number of bytes (the pieces are dropped).
@inline(never)
func renderAll(_ accounts: [Account]) -> Int {
    var list = AccountListJSON()
    var total = 0
    for account in accounts {
        list.append(account)
        if list.pendingByteCount >= 256 << 10 { total += list.take().count }
    }
    return total + list.finish().count
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let clock = ContinuousClock()
let input = try payloads(count)
if sample {
    print(String(decoding: input[0].bytes, as: UTF8.self))
    print(String(decoding: AccountListJSON.render(try decodeAll(input)), as: UTF8.self), terminator: "")
    exit(0)
}
if dump {
    let output = AccountListJSON.render(try decodeAll(input))
    FileHandle.standardOutput.write(Data(output))
    exit(0)
}
let payloadBytes = input.reduce(0) { $0 + $1.bytes.count }
let decodeStart = clock.now
let accounts = try decodeAll(input)
let decodeTime = seconds(clock.now - decodeStart)
let renderStart = clock.now
let outputBytes = renderAll(accounts)
let renderTime = seconds(clock.now - renderStart)
precondition(outputBytes > 0 && accounts.count == count)
print("""
    \(count) accounts, \(payloadBytes / max(count, 1)) payload bytes and \(outputBytes / max(count, 1)) output bytes each
    decode: \(String(format: "%.2f", decodeTime * 1e9 / Double(max(count, 1)))) ns per account
    render: \(String(format: "%.2f", renderTime * 1e9 / Double(max(count, 1)))) ns per account
    """)
