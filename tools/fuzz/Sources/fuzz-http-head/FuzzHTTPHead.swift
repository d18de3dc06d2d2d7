import Azure
import FuzzSupport

@_cdecl("fuzz_http_head_main")
public func fuzzHTTPHeadMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzHTTPHead)
}

/// `HTTPRequestHead.parse`, what the token broker reads from any local process: refused only with a
/// `ParseError`; an accepted head has an upper-case ASCII method, a path starting with `/`, lower-case
/// header names without control characters in values, and no request body announced.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPHead(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(input(data, size))
    let head: HTTPRequestHead
    do {
        head = try HTTPRequestHead.parse(bytes)
    } catch {
        if case .tooLarge = error { require(size > HTTPRequestHead.maximumBytes || bytes.count(where: { $0 == 10 }) >= HTTPRequestHead.maximumHeaders, "tooLarge for a small head") }
        return 0
    }
    require(size <= HTTPRequestHead.maximumBytes, "accepted a head over the limit")
    require(!head.method.isEmpty && head.method.allSatisfy { $0.isASCII && $0.isUppercase }, "a method that is not upper-case ASCII")
    require(head.path.hasPrefix("/"), "a path that does not start with /")
    require(head.headers.count <= HTTPRequestHead.maximumHeaders, "more headers than the limit")
    for (name, value) in head.headers {
        require(name == name.lowercased() && !name.isEmpty, "a header name that is not lower case")
        require(!value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "a control character in a header value")
    }
    require(head.headers["content-length"].map { $0 == "0" } ?? true, "a request body announced")
    require(head.headers["transfer-encoding"] == nil, "a transfer encoding accepted")
    return 0
}
