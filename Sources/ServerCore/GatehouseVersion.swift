/// The version reported in `Server:` headers and `--version`.
public enum GatehouseVersion {
    /// Semantic version of this build.
    public static let string = "0.1.0"
}
