import ClientCore
import Foundation
import Testing
import Vault

/// The front program finds the vault and its agent without Foundation; it must find the same ones as the full
/// program, or it would talk to no agent (or another vault's).
@Suite("ClientCore finds the same vault and socket as the full program")
struct ClientPathsTests {
    @Test(arguments: ["/a/b", "/a/./b", "/a/../b", "/a//b/", "rel/x", "./rel", "../up/x", "/", "/..", "a/b/../../..", "/tmp/x.db", "x/./y/.."])
    func standardPathsMatchFoundation(_ path: String) {
        #expect(StandardPath.absolute(path) == URL(fileURLWithPath: path).standardizedFileURL.path, "\(path)")
    }

    @Test func theSocketIsTheOneTheAgentPathsOfTheFullProgramName() {
        // AgentPaths is ClientCore's; the full program's used URL standardisation, reproduced by StandardPath.
        let relative = AgentPaths(vaultPath: "data/../vault.db", environment: ["XDG_RUNTIME_DIR": "/run/user/1"])
        let absolute = AgentPaths(vaultPath: FileManager.default.currentDirectoryPath + "/vault.db", environment: ["XDG_RUNTIME_DIR": "/run/user/1"])
        #expect(relative.socket == absolute.socket)
        #expect(relative.folder == "/run/user/1/iamvault")
        #expect(AgentPaths(vaultPath: "/v.db", environment: ["XDG_RUNTIME_DIR": "relative"]).folder == "/tmp/iamvault-\(getuid())")
    }

    @Test func theDefaultVaultPathMatchesTheVaultModule() {
        let environments: [[String: String]] = [
            ["IAMVAULT_PATH": "/x/v.db", "HOME": "/h"], ["IAMVAULT_PATH": "", "HOME": "/h"], ["XDG_DATA_HOME": "/d", "HOME": "/h"],
            ["XDG_DATA_HOME": "relative", "HOME": "/h"], ["HOME": "/home/alice"],
        ]
        for environment in environments {
            #expect(VaultLocation.defaultPath(environment: environment) == Vault.defaultPath(environment: environment), "\(environment)")
        }
        #expect(VaultLocation.defaultPath(environment: [:]) == nil, "no HOME: the full program decides")
    }

    @Test func quickFormsAreTheirPlainShapesOnly() {
        #expect(QuickForm.parse(["read", "Prod", "--field", "tenant"])
                == .read(name: "Prod", field: .tenant, reveal: false, version: nil, purpose: "read", allowExpired: false,
                         session: .init(vaultPath: nil, passphraseFD: nil)))
        #expect(QuickForm.parse(["exec", "--vault", "/v.db", "Prod", "--", "az", "--x"])
                == .exec(name: "Prod", purpose: "exec", allowExpired: false, command: ["az", "--x"],
                         session: .init(vaultPath: "/v.db", passphraseFD: nil)))
        #expect(QuickForm.parse(["list", "--json"]) == .listJSON(tag: nil, session: .init(vaultPath: nil, passphraseFD: nil)))
        #expect(QuickForm.parse(["list", "--tag", "prod", "--json", "--vault", "/v.db"])
                == .listJSON(tag: "prod", session: .init(vaultPath: "/v.db", passphraseFD: nil)))
        for unusual in [["list", "--json", "x"], ["list", "--json", "--json"], ["list", "--json", "--tag=prod"], ["list", "--json", "--help"],
                        ["list", "--tag", "prod"]] {
            #expect(QuickForm.parse(ArraySlice(unusual)) == nil, "\(unusual)")
        }
        for unusual in [["read", "Prod", "--field=tenant"], ["read", "Prod", "--field", "password"], ["read", "Prod", "--version", "two"],
                        ["read", "Prod", "--reveal", "--reveal"], ["read", "--help"], ["read"], ["read", "A", "B"], ["exec", "Prod"],
                        ["exec", "Prod", "--"], ["exec", "Prod", "--token-only", "--", "az"], ["list"], [],
                        ["read", "Prod", "--passphrase-fd", "x"]] {
            #expect(QuickForm.parse(ArraySlice(unusual)) == nil, "\(unusual)")
        }
    }
}
