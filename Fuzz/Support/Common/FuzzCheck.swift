import Glibc

/// Stops the fuzzer when an invariant does not hold, so libFuzzer saves the input as a crash.
/// Unlike `assert` it survives `-O`, and unlike a bare trap it says which invariant broke.
func fuzzCheck(
    _ condition: Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if condition { return }
    var text = "fuzz invariant failed at \(file):\(line): \(message())\n"
    text.withUTF8 { bytes in _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
    abort()
}

/// Shows text with control characters and non-ASCII escaped, for invariant messages.
func fuzzShow(_ text: String) -> String {
    "\"" + text.unicodeScalars.map { $0.escaped(asASCII: true) }.joined() + "\""
}

/// Shows bytes as an escaped ASCII string, for invariant messages.
func fuzzShow(_ bytes: some Sequence<UInt8>) -> String {
    "\"" + bytes.map { byte in
        byte >= 0x20 && byte < 0x7F && byte != 0x5C && byte != 0x22
            ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }.joined() + "\""
}
