import Azure
import Foundation
import FuzzSupport

@_cdecl("fuzz_jwt_claims_main")
public func fuzzJWTClaimsMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzJWTClaims)
}

/// `AccessTokenClaims.decode` (the payload of an Entra access token, read for diagnostics): refused only
/// with an `AzureError`; accepted tokens are at most 32 KiB with exactly three parts; every date is
/// finite; the claims survive a Codable round trip unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJWTClaims(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    let claims: AccessTokenClaims
    do {
        claims = try AccessTokenClaims.decode(bytes)
    } catch {
        return 0  // typed: AzureError
    }
    require(size > 0 && size <= AccessTokenClaims.maximumTokenBytes, "accepted a token of \(size) bytes")
    require(bytes.count(where: { $0 == UInt8(ascii: ".") }) == 2, "accepted a token without three parts")
    for date in [claims.issuedAt, claims.notBefore, claims.expiresAt].compactMap({ $0 }) {
        require(date.timeIntervalSince1970.isFinite, "a date that is not finite")
    }
    let encoder = JSONEncoder()
    guard let encoded = try? encoder.encode(claims), let decoded = try? JSONDecoder().decode(AccessTokenClaims.self, from: encoded) else {
        require(false, "claims that do not survive a Codable round trip")
        return 0
    }
    require(decoded == claims, "claims that change in a Codable round trip")
    return 0
}
