import Foundation
import IAMVaultTestSupport
import Testing

@Suite("On a terminal: prompts without echo", .serialized)
struct TerminalTests {
    @Test func initAsksTwiceWithoutEchoAndShowsTheRecoveryKeyOnce() throws {
        let cli = try CLIHarness()
        let terminal = try PseudoTerminal(["init", "--kdf-memory", "64", "--kdf-ops", "2"], environment: cli.environment)
        #expect(terminal.expect("New vault passphrase: "))
        terminal.type(CLIHarness.passphrase)
        #expect(terminal.expect("New vault passphrase, again: "))
        terminal.type(CLIHarness.passphrase)
        #expect(terminal.finish() == 0)
        #expect(!terminal.text.contains(CLIHarness.passphrase), "the passphrase was echoed")
        #expect(terminal.text.contains("shown ONCE"))
        let groups = terminal.text.split(whereSeparator: \.isWhitespace).first { $0.split(separator: "-").count == 14 }
        #expect(groups != nil, "no recovery key in: \(terminal.text)")
        #expect(try cli.run(["list"], passphrase: true).status == 0)
    }

    @Test func differingPassphrasesAreRefused() throws {
        let cli = try CLIHarness()
        let terminal = try PseudoTerminal(["init", "--kdf-memory", "64", "--kdf-ops", "2"], environment: cli.environment)
        terminal.expect("New vault passphrase: ")
        terminal.type(CLIHarness.passphrase)
        terminal.expect("again: ")
        terminal.type("something else entirely")
        #expect(terminal.finish() == 2)
        #expect(terminal.text.contains("the two passphrases differ"))
        #expect(!FileManager.default.fileExists(atPath: cli.vaultPath))
    }

    @Test func addAsksForMissingFieldsInFormOrderAndTheSecretWithoutEcho() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        let secret = azureSecret(11)
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let prompts = try PseudoTerminal(["add"], environment: cli.environment)
        #expect(prompts.expect("Name: "))
        prompts.type("Contoso-Prod")
        #expect(prompts.expect("Directory (tenant) ID: "))
        prompts.type("contoso.onmicrosoft.com")
        #expect(prompts.expect("Application (client) ID: "))
        prompts.type("11112222-3333-4444-8555-666677778888")
        #expect(prompts.expect("Client secret value (not shown): "))
        prompts.type(secret)
        #expect(prompts.finish() == 0, "\(prompts.text)")
        #expect(!prompts.text.contains(secret), "the secret was echoed")
        let read = try cli.run(["read", "Contoso-Prod"])
        #expect(read.output == secret)
    }

    @Test func readRefusesATerminalUnlessRevealed() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(1)).status == 0)
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let refused = try PseudoTerminal(["read", "Prod"], environment: cli.environment)
        #expect(refused.finish() == 6)
        #expect(refused.text.contains("refusing to write a credential to a terminal"))
        #expect(!refused.text.contains(azureSecret(1)))
        let revealed = try PseudoTerminal(["read", "Prod", "--reveal"], environment: cli.environment)
        #expect(revealed.finish() == 0)
        #expect(revealed.text.contains(azureSecret(1)))
        let log = try cli.run(["audit", "list", "--json"]).output
        #expect(log.contains("\"channel\":\"terminal\""))
    }

    @Test func aWrongPassphraseAtThePromptExitsThree() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        let terminal = try PseudoTerminal(["unlock"], environment: cli.environment)
        #expect(terminal.expect("Passphrase: "))
        terminal.type("not the passphrase")
        #expect(terminal.finish() == 3)
        #expect(terminal.text.contains("wrong passphrase"))
    }
}
