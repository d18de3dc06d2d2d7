import Agent
import FuzzSupport

@_cdecl("fuzz_duration_main")
public func fuzzDurationMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzDuration)
}

/// `DurationText.seconds` (`--timeout`, `--within`, `--retire-old after:`): an accepted duration is within
/// the range asked for, a whole number of its unit, and spelled with ASCII digits and one unit letter;
/// anything else is a `ReportedError` with exit code 2.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDuration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: input(data, size), as: UTF8.self)
    let ranges: [ClosedRange<Double>] = [1...(366 * 86_400), 1...(24 * 3600), 0...(3 * 366 * 86_400)]
    for range in ranges {
        do {
            let seconds = try DurationText.seconds(text, option: "--within", range: range)
            require(range.contains(seconds), "\(seconds) s is outside \(range)")
            let spelled = text.trimmingCharacters(in: .whitespaces).lowercased()
            let unit: Double = ["s": 1, "m": 60, "h": 3600, "d": 86_400][spelled.last.map(String.init) ?? ""] ?? 0
            require(unit > 0, "accepted without a unit")
            require(seconds.truncatingRemainder(dividingBy: unit) == 0, "not a whole number of the unit")
            require(spelled.dropLast().allSatisfy { $0.isASCII && ($0.isNumber || $0 == "+" || $0 == "-") },
                    "accepted a number that is not ASCII digits")
        } catch let error as ReportedError {
            require(error.exitCode == .usage, "refused with exit code \(error.exitCode), not 2")
        } catch {
            require(false, "threw \(type(of: error)), not ReportedError")
        }
    }
    return 0
}
