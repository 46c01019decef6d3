// GLTFBase64: RFC 4648 base64 decoding for data: URIs, sized before it allocates.

/// Decodes standard base64 (`A-Z a-z 0-9 + /`, `=` padding). Whitespace is skipped; anything else is an error.
enum GLTFBase64 {
    /// The decoded size of `text` (an upper bound when it holds whitespace): lets callers refuse before decoding.
    static func decodedLength<S: Collection>(_ text: S) -> Int where S.Element == UInt8 {
        text.count / 4 * 3 + 3
    }

    /// The bytes `text` encodes, or nil when it is not valid base64.
    static func decode<S: Collection>(_ text: S) -> [UInt8]? where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(decodedLength(text))
        var acc: UInt32 = 0, bits = 0, padding = 0
        for c in text {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): v = 63
            case UInt8(ascii: "="): padding += 1; continue
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
            default: return nil
            }
            if padding > 0 { return nil }  // data after '='
            acc = (acc << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        // 6 leftover bits can never encode a whole byte: a single dangling character is malformed.
        if bits >= 6 || padding > 2 { return nil }
        return out
    }
}
