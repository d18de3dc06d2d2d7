import Agent
import Azure
import Foundation
import FuzzSupport

@_cdecl("fuzz_date_main")
public func fuzzDateMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzDate)
}

/// Every date parser fed from outside: `DurationText.date` (`audit --since`), Graph's timestamps
/// (`startDateTime`/`endDateTime` of passwords) and `Retry-After` (delta-seconds or an HTTP date).
/// An accepted date is finite, survives an RFC 3339 round trip to the second, and a `YYYY-MM-DD` is read as
/// that very day (nothing rolls over); a Retry-After is >= 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: input(data, size), as: UTF8.self)
    do {
        let date = try DurationText.date(text, option: "--since")
        requireRoundTrip(date, "--since")
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.utf8.count == 10 {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            require(formatter.string(from: date) == trimmed, "--since \(trimmed) is read as another day")
        }
    } catch let error as ReportedError {
        require(error.exitCode == .usage, "refused with exit code \(error.exitCode), not 2")
    } catch {
        require(false, "threw \(type(of: error)), not ReportedError")
    }
    if let date = AzureAnswers.graphDate(text) {
        require(date.timeIntervalSince1970.isFinite, "a Graph date that is not finite")
    }
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    if let seconds = AzureAnswers.retryAfterSeconds(text, now: now) {
        require(seconds >= 0, "a negative Retry-After")
    }
    return 0
}

/// Formats `date` as RFC 3339 and parses it back: the same instant, to the second.
func requireRoundTrip(_ date: Date, _ what: String) {
    require(date.timeIntervalSince1970.isFinite, "\(what): not finite")
    let formatter = ISO8601DateFormatter()
    let text = formatter.string(from: date)
    guard let again = formatter.date(from: text) else {
        require(false, "\(what): \(text) does not parse back")
        return
    }
    require(again.timeIntervalSince1970 == date.timeIntervalSince1970.rounded(.down), "\(what): \(text) is not the same instant")
}
