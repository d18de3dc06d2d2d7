import Azure
import Foundation
import FuzzSupport

@_cdecl("fuzz_token_response_main")
public func fuzzTokenResponseMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzTokenResponse)
}

/// `AzureAnswers.token`, what the Entra token endpoint answers. The first byte picks the HTTP status, the
/// rest is the body. Properties: refused only with an `AzureError` that quotes no byte of an access token;
/// the body buffer is zeroed afterwards; an accepted token holds exactly the `access_token` string that
/// Foundation's JSON parser reads (for ASCII values), expires at or after receipt, and its claims decode
/// without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenResponse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    guard let first = bytes.first else { return 0 }
    let statuses = [200, 200, 200, 200, 400, 401, 403, 429, 500, 503]
    let status = statuses[Int(first) % statuses.count]
    let original = Data(bytes.dropFirst())
    let object = (try? JSONSerialization.jsonObject(with: original)) as? [String: Any]
    let expected = object?["access_token"] as? String
    var body = original
    let receivedAt = Date(timeIntervalSince1970: 1_795_000_000)
    do {
        let token = try AzureAnswers.token(status: status, body: &body, resource: "https://graph.microsoft.com", receivedAt: receivedAt)
        require(status == 200, "a token from a \(status) answer")
        let value = token.withValue { Array($0) }
        require(!value.isEmpty, "an empty token")
        if let expected, expected.allSatisfy(\.isASCII) {
            require(value == Array(expected.utf8), "a token that differs from Foundation's reading of access_token")
        }
        require(token.expiresOn >= receivedAt, "a token that expired before it arrived")
        if value.count >= 8 {  // a shorter token can occur in any text by chance ("x" is in "expires")
            require(!token.description.contains(String(decoding: value, as: UTF8.self)), "the token in its description")
        }
        _ = try? token.claims()
    } catch {
        if let expected, expected.count >= 8 {
            require(!"\(error) \(error.message) \(error.hint)".contains(expected), "the token in an error")
        }
    }
    require(body.allSatisfy { $0 == 0 }, "the answer body is not wiped")
    return 0
}
