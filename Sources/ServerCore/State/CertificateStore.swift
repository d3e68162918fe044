import Protection
import Synchronization
import TLS
import Transport

/// The TLS certificates in force: the context every TLS listener's new handshakes use, built
/// from the rule file's `TLSCertificate` and `TLSCertificateKey`. Reloaded on `SIGHUP` and when
/// either file changes (checked with the protection files, once a second): a new valid pair
/// serves new handshakes while connections in flight keep theirs; a bad pair is refused with a
/// `file:` message and the old one stays. Session-ticket keys carry over, so tickets issued
/// before a reload still resume.
final class CertificateStore: Sendable {
    /// What a reload attempt did.
    enum ReloadResult: Sendable {
        case unchanged
        case reloaded
        case failed(String)
    }

    private struct Current {
        var context: TLSContext
        var pair: TLSCertificatePair
        var stamps: [FileStamp?]
    }

    private let current: Mutex<Current>
    private let ticketKeys: TLSSessionTicketKeys

    /// Loads the pair `settings` name; throws a message for standard error.
    init(settings: ServerSettings, ruleFile: String) throws(ServerStartError) {
        guard let certificate = settings.tlsCertificate, let key = settings.tlsCertificateKey else {
            let line = settings.tlsListen.first.map { ":\($0.line)" } ?? ""
            throw ServerStartError("\(ruleFile)\(line): a TLS listener needs TLSCertificate and TLSCertificateKey")
        }
        let pair = TLSCertificatePair(certificateChainPath: certificate.value, privateKeyPath: key.value)
        let keys = TLSSessionTicketKeys()
        do {
            let context = try TLSContext(certificates: [pair], options: TLSServerOptions(ticketKeys: keys))
            current = Mutex(Current(context: context, pair: pair, stamps: CertificateStore.stamps(pair)))
        } catch {
            throw ServerStartError(error.description)
        }
        ticketKeys = keys
    }

    /// The context for a new handshake.
    var context: TLSContext { current.withLock { $0.context } }

    /// Builds a new context when the files changed (or always, with `force`), under the pair the
    /// rule file now names.
    func reloadIfChanged(settings: ServerSettings, force: Bool) -> ReloadResult {
        guard let certificate = settings.tlsCertificate, let key = settings.tlsCertificateKey else { return .unchanged }
        let pair = TLSCertificatePair(certificateChainPath: certificate.value, privateKeyPath: key.value)
        let stamps = CertificateStore.stamps(pair)
        let (oldPair, oldStamps) = current.withLock { ($0.pair, $0.stamps) }
        guard force || pair != oldPair || stamps != oldStamps else { return .unchanged }
        do {
            let context = try TLSContext(certificates: [pair], options: TLSServerOptions(ticketKeys: ticketKeys))
            current.withLock { $0 = Current(context: context, pair: pair, stamps: stamps) }
            return .reloaded
        } catch {
            // Remember what was seen, so one broken edit is reported once.
            current.withLock {
                $0.pair = pair
                $0.stamps = stamps
            }
            return .failed(error.description)
        }
    }

    private static func stamps(_ pair: TLSCertificatePair) -> [FileStamp?] {
        [FileStamp(path: pair.certificateChainPath), FileStamp(path: pair.privateKeyPath)]
    }
}
