/// A 40-character value shaped like Azure's current client secrets (3 characters, `8Q~`, 34 more, from the
/// URL-unreserved set), distinct and repeatable per seed. For tests only: it is not random.
public func azureSecret(_ seed: Int) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    var state = UInt64(seed) &* 6364136223846793005 &+ 1442695040888963407
    let body = (0..<37).map { _ -> Character in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return alphabet[Int(state >> 33) % alphabet.count]
    }
    return String(body.prefix(3)) + "8Q~" + String(body.dropFirst(3).prefix(34))
}
