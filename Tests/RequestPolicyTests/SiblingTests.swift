import HTTPWire
import Protection
import RequestPolicy
import Testing

/// `allowsSibling`: a precompressed `.gz` / `.br` may be sent in place of a document only when its
/// own URL would be served, as that very file, to the same client with the same credentials —
/// so a sibling never widens access.
struct SiblingTests {
    static let conf = """
    \(Site.teamSetup)
    Protect /pub/*.br team
    Protect /team/* team
    Fail /pub/*.secret.gz
    Pass /pub/moved.css.gz /srv/other/moved.css.gz
    Pass /pub/* /srv/www/pub/*
    Pass /team/* /srv/www/team/*
    """

    static let files = [
        "/srv/www/pub/app.js": "js", "/srv/www/pub/app.js.gz": "gz", "/srv/www/pub/app.js.br": "br",
        "/srv/www/pub/x.secret": "s", "/srv/www/pub/x.secret.gz": "gz",
        "/srv/www/pub/moved.css": "css", "/srv/www/pub/moved.css.gz": "gz", "/srv/other/moved.css.gz": "other",
        "/srv/www/pub/dir/index.html": "i", "/srv/www/pub/dir/index.html.gz": "gz",
        "/srv/www/team/index.html": "t", "/srv/www/team/index.html.gz": "gz",
    ]

    func sibling(_ target: String, _ suffix: String, as userPass: String? = nil, from peer: ClientAddress = Site.local) throws -> Bool {
        let decider = try Site.hashing(conf: Self.conf, extra: Self.files)
        let head = try userPass.map { try Site.head(target, as: $0) } ?? Site.head("GET", target)
        let answer = decider.decide(head, from: peer)
        try #require(answer.servedFile != nil, "the document itself is served: \(answer.action)")
        return decider.allowsSibling(of: answer, suffix: suffix, head: head)
    }

    @Test(arguments: [
        ("/pub/app.js", ".gz", nil, true),
        ("/pub/app.js", ".br", nil, false),            // the .br is protected by its own rule
        ("/pub/app.js", ".br", "ann:annpw", true),     // … and served to a user its mask admits
        ("/pub/app.js", ".br", "carl:carlpw", false),
        ("/pub/x.secret", ".gz", nil, false),          // refused by a Fail rule
        ("/pub/moved.css", ".gz", nil, false),         // its URL serves another file
        ("/pub/dir/", ".gz", nil, true),               // a directory URL: the welcome file's sibling
        ("/pub/dir/", ".br", nil, false),              // absent
        ("/team/", ".gz", "ann:annpw", true),
    ] as [(String, String, String?, Bool)])
    func allowsSibling_onlyWhenItsOwnURLServesIt(target: String, suffix: String, userPass: String?, allowed: Bool) throws {
        #expect(try sibling(target, suffix, as: userPass) == allowed)
    }

    @Test func allowsSibling_neverForAnAnswerThatServesNoFile() throws {
        let decider = try Site.hashing(conf: Self.conf, extra: Self.files)
        let head = try Site.head("GET", "/team/")
        let answer = decider.decide(head)
        #expect(answer.status == .unauthorized)
        #expect(!decider.allowsSibling(of: answer, suffix: ".gz", head: head))
    }
}
