import CSystem

/// The two calls into libxcrypt (through the `CSystem` shim): hashing with a setting and
/// generating settings. Owns the buffers and wipes the copies of the password it makes.
enum LibCrypt: Sendable {
    /// Room for any crypt(3) result (`CRYPT_OUTPUT_SIZE`, crypt.h).
    static let outputCapacity = Int(CRYPT_OUTPUT_SIZE)
    /// Room for any generated setting (`CRYPT_GENSALT_OUTPUT_SIZE`, crypt.h).
    static let settingCapacity = Int(CRYPT_GENSALT_OUTPUT_SIZE)

    /// crypt(3) of `password` under `setting` (a setting or a whole stored hash), or `nil` when
    /// libcrypt refuses (unknown or malformed setting, disabled method). `password` must not
    /// contain NUL; callers check.
    static func hash(_ password: [UInt8], setting: [UInt8]) -> [UInt8]? {
        var phrase = password
        phrase.append(0)
        var settingText = setting
        settingText.append(0)
        var output = [UInt8](repeating: 0, count: outputCapacity)
        defer {
            wipe(&phrase)
            wipe(&output)
        }
        let capacity = Int32(outputCapacity)
        let status = phrase.withUnsafeBufferPointer { phrasePointer in
            settingText.withUnsafeBufferPointer { settingPointer in
                output.withUnsafeMutableBufferPointer { outputPointer in
                    phrasePointer.withMemoryRebound(to: CChar.self) { phraseChars in
                        settingPointer.withMemoryRebound(to: CChar.self) { settingChars in
                            outputPointer.withMemoryRebound(to: CChar.self) { outputChars in
                                csys_crypt(phraseChars.baseAddress, settingChars.baseAddress, outputChars.baseAddress, capacity)
                            }
                        }
                    }
                }
            }
        }
        guard status == 0, let end = output.firstIndex(of: 0) else { return nil }
        return Array(output[..<end])
    }

    /// A fresh setting for `prefix` (`"$2y$"`, `"$y$"`, `"$6$"`) with `count` (cost; 0 = the
    /// method's default), salted from the system's entropy source by libxcrypt.
    static func setting(prefix: String, count: UInt) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: settingCapacity)
        let capacity = Int32(settingCapacity)
        let status = prefix.withCString { prefixChars in
            output.withUnsafeMutableBufferPointer { outputPointer in
                outputPointer.withMemoryRebound(to: CChar.self) { outputChars in
                    csys_crypt_gensalt(prefixChars, count, outputChars.baseAddress, capacity)
                }
            }
        }
        guard status == 0, let end = output.firstIndex(of: 0), end > 0 else { return nil }
        return Array(output[..<end])
    }

    /// Overwrites a buffer that held secret bytes (best effort; Swift may have made copies).
    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}
