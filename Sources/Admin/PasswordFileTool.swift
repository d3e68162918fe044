import Protection

/// The password-file operations `htadm` and `gatehouse user` share: each validates its input,
/// hashes outside the lock, and edits through `SafeFileEditor`.
struct PasswordFileTool {
    /// The file, as the user named it.
    let path: String
    /// Console and the injected fault, if any.
    let context: AdminContext

    private var editor: SafeFileEditor { context.editor(path, .password) }

    /// The current text, checked; fails when the file is missing or invalid.
    func existingText() throws(AdminFailure) -> String {
        try editor.readValid()
    }

    /// Whether `user` is in the file now (an early check, so nobody types a password in vain;
    /// the edit checks again under the lock).
    func contains(_ user: String) throws(AdminFailure) -> Bool {
        PasswordFileEditor.users(in: try existingText()).contains(user)
    }

    /// Creates an empty file; refused when it exists.
    func create() throws(AdminFailure) -> String {
        let edit = try editor.edit(ifMissing: .create) { (current) throws(AdminFailure) in
            if current != nil { throw .refused("\(path) already exists") }
            return TextEdit(text: "", summary: "created an empty password file")
        }
        return edit.summary
    }

    /// Adds a user; refused when present. `createFile` lets the edit create a missing file.
    func add(user: String, password: [UInt8], realName: String, scheme: PasswordHasher.Scheme, createFile: Bool) throws(AdminFailure) -> String {
        if let warning = try NameRules.checkUser(user) { context.console.err(warning) }
        let realName = try PasswordFileEditor.checkedRealName(realName)
        let hash = try Self.hash(password, scheme: scheme, console: context.console)
        let edit = try editor.edit(ifMissing: createFile ? .create : .fail) { (current) throws(AdminFailure) in
            let edit = try PasswordFileEditor.add(user: user, hash: hash, realName: realName, schemeName: scheme.name, to: current ?? "", path: path)
            return current == nil ? TextEdit(text: edit.text, summary: edit.summary + " to a new file") : edit
        }
        return edit.summary
    }

    /// Deletes a user; refused when absent.
    func delete(user: String) throws(AdminFailure) -> String {
        try editor.edit(ifMissing: .fail) { (current) throws(AdminFailure) in
            try PasswordFileEditor.delete(user: user, from: current ?? "", path: path)
        }.summary
    }

    /// Changes a password; refused when the user is absent.
    func change(user: String, password: [UInt8], scheme: PasswordHasher.Scheme) throws(AdminFailure) -> String {
        let hash = try Self.hash(password, scheme: scheme, console: context.console)
        return try editor.edit(ifMissing: .fail) { (current) throws(AdminFailure) in
            try PasswordFileEditor.setHash(hash, of: user, schemeName: scheme.name, in: current ?? "", path: path)
        }.summary
    }

    /// Whether `password` is right for `user`, by exactly the server's check: the first line of
    /// the user, disabled and unusable hashes never match, an unknown user is incorrect.
    func check(user: String, password: [UInt8]) throws(AdminFailure) -> Bool {
        let text = try existingText()
        let file: PasswordFile
        do {
            (file, _) = try PasswordFile.parse(text, path: path)
        } catch {
            throw .failed(FileFormat.oneLine(error))
        }
        guard let entry = file.entry(for: user) else { return false }
        return entry.hash.verify(password)
    }

    /// The user names, first of duplicates only, in file order.
    func users() throws(AdminFailure) -> [String] {
        PasswordFileEditor.users(in: try existingText())
    }

    /// Hashes a new password, refusing what cannot be stored and warning when the scheme will
    /// ignore part of it.
    static func hash(_ password: [UInt8], scheme: PasswordHasher.Scheme, console: any AdminConsole) throws(AdminFailure) -> String {
        if password.isEmpty { throw .failed("empty password refused") }
        if let significant = scheme.significantPasswordLength, password.count > significant {
            console.err("warning: \(scheme.name) uses only the first \(significant) bytes of a password")
        }
        do {
            return try PasswordHasher.hash(password, scheme: scheme)
        } catch {
            throw .failed("the password cannot be stored: \(error.description)")
        }
    }
}
