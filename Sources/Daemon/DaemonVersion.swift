/// The daemon's own version, reported by `/version`, `/info` and the dashboard.
public enum DaemonVersion {
    public static let current = "0.1.0"
    /// The lowest API version the server accepts.
    public static let minimumAPIVersion = "1.12"
    /// The highest API version `--api-version` may claim.
    public static let maximumAPIVersion = "1.51"
}
