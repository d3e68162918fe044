extension Gate {
    /// Steps 8–15 for a protected request whose credentials (if any) verified as `user`: the
    /// method's mask, the directory's ACL file, then existence.
    func authorize(_ request: GateRequest, setup: ProtectionSetup, acl: ACLLookup, user: String?, _ trace: inout GateTrace) -> Decision.Outcome {
        let method = request.method
        let directory = PathResolution.directory(of: request.checkedPath)
        let fileName = PathResolution.lastComponent(of: request.checkedPath)
        func shownName() -> String { fileName.isEmpty ? "the directory itself" : "'\(fileName)'" }
        func who() -> String { user.map { "user '\($0)'" } ?? "anonymous" }
        let evaluator = GroupEvaluator(user: user, client: request.client, groups: snapshot.groupFile(of: setup))

        // Step 8: the mask for the method (skipped with ACLOverride On when an ACL file exists).
        let mask = setup.mask(for: method)
        var aclFile: ACLFile?
        if case .present(let f) = acl { aclFile = f }
        if let mask {
            if setup.aclOverride && aclFile != nil {
                trace.add("8", .info, "ACLOverride On and an ACL file exists: \(mask.kind.rawValue) is skipped")
            } else {
                switch evaluator.check(mask.definition) {
                case .member:
                    trace.add("8", .passed, "\(who()) from \(request.client) matches \(mask.kind.rawValue) \(mask.definition)")
                case .addressRefused:
                    trace.add("8", .failed, "no item of \(mask.kind.rawValue) \(mask.definition) admits address \(request.client)")
                    return .forbidden(.addressRefused)
                case .notMember:
                    trace.add("8", .failed, "\(who()) from \(request.client) does not match \(mask.kind.rawValue) \(mask.definition)")
                    return .challenge(realm: setup.realm)
                }
            }
        } else {
            trace.add("8", .info, "setup '\(setup.name)' has no mask for \(method)")
        }

        // Steps 9–10.
        guard let aclFile else {
            if request.mode == .proxy {
                trace.add("9", .info, "proxy requests have no \(aclFileName) files")
            } else {
                trace.add("9", .info, "no \(aclFileName) in \(directory)")
            }
            if mask == nil {
                trace.add("10", .failed, "no mask for \(method) and no ACL file: access is never allowed")
                return .forbidden(.noMaskNoACL)
            }
            return existence(request, &trace, user: user)
        }
        let entries = aclFile.entries(for: fileName, method: method)
        trace.add("9", .info, "\(aclFile.path) has \(entries.count) entr\(entries.count == 1 ? "y" : "ies") for \(shownName()) and \(method)")
        guard !entries.isEmpty else {
            trace.add("10", .failed, "the ACL file has no entry for \(shownName()) and \(method)")
            return .forbidden(.noACLEntry)
        }

        // Steps 11–12: any entry for the request must admit the client; any failure is 401.
        for entry in entries where evaluator.check(entry.who) == .member {
            trace.add("11–12", .passed, "\(who()) from \(request.client) matches '\(entry.template) : \(entry.methods.joined(separator: ",")) : \(entry.who)' (line \(entry.line))")
            return existence(request, &trace, user: user)
        }
        trace.add("11–12", .failed, "\(who()) from \(request.client) matches none of the ACL entries for \(shownName())")
        return .challenge(realm: setup.realm)
    }
}
