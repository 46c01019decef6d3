// OBJKeyword: a statement's keyword classified from its bytes, so the common lines never build a `String`.

/// The keywords the OBJ parser acts on, told apart by their bytes alone.
///
/// A `String` per line (hashing, grapheme breaking) was a fifth of the time on a million-line file. Anything not
/// recognised byte for byte is `.other`, and the parser then builds the `String` and applies the rules it always
/// did, so results do not change: e.g. `#` followed by a non-ASCII byte may be one grapheme that is not `"#"`.
enum OBJKeyword: Equatable {
    case vertex, texcoord, normal, face, mtllib, usemtl
    /// No keyword: a blank line.
    case empty
    /// `#` followed by nothing or by an ASCII byte (so its first `Character` is `"#"`).
    case comment
    /// Anything else; the parser decides from the `String`.
    case other

    /// The keyword in `buf[start..<end]`.
    init(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        let n = end - start
        if n == 0 { self = .empty; return }
        let c0 = buf[start]
        if c0 == UInt8(ascii: "#") {
            self = n == 1 || buf[start + 1] < 0x80 ? .comment : .other
            return
        }
        switch n {
        case 1:
            self = c0 == UInt8(ascii: "v") ? .vertex : c0 == UInt8(ascii: "f") ? .face : .other
        case 2 where c0 == UInt8(ascii: "v"):
            let c1 = buf[start + 1]
            self = c1 == UInt8(ascii: "t") ? .texcoord : c1 == UInt8(ascii: "n") ? .normal : .other
        case 6:
            if OBJKeyword.matches(buf, start, "mtllib") { self = .mtllib }
            else if OBJKeyword.matches(buf, start, "usemtl") { self = .usemtl }
            else { self = .other }
        default:
            self = .other
        }
    }

    /// Counted in `OBJMesh.statementLines` here; `.other` is counted by the parser once it has the `String`.
    var isStatement: Bool {
        switch self {
        case .empty, .comment, .other: return false
        default: return true
        }
    }

    private static func matches(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for i in 0..<w.count where buf[start + i] != w[i] { return false }
        return true
    }
}
