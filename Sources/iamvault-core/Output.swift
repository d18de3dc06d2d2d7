import Accounts
import Agent
import Foundation

/// Printing: human-readable text, or JSON for scripts (`--json`): stable keys, RFC 3339 UTC times.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Bytes already in output form (`list --json`), written as they are.
    static func bytes(_ bytes: [UInt8]) throws {
        try FileHandle.standardOutput.write(contentsOf: bytes)
    }

    static func date(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func day(_ instant: Date) -> String {
        String(date(instant).prefix(10))
    }

    static func table(_ rows: [[String]]) {
        guard let header = rows.first else { return }
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        for row in rows {
            print(row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
    }

    static func details(_ details: AccountDetails) {
        let account = details.account
        print("Name:          \(account.name)")
        print("Enabled:       \(account.enabled ? "yes" : "no")")
        print("Provider:      \(account.provider.rawValue)")
        print("Description:   \(account.description ?? "")")
        print("Tags:          \(account.tags.joined(separator: ", "))")
        print("Tenant ID:     \(account.tenantID)")
        print("Client ID:     \(account.clientID)")
        print("Permissions:   \(account.permissions.joined(separator: ", "))")
        print("Last verified: \(account.lastVerifiedAt.map(date) ?? "never")")
        print("Secret versions:")
        var rows = [["VERSION", "ROLE", "HINT", "CREATED", "EXPIRES", "AZURE KEY ID"]]
        for version in details.versions {
            rows.append([String(version.info.version), version.role.rawValue, version.info.hint + "…", day(version.info.createdAt),
                         day(version.info.expiresAt), version.info.azureKeyID ?? ""])
        }
        for retired in account.retiredVersions.reversed() {
            rows.append([String(retired.version), "retired", retired.hint + "…", day(retired.createdAt), day(retired.expiresAt), ""])
        }
        table(rows)
    }
}
