/// The cloud an account belongs to. Only Azure today; an enum so AWS and GCP can follow without a format change.
public enum Provider: String, Codable, Sendable, CaseIterable {
    case azure
}
