import Foundation
import Testing
@testable import Azure

@Suite("Clouds, overrides and the HTTPS-only rule")
struct AzureEndpointsTests {
    @Test func eachCloudHasItsAuthorityGraphAndScope() throws {
        let expected: [(AzureCloud, String, String)] = [
            (.public, "https://login.microsoftonline.com", "https://graph.microsoft.com"),
            (.usgov, "https://login.microsoftonline.us", "https://graph.microsoft.us"),
            (.china, "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"),
        ]
        for (cloud, authority, graph) in expected {
            let endpoints = try AzureEndpoints.resolve(cloud: cloud, environment: [:])
            #expect(endpoints.authority.absoluteString == authority)
            #expect(endpoints.graph.absoluteString == graph)
            #expect(cloud.graphScope == graph + "/.default")
            #expect(endpoints.tokenURL(tenant: "contoso.onmicrosoft.com").absoluteString
                == authority + "/contoso.onmicrosoft.com/oauth2/v2.0/token")
        }
    }

    @Test func publicIsTheDefaultAndTheCloudVariableChoosesAnother() throws {
        #expect(try AzureEndpoints.resolve(environment: [:]).cloud == .public)
        #expect(try AzureEndpoints.resolve(environment: ["IAMVAULT_AZURE_CLOUD": "usgov"]).cloud == .usgov)
        #expect(try AzureEndpoints.resolve(environment: ["IAMVAULT_AZURE_CLOUD": "AzureChinaCloud"]).cloud == .china)
        #expect(try AzureEndpoints.resolve(cloud: .public, environment: ["IAMVAULT_AZURE_CLOUD": "china"]).cloud == .public)
        #expect(throws: AzureError(.unknownCloud("mars"))) { try AzureEndpoints.resolve(environment: ["IAMVAULT_AZURE_CLOUD": "mars"]) }
    }

    @Test func overridesReplaceTheHostsButNotTheScope() throws {
        let endpoints = try AzureEndpoints.resolve(cloud: .usgov, environment: [
            "AZURE_AUTHORITY_HOST": "login.example.test", "IAMVAULT_GRAPH_ENDPOINT": "https://graph.example.test/v1.0/"])
        #expect(endpoints.authority.absoluteString == "https://login.example.test")
        #expect(endpoints.graph.absoluteString == "https://graph.example.test")
        #expect(try endpoints.graphURL("/applications").absoluteString == "https://graph.example.test/v1.0/applications")
        #expect(endpoints.cloud.graphScope == "https://graph.microsoft.us/.default")
        let empty = try AzureEndpoints.resolve(environment: ["AZURE_AUTHORITY_HOST": "", "IAMVAULT_GRAPH_ENDPOINT": "  "])
        #expect(empty.authority.absoluteString == "https://login.microsoftonline.com")
    }

    @Test(arguments: ["http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:9", "http://LOCALHOST", "http://[::1]:4000"])
    func plainHTTPIsAcceptedForLoopbackOnly(_ url: String) throws {
        let endpoints = try AzureEndpoints.resolve(environment: ["AZURE_AUTHORITY_HOST": url, "IAMVAULT_GRAPH_ENDPOINT": url])
        #expect(endpoints.authority.scheme == "http")
    }

    @Test(arguments: ["http://login.microsoftonline.com", "http://10.0.0.1", "http://127.0.0.1.evil.example", "http://128.0.0.1",
                      "http://localhost.evil.example", "ftp://127.0.0.1", "http://0x7f000001", "http://127.1"])
    func anythingElseThatIsNotHTTPSIsRefused(_ url: String) {
        #expect(throws: AzureError.self) { try AzureEndpoints.resolve(environment: ["AZURE_AUTHORITY_HOST": url]) }
        do {
            _ = try AzureEndpoints.resolve(environment: ["IAMVAULT_GRAPH_ENDPOINT": url])
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.code == "insecure_endpoint")
            #expect(error.hint.contains("loopback"))
        }
    }

    @Test(arguments: ["https://user:pw@login.example.test", "https://login.example.test/?x=1", "https://login.example.test/#f",
                      "https://exa mple.test", "https://", "https://bad\u{7}.test"])
    func malformedEndpointsAreRefusedWithTheSettingNamed(_ url: String) {
        do {
            _ = try AzureEndpoints.resolve(environment: ["AZURE_AUTHORITY_HOST": url])
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.message.hasPrefix("AZURE_AUTHORITY_HOST"))
        }
    }
}
