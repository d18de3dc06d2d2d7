import Agent
import ArgumentParser
import Audit
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read, verify and export the tamper-evident audit log.",
        subcommands: [AuditListCommand.self, AuditVerifyCommand.self, AuditExportCommand.self])
}

struct AuditListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List audit entries.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only entries about this account.") var account: String?
    @Option(help: ArgumentHelp("Only entries from this date (YYYY-MM-DD or RFC 3339).", valueName: "date")) var since: String?
    @Flag(help: "Print JSON Lines.") var json = false

    func run() throws {
        let from = try since.map { try DurationText.date($0, option: "--since") }
        let lines = try Session(options: global).perform(.auditList(AuditListRequest(account: account, since: from))).0.auditLines ?? []
        if json { return lines.forEach { print($0) } }
        var rows = [["SEQ", "TIME", "EVENT", "ACCOUNT", "BY", "DETAILS"]]
        for line in lines {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            let actor = object["actor"] as? [String: Any]
            let details = (object["details"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            rows.append(["\(object["seq"] ?? "")", "\(object["time"] ?? "")", "\(object["event"] ?? "")", object["account"] as? String ?? "",
                         "\(actor?["user"] ?? "")(\(actor?["pid"] ?? ""))", details.joined(separator: " ")])
        }
        Output.table(rows)
    }
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify the audit chain: exit 0 when intact, 5 at the first bad entry.",
        discussion: """
            On success it prints the chain's head. Keep that line somewhere the vault file is not (a ticket, another \
            machine); `--anchor` later proves the log still contains it, which detects a vault file rolled back \
            to an older copy.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("A head printed by an earlier verify that must still be on the chain.", valueName: "seq:mac"))
    var anchor: String?

    func validate() throws {
        if let anchor, AuditHead(anchor) == nil {
            throw ValidationError("--anchor: expected <sequence>:<64 lower-case hex digits>, the line `audit verify` printed after \"head:\"")
        }
    }

    func run() throws {
        let reply = try Session(options: global).perform(.auditVerify(anchor: anchor)).0
        if let finding = reply.auditFinding {
            throw ReportedError(exitCode: .integrity, message: "the audit log is broken at entry \(finding.sequence): \(finding.problem)",
                                hint: "keep a copy of the vault file for investigation and restore from a backup")
        }
        print("audit log intact: \(reply.auditEntryCount ?? 0) entries")
        if let head = reply.auditHead { print("head: \(head)") }
    }
}

struct AuditExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the audit log as JSON Lines on standard output (see docs/audit.md).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The format (jsonl).") var format: String = "jsonl"

    func validate() throws {
        guard format == "jsonl" else { throw ValidationError("the only export format is jsonl") }
    }

    func run() throws {
        let lines = try Session(options: global).perform(.auditExport).0.auditLines ?? []
        lines.forEach { print($0) }
    }
}
