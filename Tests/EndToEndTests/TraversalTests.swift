import Foundation
import Testing

/// Paths that try to leave the document tree or reach protection files, symlinks out of the
/// tree, and the directory listing (DESIGN "Files on disk"; gatehouse-semantics §8).
struct TraversalTests {
    /// A target and the status it must get.
    struct Case: Sendable, CustomTestStringConvertible {
        let target: String
        let user: String?
        let status: Int
        var testDescription: String { "\(user ?? "anonymous") GET \(target) → \(status)" }
        init(_ target: String, as user: String? = nil, _ status: Int) {
            self.target = target
            self.user = user
            self.status = status
        }
    }

    /// Targets that must never reach a file outside the tree or a protection file.
    static let cases: [Case] = [
        // A path that would climb above the root is refused, not clamped.
        Case("/../", 400),
        Case("/../protection/passwd", 400),
        Case("/%2e%2e/", 400),
        Case("/%2E%2E/protection/passwd", 400),
        Case("/a/%2e%2e/%2e%2e/x", 400),
        Case("/pub/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 400),
        // An encoded slash is part of a segment, not a separator: no such file.
        Case("/pub%2Freadme.txt", 404),
        Case("/pub/..%2F..%2Fprotection%2Fpasswd", 404),
        // NUL never reaches the file system.
        Case("/pub/readme%00.txt", 400),
        Case("/pub/readme.txt%00", 400),
        // Protection and marker files are never served, whoever asks.
        Case("/docs/.www_acl", 404),
        Case("/docs/.www_acl", as: "ann", 404),
        Case("/pub/.www_browsable", 404),
    ]

    @Test(arguments: cases)
    func target_outsideTheTreeOrAProtectionFile_isNeverServed(_ c: Case) async throws {
        try await withServer { server in
            let response = try server.get(c.target, as: c.user)
            #expect(response.status == c.status, "\(response)")
            #expect(!response.bodyText.contains("$2y$"), "\(response)")
            #expect(!response.bodyText.contains("readers"), "\(response)")
            #expect(!response.bodyText.contains("root:"), "\(response)")
        }
    }

    @Test func symlinksOutOfTheTree_are404() async throws {
        try await withServer(prepare: { site in
            try FileManager.default.createSymbolicLink(atPath: site.path("www/pub/etc"), withDestinationPath: "/etc")
            try FileManager.default.createSymbolicLink(atPath: site.path("www/pub/hosts.txt"), withDestinationPath: "/etc/hosts")
            try FileManager.default.createSymbolicLink(atPath: site.path("www/pub/keys"), withDestinationPath: site.path("protection"))
        }) { server in
            for target in ["/pub/etc/passwd", "/pub/etc/hosts", "/pub/hosts.txt", "/pub/etc/", "/pub/keys/passwd", "/pub/keys/group"] {
                let response = try server.get(target)
                #expect(response.status == 404, "\(target): \(response)")
                #expect(!response.bodyText.contains("root:") && !response.bodyText.contains("localhost")
                        && !response.bodyText.contains("$2y$") && !response.bodyText.contains("admins:"), "\(target): \(response)")
            }
        }
    }

    @Test func directoryListing_hidesDotfilesAndEscapesNames() async throws {
        try await withServer(prepare: { site in
            try site.write("www/pub/<b>&x.txt", "odd name\n")
            try site.write("www/pub/.hidden-notes", "secret\n")
        }) { server in
            let listing = try server.get("/pub/")
            #expect(listing.status == 200, "\(listing)")
            let html = listing.bodyText
            #expect(html.contains("readme.txt"), "\(html)")
            #expect(html.contains("&lt;b&gt;&amp;x.txt"), "\(html)")
            #expect(!html.contains("<b>"), "\(html)")
            #expect(!html.contains(".www_browsable") && !html.contains(".hidden-notes"), "\(html)")
            // The escaped link must lead to the file.
            let file = try server.get("/pub/%3Cb%3E%26x.txt")
            #expect(file.status == 200, "\(file)")
            #expect(file.bodyText == "odd name\n")
        }
    }

    @Test func directoryWithoutBrowsableMarker_isNotListed() async throws {
        // DirAccess Selective: a directory without .www_browsable and without a welcome file is not listed.
        try await withServer(prepare: { site in
            try FileManager.default.createDirectory(atPath: site.path("www/plain"), withIntermediateDirectories: true)
            try site.write("www/plain/file.txt", "plain\n")
        }) { server in
            let response = try server.get("/plain/")
            #expect(response.status != 200, "\(response)")
            #expect(!response.bodyText.contains("file.txt"), "\(response)")
            let file = try server.get("/plain/file.txt")
            #expect(file.status == 200, "\(file)")
        }
    }
}
