import Foundation
import Sodium
import Synchronization

/// One request to the token broker and its answer: checks in the order method, header, path, identity,
/// resource; then asks the issuer (async) and waits for it on this connection's own thread.
struct BrokerExchange: Sendable {
    let expectedHeader: String
    let clientID: String
    let handlerTimeout: TimeInterval
    let issuer: TokenBroker.Issuer

    func respond(to request: HTTPRequestHead) -> LoopbackHTTPServer.Response {
        guard request.method == "GET" else {
            var response = LoopbackHTTPServer.plain(405, "only GET is supported")
            response.headers["Allow"] = "GET"
            return response
        }
        guard let header = request.headers["x-identity-header"] else {
            return LoopbackHTTPServer.plain(401, "the X-IDENTITY-HEADER header is missing")
        }
        guard ConstantTime.equals(Array(header.utf8), Array(expectedHeader.utf8)) else {
            return LoopbackHTTPServer.plain(401, "the X-IDENTITY-HEADER value is wrong")
        }
        guard request.path == TokenBroker.path || request.path == TokenBroker.path + "/" else {
            return LoopbackHTTPServer.plain(404, "the endpoint is \(TokenBroker.path)")
        }
        if let version = request.query["api-version"], version != TokenBroker.apiVersion {
            return LoopbackHTTPServer.plain(400, "api-version \(version.prefix(20)) is not supported; use \(TokenBroker.apiVersion)")
        }
        if let requested = request.query["client_id"], requested.lowercased() != clientID {
            return LoopbackHTTPServer.plain(400, "this endpoint serves one identity, client_id \(clientID)")
        }
        for other in ["mi_res_id", "msi_res_id", "object_id", "principal_id"] where request.query[other] != nil {
            return LoopbackHTTPServer.plain(400, "this endpoint serves one identity; \(other) is not supported")
        }
        guard let resource = request.query["resource"], Self.isValidResource(resource) else {
            return LoopbackHTTPServer.plain(400, "the resource parameter is missing or invalid (an App ID URI such as https://management.azure.com)")
        }
        switch issue(resource) {
        case .token(let token): return Self.tokenResponse(token, resource: resource, clientID: clientID)
        case .refused(let response): return response
        }
    }

    enum Issued: Sendable {
        case token(AccessToken)
        case refused(LoopbackHTTPServer.Response)
    }

    /// 1-512 printable ASCII characters without spaces.
    static func isValidResource(_ resource: String) -> Bool {
        (1...512).contains(resource.utf8.count) && resource.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    private func issue(_ resource: String) -> Issued {
        let outcome = Mutex<Issued?>(nil)
        let done = DispatchSemaphore(value: 0)
        let issuer = self.issuer
        let task = Task {
            let result: Issued
            do {
                result = .token(try await issuer(resource))
            } catch let error as AzureError {
                result = .refused(Self.failure(502, error.message, hint: error.hint, code: error.code))
            } catch {
                result = .refused(Self.failure(502, "no token could be issued (\(type(of: error)))", hint: nil, code: "failed"))
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + handlerTimeout) == .success, let result = outcome.withLock({ $0 }) else {
            task.cancel()
            return .refused(LoopbackHTTPServer.plain(504, "no token within \(Int(handlerTimeout)) s"))
        }
        return result
    }

    static func failure(_ status: Int, _ message: String, hint: String?, code: String) -> LoopbackHTTPServer.Response {
        var object: [String: Any] = ["statusCode": status, "message": message, "error": code, "error_description": message]
        if let hint { object["hint"] = hint }
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return LoopbackHTTPServer.Response(status: status, body: body)
    }

    /// `{"access_token":…,"client_id":…,"expires_on":"…","resource":…,"token_type":"Bearer"}` in a wiped buffer.
    static func tokenResponse(_ token: AccessToken, resource: String, clientID: String) -> LoopbackHTTPServer.Response {
        let expires = String(Int(token.expiresOn.timeIntervalSince1970.rounded(.down)))
        let head = Array(#"{"access_token":""#.utf8)
        let tail = Array((#"","client_id":"\#(JSONText.escape(clientID))","expires_on":"\#(expires)","#
                          + #""resource":"\#(JSONText.escape(resource))","token_type":"Bearer"}"#).utf8)
        let body = token.withValue { value in
            WipedData.make(count: head.count + JSONText.escapedCount(value) + tail.count) { output in
                output.copyBytes(from: head)
                JSONText.escape(value, into: UnsafeMutableRawBufferPointer(rebasing: output[head.count..<(output.count - tail.count)]))
                UnsafeMutableRawBufferPointer(rebasing: output[(output.count - tail.count)...]).copyBytes(from: tail)
            }
        }
        return LoopbackHTTPServer.Response(status: 200, body: body)
    }
}
