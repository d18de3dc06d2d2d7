import Accounts
import Foundation
import FuzzSupport
import Sodium

@_cdecl("fuzz_az_json_main")
public func fuzzAzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzAzJSON)
}

/// `AzCredentialJSON.parse` (what `iamvault add --from-az-json` reads): it refuses with an `AccountError`,
/// never traps; and what it accepts is JSON that Foundation's parser reads the same way (differential
/// check for UTF-8 documents): same appId, tenant, displayName and password bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    guard let document = try? SecretBytes(copying: bytes) else { return 0 }
    let parsed: AzCredentialJSON
    do {
        parsed = try AzCredentialJSON.parse(document)
    } catch is AccountError {
        return 0
    } catch {
        require(false, "threw \(type(of: error)), not AccountError")
        return 0
    }
    require(size <= AzCredentialJSON.maximumByteCount, "accepted a document over the limit")
    require(!parsed.appID.isEmpty && !parsed.tenant.isEmpty, "accepted an empty appId or tenant")
    guard String(validating: bytes, as: UTF8.self) != nil else { return 0 }
    let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    guard let object else {
        require(false, "accepted a document that is not a JSON object")
        return 0
    }
    require(object["appId"] as? String == parsed.appID, "appId differs from Foundation's reading")
    require(object["tenant"] as? String == parsed.tenant, "tenant differs from Foundation's reading")
    let displayName = (object["displayName"] as? String).flatMap { $0.isEmpty ? nil : $0 }
    require(displayName == parsed.displayName, "displayName differs from Foundation's reading")
    let password = Array(((object["password"] as? String) ?? "").utf8)
    require(parsed.password.withUnsafeBytes { Array($0) } == password, "password differs from Foundation's reading")
    return 0
}
