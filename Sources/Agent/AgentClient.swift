public import Sodium
import Foundation

/// Talks to a running agent for one vault.
///
/// Guarantees: it trusts a socket only inside a private folder of this user, and only an agent process of the
/// same uid (SO_PEERCRED on the client side too), so another user cannot impersonate the agent.
public struct AgentClient: Sendable {
    public let paths: AgentPaths

    public init(paths: AgentPaths) { self.paths = paths }

    /// Whether an agent answers on the socket (a stale socket file does not count).
    public var isRunning: Bool {
        (try? connection()) != nil
    }

    /// Sends `request` with `secrets`; returns the reply and any secret segments, or throws the agent's error.
    /// Returns nil when no agent is running.
    public func send(_ request: AgentRequest, secrets: [OwnedSecret] = []) throws -> (AgentReply, [OwnedSecret])? {
        guard let connection = try connection() else { return nil }
        return try exchange(request, secrets: secrets, on: connection)
    }

    /// Sends a streamed `listJSON` request and returns the whole output once the agent said it ended well, or
    /// throws the agent's error: the same reader as the front program's (`ListReception`). Returns nil when no
    /// agent is running.
    public func streamList(tag: String?, enabled: Bool?) throws -> [UInt8]? {
        guard let connection = try connection() else { return nil }
        do {
            return try ListReception.list(tag: tag, enabled: enabled, on: connection).joined()
        } catch {
            throw ReportedError(error)
        }
    }

    /// Sends the request frame and reads the reply frame; throws the agent's error if it refused.
    @discardableResult
    private func exchange(_ request: AgentRequest, secrets: [OwnedSecret], on connection: UnixConnection) throws -> (AgentReply, [OwnedSecret]) {
        do {
            let header = try request.wireHeader()
            try AgentFrame(header: header, secrets: secrets).write(to: connection)
        } catch let error as AgentProtocolError {
            throw error.reported  // the agent acts only on a whole request: it did nothing
        }
        do {
            let frame = try AgentFrame.read(from: connection, maximumHeader: AgentFrame.maximumResponseHeader)
            switch try WireJSON.decoder.decode(AgentResponse.self, from: Data(frame.header)) {
            case .reply(let reply): return (reply, frame.secrets)
            case .failure(let error): throw error
            }
        } catch let error as AgentProtocolError {
            throw error.reportedAfterSending
        } catch is DecodingError {
            throw AgentProtocolError.malformed("the agent's answer").reported
        }
    }

    private func connection() throws -> UnixConnection? {
        switch paths.folderState {
        case .private: break
        case .missing: return nil
        case .notPrivate: try paths.checkPrivateFolder()  // exists but not private: refuse loudly
        }
        guard let connection = try UnixConnection.connect(to: paths.socket) else { return nil }
        let peer = try connection.peer()
        guard peer.uid == geteuid() else {
            throw ReportedError(exitCode: .refused, message: "the agent socket belongs to another user (uid \(peer.uid))",
                                hint: "remove \(paths.socket); iamvault will not send secrets to it")
        }
        return connection
    }
}
