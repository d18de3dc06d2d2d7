import Azure
import Foundation
import FuzzSupport

@_cdecl("fuzz_graph_main")
public func fuzzGraphMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzGraph)
}

/// The Microsoft Graph answer decoders. The first byte picks the decoder (and status), the rest is the body:
/// the application lookup, addPassword, and the error answer of any status.
///
/// Properties: refused only with an `AzureError` (typed); an application has a lower-case object id, app id
/// and key ids, and survives a Codable round trip unchanged; addPassword's secret is exactly the
/// `secretText` Foundation reads (for ASCII values) and its body is zeroed afterwards; an error quotes at
/// most 80 characters of Graph's code and 200 of its message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGraph(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    guard let first = bytes.first else { return 0 }
    let body = Data(bytes.dropFirst())
    switch first % 4 {
    case 0: checkApplication(body)
    case 1: checkAddedPassword(body, status: first & 0x10 == 0 ? 200 : 201)
    default: checkFailure(body, status: [400, 401, 403, 404, 409, 429, 500, 503][Int(first >> 2) % 8])
    }
    return 0
}

func checkApplication(_ body: Data) {
    let application: GraphApplication
    do {
        application = try AzureAnswers.application(status: 200, body: body, appID: "00000000-0000-0000-0000-00000000000A")
    } catch {
        return
    }
    require(application.objectID == application.objectID.lowercased(), "an object id that is not lower case")
    require(application.appID == application.appID.lowercased(), "an app id that is not lower case")
    require(application.passwords.allSatisfy { $0.keyID == $0.keyID.lowercased() }, "a key id that is not lower case")
    let encoder = JSONEncoder()
    guard let encoded = try? encoder.encode(application),
          let decoded = try? JSONDecoder().decode(GraphApplication.self, from: encoded) else {
        require(false, "an application that does not survive a Codable round trip")
        return
    }
    require(decoded == application, "an application that changes in a Codable round trip")
}

func checkAddedPassword(_ original: Data, status: Int) {
    let object = (try? JSONSerialization.jsonObject(with: original)) as? [String: Any]
    let expected = object?["secretText"] as? String
    var body = original
    do {
        let added = try AzureAnswers.addedPassword(status: status, body: &body)
        let secret = added.secret.withUnsafeBytes { Array($0) }
        require(!secret.isEmpty, "an empty secret")
        if let expected, expected.allSatisfy(\.isASCII) {
            require(secret == Array(expected.utf8), "a secret that differs from Foundation's reading of secretText")
        }
        require(added.password.keyID == added.password.keyID.lowercased(), "a key id that is not lower case")
    } catch {
        if let expected, expected.count >= 8 {
            require(!"\(error) \(error.message)".contains(expected), "the secret in an error")
        }
    }
    require(body.allSatisfy { $0 == 0 }, "the answer body is not wiped")
}

func checkFailure(_ body: Data, status: Int) {
    let error = AzureAnswers.graphFailure(status: status, body: body)
    require(error.message.count <= 600, "an error message of \(error.message.count) characters")
}
