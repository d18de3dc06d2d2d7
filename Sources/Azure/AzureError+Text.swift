extension AzureError {
    /// What failed, in plain words (lower case, no trailing period, as the CLI prints it after `error:`).
    public var message: String {
        switch kind {
        case .unknownCloud(let name): return "\"\(name)\" is not a cloud iamvault knows"
        case .invalidEndpoint(let setting, let problem): return "\(setting): \(problem)"
        case .insecureEndpoint(let setting, let url): return "\(setting): \(url) is not an https URL"
        case .wrongSecret:
            return "Entra ID refused the client secret (AADSTS7000215): it is not a current secret of this application"
        case .secretExpired: return "the client secret has expired in Entra ID (AADSTS7000222)"
        case .applicationNotInTenant:
            return "the application (client) ID was not found in this tenant (AADSTS700016)"
        case .tenantNotFound: return "the tenant does not exist in this cloud (AADSTS90002)"
        case .invalidTenant: return "the tenant ID is neither a GUID nor a valid domain name (AADSTS900023)"
        case .applicationDisabled: return "the application is disabled in Entra ID (AADSTS7000112)"
        case .secretMissing: return "Entra ID received no client secret (AADSTS7000218)"
        case .invalidScope(let scope): return "Entra ID refused the scope \(scope)"
        case .tokenRequestRejected(let error, let code):
            return "Entra ID refused the token request (\(error)\(code.map { ", AADSTS\($0)" } ?? ""))"
        case .throttled(let seconds):
            return "Azure is throttling requests" + (seconds.map { " and asks to wait \($0) s" } ?? "")
        case .serviceUnavailable(let status): return "Azure is temporarily unavailable (HTTP \(status))"
        case .network(let reason): return "could not reach Azure: \(reason)"
        case .timedOut(let seconds): return "Azure did not answer within \(Self.seconds(seconds))"
        case .unexpectedResponse(let status, let what): return "unexpected answer from Azure (HTTP \(status)): \(what)"
        case .graphUnauthorized(let code): return "Microsoft Graph refused the access token (\(code))"
        case .graphForbidden(let code):
            return "Microsoft Graph refused the operation: the application lacks the permission (\(code))"
        case .applicationObjectNotFound(let clientID):
            return "Microsoft Graph has no application with appId \(clientID) in this tenant"
        case .graphFailed(let status, let code, let message):
            return "Microsoft Graph failed (HTTP \(status), \(code)): \(message)"
        case .malformedToken(let reason): return "the access token could not be read: \(reason)"
        case .rotationInProgress(let account, let startedAt):
            return "a Graph rotation of \"\(account)\" started at \(startedAt) has not finished"
        case .commitFailed(let keyID, let removedAgain, let reason):
            return "the new secret could not be stored in the vault (\(reason)); "
                + (removedAgain ? "the new password \(keyID) was removed from Azure again"
                                : "the new password \(keyID) could NOT be removed from Azure")
        case .brokerFailed(let reason): return "the token broker failed: \(reason)"
        }
    }

    /// What to do about it.
    public var hint: String {
        switch kind {
        case .unknownCloud: return "choose public, usgov or china"
        case .invalidEndpoint: return "give an absolute URL such as https://login.microsoftonline.com"
        case .insecureEndpoint:
            return "use https; plain http is accepted only for a loopback address (127.0.0.1, ::1, localhost), e.g. an emulator"
        case .wrongSecret:
            return "store the secret's Value, not its Secret ID; if it was just created, wait a minute and retry; "
                + "otherwise create a new client secret and capture it with `iamvault rotate`"
        case .secretExpired:
            return "create a new client secret (`iamvault rotate --via-graph` while another secret still works, or in the portal) "
                + "and capture it"
        case .applicationNotInTenant:
            return "check the Application (client) ID and the Directory (tenant) ID on the app registration's Overview page, "
                + "and the cloud; the app must be registered in (or consented to by) this tenant"
        case .tenantNotFound:
            return "check the Directory (tenant) ID and the cloud (public, usgov, china); a tenant exists in one cloud only"
        case .invalidTenant: return "edit the account's tenant ID: a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47 or contoso.onmicrosoft.com"
        case .applicationDisabled:
            return "an administrator must re-enable the application (Enterprise applications > Properties > Enabled for users to sign in)"
        case .secretMissing: return "the stored secret is empty; capture a new one with `iamvault rotate`"
        case .invalidScope: return "client credentials need a scope ending in /.default"
        case .tokenRequestRejected: return "see https://login.microsoftonline.com/error?code=<code> for this AADSTS code"
        case .throttled: return "wait a few minutes and try again; avoid running many requests in parallel"
        case .serviceUnavailable: return "try again in a few minutes; see https://status.azure.com"
        case .network:
            return "check the network, proxy and DNS; AZURE_AUTHORITY_HOST or IAMVAULT_GRAPH_ENDPOINT may point to the wrong host"
        case .timedOut: return "check the network and try again"
        case .unexpectedResponse: return "try again; if it persists, the endpoint may not be Entra ID or Microsoft Graph"
        case .graphUnauthorized: return "the token was not accepted; check the cloud and that the account belongs to this tenant"
        case .graphForbidden:
            return "grant the application permission Application.ReadWrite.OwnedBy (or Application.ReadWrite.All) "
                + "with admin consent, then run `iamvault verify`"
        case .applicationObjectNotFound: return "check the Application (client) ID of the account"
        case .graphFailed: return "try again; if it persists, check the application in the portal"
        case .malformedToken: return "the token is only decoded for diagnostics; retry, or report the endpoint in use"
        case .rotationInProgress: return "run `iamvault reconcile NAME` to finish or undo it first"
        case .commitFailed(_, let removedAgain, _):
            return removedAgain ? "fix the cause (disk space, audit log) and rotate again"
                : "remove that password in the portal (Certificates & secrets) or with `az ad app credential delete`"
        case .brokerFailed: return "the child process may not get tokens; check the audit log and retry"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
