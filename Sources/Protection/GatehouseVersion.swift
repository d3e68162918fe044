/// The version of this build, for every tool's `--version` and the server's `Server:` header.
/// In `Protection` because it is the one module every executable links (`gatehouse` and
/// `htadm` alike).
public enum GatehouseVersion {
    /// Semantic version of this build.
    public static let string = "0.1.0"
}
