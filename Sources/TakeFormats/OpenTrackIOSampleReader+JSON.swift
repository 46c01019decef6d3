// OpenTrackIOSampleReader+JSON: the strict JSON scanning under the sample reader: whitespace, objects, arrays,
// strings, numbers and literals, each giving up on anything JSONDecoder might read differently.

extension OpenTrackIOSampleReader {
    /// Skips the four JSON whitespace bytes.
    mutating func space() {
        while pos < text.count, text[pos] == 0x20 || text[pos] == 0x0A || text[pos] == 0x0D || text[pos] == 0x09 { pos += 1 }
    }

    /// Steps into `bracket` (`{` or `[`) after whitespace (true), or past `null` (false: an optional value that is
    /// absent); anything else, or nesting past 32 levels, gives up.
    mutating func enter(_ bracket: UInt8) throws(GiveUp) -> Bool {
        space()
        if try null() { return false }
        guard pos < text.count, text[pos] == bracket else { throw GiveUp() }
        depth += 1
        guard depth <= 32 else { throw GiveUp() }
        pos += 1
        return true
    }

    /// `{` (true) or `null` (false: an optional object that is absent); anything else gives up.
    mutating func open() throws(GiveUp) -> Bool {
        guard try enter(UInt8(ascii: "{")) else { return false }
        firstMember = true
        return true
    }

    /// The next key of the open object, after its colon; nil at the closing brace (consumed).
    mutating func nextKey() throws(GiveUp) -> Key? {
        space()
        guard pos < text.count else { throw GiveUp() }
        if text[pos] == UInt8(ascii: "}") {
            pos += 1; depth -= 1
            firstMember = false  // the object just closed is a value of the one around it
            return nil
        }
        // A comma between members; none before the first.
        if firstMember {
            firstMember = false
        } else {
            guard text[pos] == UInt8(ascii: ",") else { throw GiveUp() }
            pos += 1; space()
        }
        let key = try stringBytes()
        space()
        guard pos < text.count, text[pos] == UInt8(ascii: ":") else { throw GiveUp() }
        pos += 1
        return Key(bytes: key)
    }

    /// Marks a known key seen; a second time gives up (which value JSONDecoder keeps is its business).
    func once(_ seen: inout UInt32, _ bit: UInt32) throws(GiveUp) {
        guard seen & (1 << bit) == 0 else { throw GiveUp() }
        seen |= 1 << bit
    }

    mutating func null() throws(GiveUp) -> Bool {
        guard pos + 4 <= text.count, text[pos] == UInt8(ascii: "n") else { return false }
        guard text[pos + 1] == UInt8(ascii: "u"), text[pos + 2] == UInt8(ascii: "l"), text[pos + 3] == UInt8(ascii: "l") else { throw GiveUp() }
        pos += 4
        return true
    }

    /// An array of `element`s, or nil for `null`.
    mutating func array<T>(_ element: (inout Self) throws(GiveUp) -> T) throws(GiveUp) -> [T]? {
        guard try enter(UInt8(ascii: "[")) else { return nil }
        var out: [T] = []
        space()
        if pos < text.count, text[pos] == UInt8(ascii: "]") {
            pos += 1; depth -= 1
            return out
        }
        while true {
            out.append(try element(&self))
            space()
            guard pos < text.count else { throw GiveUp() }
            if text[pos] == UInt8(ascii: "]") {
                pos += 1; depth -= 1
                return out
            }
            guard text[pos] == UInt8(ascii: ",") else { throw GiveUp() }
            pos += 1
        }
    }

    /// A string's bytes between its quotes: printable ASCII without a backslash, else give up.
    mutating func stringBytes() throws(GiveUp) -> UnsafeBufferPointer<UInt8> {
        guard pos < text.count, text[pos] == UInt8(ascii: "\"") else { throw GiveUp() }
        pos += 1
        let start = pos
        while pos < text.count, text[pos] != UInt8(ascii: "\"") {
            guard text[pos] >= 0x20, text[pos] < 0x7F, text[pos] != UInt8(ascii: "\\") else { throw GiveUp() }
            pos += 1
        }
        guard pos < text.count else { throw GiveUp() }
        pos += 1
        return UnsafeBufferPointer(rebasing: text[start..<(pos - 1)])
    }

    mutating func string() throws(GiveUp) -> String {
        space()
        return String(decoding: try stringBytes(), as: UTF8.self)
    }

    mutating func optionalString() throws(GiveUp) -> String? {
        space()
        return try null() ? nil : try string()
    }

    /// A strict JSON number's bytes.
    mutating func numberBytes() throws(GiveUp) -> UnsafeBufferPointer<UInt8> {
        space()
        let start = pos
        func digit(_ j: Int) -> Bool { j < text.count && text[j] &- 48 < 10 }
        if pos < text.count, text[pos] == UInt8(ascii: "-") { pos += 1 }
        guard digit(pos) else { throw GiveUp() }
        if text[pos] == UInt8(ascii: "0") { pos += 1 } else { while digit(pos) { pos += 1 } }
        if pos < text.count, text[pos] == UInt8(ascii: ".") {
            pos += 1
            guard digit(pos) else { throw GiveUp() }
            while digit(pos) { pos += 1 }
        }
        if pos < text.count, text[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            if pos < text.count, text[pos] == UInt8(ascii: "+") || text[pos] == UInt8(ascii: "-") { pos += 1 }
            guard digit(pos) else { throw GiveUp() }
            while digit(pos) { pos += 1 }
        }
        return UnsafeBufferPointer(rebasing: text[start..<pos])
    }

    mutating func double() throws(GiveUp) -> Double {
        let b = try numberBytes()
        guard let v = DecimalText.double(b) ?? Double(String(decoding: b, as: UTF8.self)), v.isFinite else { throw GiveUp() }
        // JSONDecoder refuses a number that underflows to zero (1e-400), and some zeros with an exponent (-0.0e5).
        if v == 0, b.contains(where: { ($0 >= 49 && $0 <= 57) || $0 | 0x20 == UInt8(ascii: "e") }) { throw GiveUp() }
        return v
    }

    mutating func optionalDouble() throws(GiveUp) -> Double? {
        space()
        return try null() ? nil : try double()
    }

    /// An integer without fraction, exponent or minus zero, of at most 18 digits.
    mutating func int() throws(GiveUp) -> Int {
        let b = try numberBytes()
        guard let v = DecimalText.int(b), !(v == 0 && b[0] == UInt8(ascii: "-")) else { throw GiveUp() }
        return v
    }

    mutating func optionalInt() throws(GiveUp) -> Int? {
        space()
        return try null() ? nil : try int()
    }

    mutating func optionalBool() throws(GiveUp) -> Bool? {
        space()
        if try null() { return nil }
        if literal("true") { return true }
        if literal("false") { return false }
        throw GiveUp()
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos + n <= text.count else { return false }
        for k in 0..<n where text[pos + k] != word.utf8Start[k] { return false }
        pos += n
        return true
    }

    /// Any value, checked as strictly as the values read.
    mutating func skipValue() throws(GiveUp) {
        space()
        guard pos < text.count else { throw GiveUp() }
        switch text[pos] {
        case UInt8(ascii: "{"):
            guard try open() else { throw GiveUp() }
            while try nextKey() != nil { try skipValue() }
        case UInt8(ascii: "["):
            _ = try array { (r: inout Self) throws(GiveUp) in try r.skipValue() }
        case UInt8(ascii: "\""):
            _ = try stringBytes()
        case UInt8(ascii: "n"):
            _ = try null()
        case UInt8(ascii: "t"):
            guard literal("true") else { throw GiveUp() }
        case UInt8(ascii: "f"):
            guard literal("false") else { throw GiveUp() }
        default:
            _ = try double()
        }
    }
}
