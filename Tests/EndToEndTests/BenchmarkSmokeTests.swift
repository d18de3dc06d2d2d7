import Foundation
import Testing

/// `tools/bench/run --quick` on the binaries of this build: the benchmark's machinery works end to end (every
/// tool filled with the same accounts, every operation timed, the table and the JSON written, each target
/// checked). No timing is asserted: figures from a debug build on a busy machine mean nothing.
@Suite("Benchmark smoke test", .serialized)
struct BenchmarkSmokeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func quickRunProducesTheTableAndTheJSON() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iamvault-bench-smoke-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("results.json")
        let table = folder.appendingPathComponent("table.md")

        let process = Process()
        process.executableURL = Self.repository.appendingPathComponent("tools/bench/run")
        process.arguments = ["--quick", "--no-install", "--sizes", "12", "--runs", "2", "--warmup", "0",
                             "--bin-dir", CLIHarness.buildFolder.path, "--out", json.path, "--markdown", table.path]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let log = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: log.suffix(2000), as: UTF8.self))")

        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let results = try #require(document["results"] as? [[String: Any]])
        let measured = Set(results.compactMap { result -> String? in
            guard let tool = result["tool"] as? String, let operation = result["operation"] as? String,
                  let median = result["median_ms"] as? Double, median > 0, result["n"] as? Int == 12 else { return nil }
            return "\(tool) \(operation)"
        })
        let expected: Set = [
            "iamvault read", "iamvault exec", "iamvault read-oneshot", "iamvault add", "iamvault rotate", "iamvault list",
            "iamvault unlock", "iamvault kdf", "iamvault version", "pass read", "pass add", "pass rotate", "pass list", "gopass read", "gopass list",
            "keepassxc read", "keepassxc add", "keepassxc rotate", "keepassxc list", "keepassxc unlock",
        ]
        #expect(expected.subtracting(measured).isEmpty, "not measured: \(expected.subtracting(measured).sorted())")

        let memory = try #require((document["memory"] as? [String: Any])?["12"] as? [String: Any])
        #expect((memory["client_read_kib"] as? Int ?? 0) > 0)
        #expect((memory["agent_rss_kib"] as? Int ?? 0) > 0)
        let sizes = try #require((document["size_bytes"] as? [String: Any])?["12"] as? [String: Int])
        #expect(Set(sizes.keys) == ["iamvault", "pass", "keepassxc"])
        #expect(((document["audit_verify"] as? [String: Any])?["entries"] as? Int ?? 0) > 0)
        let targets = try #require(document["targets"] as? [[String: Any]])
        #expect(targets.count == 12)
        #expect(targets.allSatisfy { ["PASS", "FAIL", "n/a"].contains($0["result"] as? String ?? "") })

        let markdown = try String(contentsOf: table, encoding: .utf8)
        #expect(markdown.contains("| operation | N | iamvault | pass | gopass | keepassxc |"))
        #expect(markdown.contains("| target | figure | result |"))
        #expect(markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("| 12 |") }.count >= 7)
    }
}
