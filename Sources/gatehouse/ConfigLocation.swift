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

    /// What to tell the user when there is no rule file at `path` (absolute, from `resolve`):
    /// where it was looked for and how to point at one; nil when something is there (the
    /// loader reports any other problem with `path:line`). `serve`, `check` and `explain` print
    /// it before loading, so a newcomer who runs one outside the repository reads what to do.
    static func missing(_ path: String) -> String? {
        do {
            _ = try FileSystem.stat(path)
            return nil
        } catch where error == .noSuchFile {
            return "no rule file at \(path); run from the directory that holds protection/, or pass --config"
        } catch {
            return nil
        }
    }
}
