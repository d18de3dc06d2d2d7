import CFuzzerDriver

/// What a fuzz target asserts beyond "does not crash": a broken property stops the run like a crash, so
/// libFuzzer keeps the input (`crash-…` in the findings folder) and `tools/fuzz/run` fails.
public func require(_ condition: Bool, _ property: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    guard condition else { fatalError("fuzz property broken: \(property())", file: file, line: line) }
}

/// The fuzzer's input as a raw buffer (valid only during the call).
public func input(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: data, count: size)
}

/// The signature of a fuzz target's one-input function.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer on `target` with the process's arguments.
///
/// SwiftPM links an executable target with `main` aliased to `<module>_main`, a symbol that a module built
/// with `-parse-as-library` does not define; so each target defines `<module>_main` itself and hands
/// control to libFuzzer's driver here (the same driver libFuzzer's own `main` calls).
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ target: FuzzTarget) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, target)
}
