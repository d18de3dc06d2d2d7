/// Converts a short JSON number to a `Double` or an `Int` without `strtod`: an optional `-` and at most 19
/// digits in all (integer part and fraction), no exponent, given as its sign, its digits as one integer and
/// how many of them follow the point (`JSONScanner` gathers them while checking the grammar). A date in
/// milliseconds as `JSONEncoder` writes `Date()` (`1764590958536.1987`) is such a number.
///
/// Guarantees: the result is bit for bit what `Double(text)` or `Int(text)` gives for the text (the correctly
/// rounded value, `-0.0` included). `ShortDecimalTests` compare `JSONScanner.double()` and `int()` with
/// `Double(text)` and `Int(text)` on random and borderline texts.
enum ShortDecimal {
    /// `Double(text)` for the number `(negative ? "-" : "") + digits / 10^fractionDigits`, with
    /// `digits < 10^19` and `fractionDigits <= 19`. (Nil, for the caller to convert the text itself, only if
    /// the division's bound below were wrong: a check rather than a trap.)
    static func double(negative: Bool, digits: UInt64, fractionDigits: Int) -> Double? {
        let magnitude: Double
        if digits == 0 {
            magnitude = 0
        } else if fractionDigits == 0 {
            magnitude = Double(digits)  // correctly rounded (to nearest, ties to even) from any UInt64
        } else {
            var divisor: UInt64 = 1
            for _ in 0..<fractionDigits { divisor &*= 10 }  // at most 10^19 < 2^64
            guard let quotient = quotient(digits, divisor) else { return nil }
            magnitude = quotient
        }
        return negative ? -magnitude : magnitude
    }

    /// `Int(text)` for an integer written with at most 18 digits (which cannot overflow), else nil.
    static func int(negative: Bool, digits: UInt64) -> Int? {
        guard digits < 1_000_000_000_000_000_000 else { return nil }
        return negative ? -Int(digits) : Int(digits)
    }

    /// `numerator / divisor` correctly rounded (to nearest, ties to even), for 1 ≤ numerator < 2^64 and
    /// 10 ≤ divisor < 2^64 (so the result is a normal number).
    ///
    /// The quotient is taken in integers with at least 56 bits, three more than a `Double` keeps; a non-zero
    /// remainder is folded into its lowest bit (the sticky bit), so converting that integer to `Double`
    /// rounds as the exact quotient would; the scaling by a power of two after it is exact.
    private static func quotient(_ numerator: UInt64, _ divisor: UInt64) -> Double? {
        let numeratorBits = UInt64.bitWidth - numerator.leadingZeroBitCount
        let divisorBits = UInt64.bitWidth - divisor.leadingZeroBitCount
        // numerator · 2^shift / divisor lies in [2^55, 2^57), or in [2^55, 2^64) when shift is 0.
        let shift = max(0, 56 + divisorBits - numeratorBits)
        let high: UInt64, low: UInt64
        switch shift {
        case 0: (high, low) = (0, numerator)
        case 1..<64: (high, low) = (numerator >> (64 - shift), numerator << shift)
        default: (high, low) = (numerator << (shift - 64), 0)
        }
        guard high < divisor else { return nil }  // the quotient would not fit in 64 bits: cannot happen
        let (quotient, remainder) = divisor.dividingFullWidth((high: high, low: low))
        let rounded = Double(quotient | (remainder == 0 ? 0 : 1))
        // 2^-shift with shift ≤ 119: a normal Double, so the product is exact.
        return rounded * Double(sign: .plus, exponent: -shift, significand: 1)
    }
}
