import Testing
@testable import Protection

@Test func setup_parsesEveryDirectiveAndAlias() throws {
    let text = """
    # team setup
    AuthType Basic
    Server-Id "Team Area"
    PasswdFile: ../passwd
    GroupFile group
    Mask-Group staff
    PUT-Mask ann
    Mask @127.0.0.1
    ACLOverride On
    UserId nobody
    GroupId nogroup
    """
    let (setup, warnings) = try ProtectionSetup.parse(text, path: "/srv/conf/setups/team.setup")
    #expect(warnings.isEmpty)
    #expect(setup.realm == "Team Area")
    #expect(setup.passwordFile == "/srv/conf/passwd")
    #expect(setup.groupFile == "/srv/conf/setups/group")
    #expect(setup.aclOverride)
    #expect(setup.userId == "nobody")
    #expect(setup.mask(for: "GET")?.kind == .get)
    #expect(setup.mask(for: "HEAD")?.kind == .get)
    #expect(setup.mask(for: "PUT")?.kind == .put)
    #expect(setup.mask(for: "POST")?.kind == .general)
    #expect(setup.mask(for: "DELETE")?.definition.description == "@127.0.0.1")
}

@Test func setup_withoutGeneralMaskLeavesOtherMethodsUnmasked() throws {
    let (setup, _) = try ProtectionSetup.parse("ServerId X\nGetMask All\n", path: "/s")
    #expect(setup.mask(for: "PUT") == nil)
    #expect(setup.mask(for: "GET") != nil)
}

@Test(arguments: [
    ("ServerId X\nAuthType Pubkey\n", 2, "not supported"),
    ("ServerId X\nColour blue\n", 2, "unknown setup directive 'Colour'"),
    ("GetMask All\n", 0, "no ServerId"),
    ("ServerId X\nGetMask (ann\n", 2, "GetMask"),
    ("ServerId X\nACLOverride maybe\n", 2, "On or Off"),
    ("ServerId X\nAuthType Basic\n", 0, "no PasswordFile"),
    ("ServerId X\nPasswordFile\n", 2, "needs a value"),
])
func setup_reportsErrorsWithLine(text: String, line: Int, fragment: String) {
    do {
        _ = try ProtectionSetup.parse(text, path: "/s")
        Issue.record("accepted")
    } catch {
        #expect(error.diagnostics.first?.location.line == line)
        #expect(error.diagnostics.first?.message.contains(fragment) == true, "\(error)")
    }
}
