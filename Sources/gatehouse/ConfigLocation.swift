import Transport

/// Finds the rule file: `--config PATH`, else `protection/httpd.conf` under the current directory
/// (the bundled samples when run from the repository). Always returns an absolute path.
enum ConfigLocation {
    /// The default rule file, relative to the working directory.
    static let defaultPath = "protection/httpd.conf"

    /// The absolute rule-file path.
    static func resolve(_ given: String?) -> String {
        let path = given ?? defaultPath
        if path.hasPrefix("/") { return path }
        let cwd = (try? FileSystem.currentDirectory()) ?? "."
        return cwd + "/" + path
    }
}
