import Foundation
import Testing
@testable import Admin

@Suite struct SafeFileEditorTests {
    func edit(_ path: String, _ format: FileFormat = .password, ifMissing: SafeFileEditor.IfMissing = .fail,
              _ text: @escaping (String?) -> String) throws(AdminFailure) -> TextEdit {
        try SafeFileEditor(path: path, format: format).edit(ifMissing: ifMissing) { (current) throws(AdminFailure) in
            TextEdit(text: text(current), summary: "changed")
        }
    }

    @Test func edit_replacesTheFileAndLeavesOnlyTheLockBeside() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "# keep\nann:x\n")
        _ = try edit(dir.file("pw")) { ($0 ?? "") + "bob:y\n" }
        #expect(try dir.read("pw") == "# keep\nann:x\nbob:y\n")
        #expect(try dir.names() == ["pw", "pw.lock"])
    }

    @Test func edit_keepsTheModeOfTheFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "ann:x\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: dir.file("pw"))
        _ = try edit(dir.file("pw")) { ($0 ?? "") + "bob:y\n" }
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.file("pw"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
    }

    @Test func edit_createsAMissingFileWithMode0644OnlyWhenAllowed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(throws: AdminFailure.failed("\(dir.file("acl")): no such file")) {
            try edit(dir.file("acl"), .acl) { _ in "* : GET : All\n" }
        }
        _ = try edit(dir.file("acl"), .acl, ifMissing: .create) { _ in "* : GET : All\n" }
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.file("acl"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
        #expect(try dir.read("acl") == "* : GET : All\n")
    }

    @Test func edit_refusesAnInvalidOriginalAndLeavesItAlone() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let broken = "# group file\nstaff ann\n"
        try dir.write("gr", broken)
        #expect(throws: AdminFailure.failed("\(dir.file("gr")):2: expected 'name: definition'")) {
            try edit(dir.file("gr"), .group) { _ in "staff: ann\n" }
        }
        #expect(try dir.read("gr") == broken)
    }

    @Test func edit_neverWritesATextTheServerWouldReject() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("gr", "staff: ann\n")
        #expect(throws: AdminFailure.self) { try edit(dir.file("gr"), .group) { _ in "staff: ann,\n" } }
        #expect(try dir.read("gr") == "staff: ann\n")
        #expect(try dir.names() == ["gr", "gr.lock"])
    }

    @Test func edit_throughASymlinkKeepsTheLink() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("real", "ann:x\n")
        try FileManager.default.createSymbolicLink(atPath: dir.file("link"), withDestinationPath: "real")
        _ = try edit(dir.file("link")) { ($0 ?? "") + "bob:y\n" }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("link")) == "real")
        #expect(try dir.read("real") == "ann:x\nbob:y\n")
        #expect(try dir.names() == ["link", "real", "real.lock"])
    }

    @Test func edit_thatThrowsBeforeRenameRemovesItsTemporaryFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "ann:x\n")
        var editor = SafeFileEditor(path: dir.file("pw"), format: .password)
        let seen = Box()
        editor.beforeRename = { (temporary) throws(AdminFailure) in
            seen.value = temporary
            throw .failed("stop")
        }
        #expect(throws: AdminFailure.failed("stop")) {
            try editor.edit(ifMissing: .fail) { (text) throws(AdminFailure) in TextEdit(text: (text ?? "") + "bob:y\n", summary: "") }
        }
        #expect(PathNames.name(of: seen.value).hasPrefix(".gatehouse-edit-pw."))
        #expect(try dir.read("pw") == "ann:x\n")
        #expect(try dir.names() == ["pw", "pw.lock"])
    }

    @Test(arguments: [("a/b", "a", "b"), ("b", ".", "b"), ("/b", "/", "b"), ("/x/y/z", "/x/y", "z")])
    func pathNames_split(path: String, directory: String, name: String) {
        #expect(PathNames.directory(of: path) == directory)
        #expect(PathNames.name(of: path) == name)
    }
}

/// A mutable string a closure can fill in.
final class Box: @unchecked Sendable {
    var value = ""
}
