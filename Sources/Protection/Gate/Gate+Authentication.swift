extension Gate {
    /// What steps 2–7 made of a credentials header.
    enum Authentication {
        /// The password verified for this user.
        case user(String)
        /// The procedure ends here (401).
        case stop(Decision.Outcome)
        /// The password must be hashed before the procedure can go on.
        case hash(BasicCredentials, PasswordFile)
    }

    /// Steps 2–7: decode `header` and verify its password against the setup's password file. A
    /// value the verifier remembers verifying against this file is taken as is.
    func authenticate(_ header: String, setup: ProtectionSetup, mode: GateRequest.Mode, _ trace: inout GateTrace) -> Authentication {
        let headerName = GateRequest.credentialsField(mode)
        let file = snapshot.passwordFile(of: setup)
        if let file, let known = verifier.rememberedUser(forHeader: header, in: file) {
            trace.add("2–7", .passed, "this \(headerName) value verified as '\(known)' against \(file.path) before")
            trace.user = known
            trace.claimedUser = known
            return .user(known)
        }
        let credentials: BasicCredentials
        switch BasicCredentials.parse(header) {
        case .failure(let failure):
            trace.add(failure.step, .failed, failure.reason)
            trace.rejected = true
            return .stop(.challenge(realm: setup.realm))
        case .success(let parsed):
            credentials = parsed
        }
        trace.claimedUser = credentials.user
        trace.add("2", .passed, "\(headerName) uses the Basic scheme")
        trace.add("3", .passed, "credentials decode as base64")
        trace.add("4–5", .passed, "user '\(credentials.user)', password of \(credentials.password.count) bytes")
        guard let file else {
            trace.add("6–7", .failed, "setup '\(setup.name)' has no password file; nobody can authenticate")
            trace.rejected = true
            return .stop(.challenge(realm: setup.realm))
        }
        let check = verifier.verify(user: credentials.user, password: credentials.password, in: file)
        if check == .pending { return .hash(credentials, file) }
        return verified(credentials.user, check, header: header, file: file, setup: setup, &trace)
    }

    /// Steps 6–7 with the verifier's answer (at once, or after hashing). A verifier that still
    /// has no answer here fails closed.
    func verified(_ user: String, _ check: PasswordCheck, header: String, file: PasswordFile, setup: ProtectionSetup,
                  _ trace: inout GateTrace) -> Authentication {
        switch check {
        case .pending:
            trace.add("6–7", .failed, "the password for '\(user)' could not be checked")
            trace.rejected = true
            return .stop(.challenge(realm: setup.realm))
        case .invalid(let reason):
            trace.add("6–7", .failed, reason)
            trace.rejected = true
            return .stop(.challenge(realm: setup.realm))
        case .valid:
            trace.add("6–7", .passed, "password for '\(user)' verified against \(file.path)")
            verifier.remember(header: header, verifiedAs: user, in: file)
            trace.user = user
            return .user(user)
        }
    }
}
