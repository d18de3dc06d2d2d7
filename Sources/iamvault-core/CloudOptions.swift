import Agent
import ArgumentParser
import Foundation

/// `--cloud` for the commands that talk to Azure. The endpoint overrides (`AZURE_AUTHORITY_HOST`,
/// `IAMVAULT_GRAPH_ENDPOINT`, `IAMVAULT_AZURE_CLOUD`) come from this process's environment and travel with
/// the request, so the agent reaches the same endpoints as an in-process command would.
struct CloudOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The Microsoft cloud: public (default), usgov or china.", valueName: "cloud"))
    var cloud: String?

    var target: AzureTarget { AzureTarget(cloud: cloud, environment: ProcessInfo.processInfo.environment) }
}
