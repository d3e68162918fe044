import Protection

/// libFuzzer entry: the input is an `Authorization` header value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCredentials(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    CredentialsFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// Fuzzes `BasicCredentials.parse(_:)` and the strict `Base64` codec under it.
///
/// Invariants: no crash or trap; accepted credentials have a non-empty user name without `:` or
/// control characters, come from a value within the size limit, and encoded again (with another
/// spelling of the scheme and other blanks) parse to the same credentials; a refused scheme is
/// quoted at most 32 characters long; the strict decoder accepts only canonical base64, so
/// whatever it decodes encodes back to the same text, and whatever is encoded decodes back.
enum CredentialsFuzzTarget {
    /// The most characters of a refused scheme a failure quotes (`BasicCredentials.parse`).
    static let maxQuotedScheme = 32

    /// Checks one input.
    static func run(_ input: [UInt8]) {
        let value = String(decoding: input, as: UTF8.self)
        switch BasicCredentials.parse(value) {
        case .success(let credentials):
            fuzzCheck(value.utf8.count <= BasicCredentials.maxValueBytes, "accepted a \(value.utf8.count)-byte value")
            fuzzCheck(!credentials.user.isEmpty, "accepted an empty user name")
            fuzzCheck(!credentials.user.contains(":"), "user name \(fuzzShow(credentials.user)) contains ':'")
            fuzzCheck(!credentials.user.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
                      "user name \(fuzzShow(credentials.user)) contains a control character")
            let userPass = Array(credentials.user.utf8) + [UInt8(ascii: ":")] + credentials.password
            fuzzCheck(String(validating: userPass, as: UTF8.self) != nil, "accepted credentials that are not UTF-8")
            let token = Base64.encode(userPass)
            for spelling in ["Basic " + token, "bASIC\t" + token + " ", " BASIC  " + token] {
                let again = BasicCredentials.parse(spelling)
                fuzzCheck(again == .success(credentials), "\(fuzzShow(spelling)) parsed as \(again), expected \(credentials)")
            }
        case .failure(let failure):
            if case .notBasic(let scheme) = failure {
                fuzzCheck(scheme.count <= maxQuotedScheme, "refusal quotes a \(scheme.count)-character scheme")
                fuzzCheck(scheme.lowercased() != "basic", "scheme \(fuzzShow(scheme)) refused as not Basic")
            }
            fuzzCheck(!failure.step.isEmpty && !failure.reason.isEmpty, "a failure without step or reason")
        }

        if let decoded = Base64.decode(input) {
            let encoded = Base64.encode(decoded)
            fuzzCheck(Array(encoded.utf8) == input, "\(fuzzShow(input)) decoded, but encodes back as \(fuzzShow(encoded))")
        }
        let encoded = Base64.encode(input)
        fuzzCheck(encoded.utf8.count == (input.count + 2) / 3 * 4, "encoding of \(input.count) bytes has \(encoded.utf8.count) characters")
        fuzzCheck(Base64.decode(encoded) == input, "\(fuzzShow(input)) encoded as \(encoded) does not decode back")
    }
}
