/// A `GateFileAccess` that answers `exists` for one path the router has already looked at, so
/// the Gate's step 13 costs no second `stat`.
struct KnownExistence<Base: GateFileAccess>: GateFileAccess {
    let base: Base
    let path: String
    let exists: Bool

    func aclFile(inDirectory directory: String) -> ACLLookup { base.aclFile(inDirectory: directory) }

    func exists(_ candidate: String) -> Bool {
        candidate == path ? exists : base.exists(candidate)
    }
}
