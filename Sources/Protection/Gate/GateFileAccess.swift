/// How the Gate reads `.www_acl` files and tests whether the requested file exists. The server
/// puts a cache revalidated by `stat` behind it; tests use `DirectGateFiles` over an in-memory
/// file system.
public protocol GateFileAccess: Sendable {
    /// The ACL file of a directory.
    func aclFile(inDirectory directory: String) -> ACLLookup
    /// Whether the translated path exists (step 13).
    func exists(_ path: String) -> Bool
}

/// What looking for a `.www_acl` found.
public enum ACLLookup: Sendable {
    /// No ACL file in the directory.
    case absent
    /// A parsed ACL file.
    case present(ACLFile)
    /// An ACL file that exists but cannot be read or parsed: the Gate fails closed (403).
    case broken(ProtectionFileError)
}

/// The name of the ACL file in every directory.
public let aclFileName = ".www_acl"

/// `GateFileAccess` that reads through a `ProtectionFileSystem` on every call.
public struct DirectGateFiles<FS: ProtectionFileSystem>: GateFileAccess {
    /// The file system read.
    public let fileSystem: FS

    /// Wraps a file system.
    public init(_ fileSystem: FS) { self.fileSystem = fileSystem }

    /// Reads and parses `directory/.www_acl`.
    public func aclFile(inDirectory directory: String) -> ACLLookup {
        let path = (directory.hasSuffix("/") ? directory : directory + "/") + aclFileName
        guard fileSystem.status(path) != nil else { return .absent }
        do {
            let text = try fileSystem.readText(path, limit: ProtectionLimits.maxFileBytes)
            return .present(try ACLFile.parse(text, path: path))
        } catch let error as ProtectionFileError {
            return .broken(error)
        } catch {
            return .broken(ProtectionFileError(path: path, line: 0, "cannot read: \(error)"))
        }
    }

    /// Whether the path exists.
    public func exists(_ path: String) -> Bool { fileSystem.status(path) != nil }
}
