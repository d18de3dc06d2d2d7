import Foundation
import IAMVaultTestSupport
import Testing

/// `read` and `exec` take a hand-written parser for their plain forms (ClientCore's `QuickForm`, used by the front
/// program) and ArgumentParser for everything else (iamvault-core): both paths must behave the same. One-shot
/// forms (`--passphrase-fd`) always go to iamvault-core; FrontProgramTests covers the agent path.
@Suite("read and exec: the quick parser and ArgumentParser agree", .serialized)
struct QuickCommandTests {
    @Test func plainAndUnusualFormsGiveTheSameResults() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Contoso-Prod", secret: azureSecret(1)).status == 0)
        #expect(try cli.run(["rotate", "Contoso-Prod", "--secret-stdin"], stdin: Data(azureSecret(2).utf8), passphrase: true).status == 0)

        // Quick forms (option after the name, before it, flags) and forms only ArgumentParser takes (`=`).
        for arguments in [["read", "Contoso-Prod", "--field", "tenant"], ["read", "--field", "tenant", "Contoso-Prod"],
                          ["read", "Contoso-Prod", "--field=tenant"], ["read", "--allow-expired", "Contoso-Prod", "--field=tenant"]] {
            let result = try cli.run(arguments, passphrase: true)
            #expect(result.status == 0 && result.output == "contoso.onmicrosoft.com", "\(arguments): \(result.stderr)")
        }
        #expect(try cli.run(["read", "Contoso-Prod", "--version", "1"], passphrase: true).output == azureSecret(1))
        #expect(try cli.run(["read", "Contoso-Prod", "--version=1"], passphrase: true).output == azureSecret(1))
        #expect(try cli.run(["read", "Contoso-Prod"], passphrase: true).output == azureSecret(2))

        // Bad input still gets ArgumentParser's messages and exit 2.
        let badField = try cli.run(["read", "Contoso-Prod", "--field", "password"], passphrase: true)
        #expect(badField.status == 2 && badField.stderr.contains("--field"), "\(badField.stderr)")
        let badVersion = try cli.run(["read", "Contoso-Prod", "--version", "two"], passphrase: true)
        #expect(badVersion.status == 2 && badVersion.stderr.contains("--version"), "\(badVersion.stderr)")
        #expect(try cli.run(["read", "Contoso-Prod", "--field", "tenant", "--field", "secret"], passphrase: true).status == 0,
                "ArgumentParser takes the last of a repeated option; the quick parser leaves that to it")
        #expect(try cli.run(["read", "Contoso-Prod", "Other"], passphrase: true).status == 2)
        #expect(try cli.run(["read", "Nope"], passphrase: true).status == 4)
        #expect(try cli.run(["read", "--help"]).output.contains("--reveal"))

        // exec: the child's status passes through on both paths; no command is a usage error. The passphrase
        // option goes before `--` (after it, it would belong to the child).
        func exec(_ arguments: [String], _ command: [String]) throws -> CLIHarness.Result {
            try cli.run(["exec", "Contoso-Prod"] + arguments + ["--passphrase-fd", "3", "--"] + command, viaDescriptor3: true)
        }
        #expect(try exec([], ["sh", "-c", "exit 3"]).status == 3)
        #expect(try exec(["--purpose=check"], ["sh", "-c", "exit 4"]).status == 4)
        #expect(try exec([], ["sh", "-c", "printf %s \"$AZURE_CLIENT_SECRET\" | wc -c"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines) == "40")
        #expect(try exec([], []).status == 2)
        #expect(try cli.run(["exec", "Contoso-Prod", "--passphrase-fd", "3"], viaDescriptor3: true).status == 2)

        let export = try cli.run(["audit", "export"], passphrase: true).output
        #expect(export.contains("\"purpose\":\"check\""), "the purpose given through ArgumentParser is audited")
    }
}
