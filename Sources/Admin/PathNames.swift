/// Splitting paths into directory and name, for the lock and temporary files that live beside
/// the file being edited (a rename is atomic only within one directory).
enum PathNames {
    /// The directory part: `"a/b"` → `"a"`, `"b"` → `"."`, `"/b"` → `"/"`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = path[..<slash]
        return head.isEmpty ? "/" : String(head)
    }

    /// The last component: `"a/b"` → `"b"`.
    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `directory/name`, without doubling a `/`.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
