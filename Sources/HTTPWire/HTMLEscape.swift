/// Escaping for text placed in HTML (directory listings, error pages): the five characters that
/// can end an element or an attribute value (`& < > " '`) become character references.
public enum HTMLEscape {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: needsEscape) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: ASCII.append("&amp;", to: &output)
            case 0x3C: ASCII.append("&lt;", to: &output)
            case 0x3E: ASCII.append("&gt;", to: &output)
            case 0x22: ASCII.append("&quot;", to: &output)
            case 0x27: ASCII.append("&#39;", to: &output)
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }
}
