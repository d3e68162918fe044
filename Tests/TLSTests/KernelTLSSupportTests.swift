import Testing
@testable import TLS

@Suite struct KernelTLSSupportTests {
    /// `/proc/sys/net/ipv4/tcp_available_ulp` texts and whether they name the `tls` ULP.
    @Test(arguments: [
        ("espintcp mptcp tls\n", true),
        ("tls\n", true),
        ("mptcp tls", true),
        ("mptcp\n", false),
        ("", false),
        ("mptcp tlsx ktls\n", false),
    ])
    func availableULPList_namesTLSOnlyAsAWholeWord(list: String, offersTLS: Bool) {
        #expect(KernelTLSSupport.listsTLS(Array(list.utf8)) == offersTLS)
    }
}
