// JSONTree: a small strict JSON reader that keeps key order and every value's line and column.

/// One JSON value with where it starts in the file (1-based line and column), so a config's errors can point at
/// the key that is wrong. Objects keep their keys in file order: the order of an nDisplay config's screens and
/// viewports is the order of the imported surfaces, the same on every machine.
struct JSONTree: Sendable {
    enum Value: Sendable {
        case object([(key: String, value: JSONTree)])
        case array([JSONTree])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    var value: Value
    var line: Int
    var column: Int

    /// The value under `key`, compared without regard to case (Unreal's JSON reader matches keys so).
    func member(_ key: String) -> JSONTree? {
        guard case .object(let pairs) = value else { return nil }
        let k = key.lowercased()
        return pairs.first { $0.key.lowercased() == k }?.value
    }

    /// What the value is, for messages: "a string", "a number", "an object", ...
    var kind: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let s): return "the string \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .number(let d): return "the number \(d)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}

/// Parses JSON text (RFC 8259) into a `JSONTree`; errors are `SceneError`s at the offending byte, naming the key
/// path reached so far (`nDisplay.scene.screens.scr_1.size.width`).
enum JSONTreeParser {
    /// The deepest nesting accepted: an nDisplay config nests about eight levels; the parser recurses once per
    /// level, so a hostile file of a million `[` must stop long before the stack does.
    static let maxDepth = 64
    /// The most members of one object or elements of one array.
    static let maxItems = 100_000

    static func parse(_ bytes: [UInt8], file: String) throws -> JSONTree {
        var p = Parser(b: bytes, file: file)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw p.error("unexpected \(p.shown(p.i)) after the JSON value") }
        return v
    }

    struct Parser {
        let b: [UInt8]
        let file: String
        var i = 0
        var line = 1
        var lineStart = 0
        var path: [String] = []

        init(b: [UInt8], file: String) {
            self.b = b
            self.file = file
        }

        /// Characters (Unicode scalars: bytes that do not continue one) counted on this line up to `countedTo`.
        var counted = 0
        var countedTo = 0

        /// The 1-based column of `i` in characters, as YAML scene errors count them (a Unicode scalar each, not a
        /// UTF-8 byte: `é` is one column). Counted on from the last call on the same line, so a config on one
        /// long line is read in linear time.
        mutating func column() -> Int {
            if countedTo < lineStart || countedTo > i { countedTo = lineStart; counted = 0 }
            while countedTo < i {
                if b[countedTo] & 0xC0 != 0x80 { counted += 1 }
                countedTo += 1
            }
            return counted + 1
        }

        func error(_ message: String) -> SceneError {
            let at = path.isEmpty ? "" : path.joined(separator: ".") + ": "
            var here = self
            return SceneError(file: file, line: line, column: here.column(), message: at + message)
        }

        func shown(_ at: Int) -> String {
            guard at < b.count else { return "end of file" }
            let c = b[at]
            return c >= 0x21 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte \(c)"
        }

        mutating func skipSpace() {
            while i < b.count {
                switch b[i] {
                case 0x20, 0x09, 0x0D: i += 1
                case 0x0A: i += 1; line += 1; lineStart = i
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws -> JSONTree {
            guard depth < JSONTreeParser.maxDepth else {
                throw error("values nest deeper than \(JSONTreeParser.maxDepth) levels")
            }
            guard i < b.count else { throw error("the file ends where a value should be") }
            let (l, c) = (line, column())
            switch b[i] {
            case UInt8(ascii: "{"): return JSONTree(value: try object(depth: depth), line: l, column: c)
            case UInt8(ascii: "["): return JSONTree(value: try array(depth: depth), line: l, column: c)
            case UInt8(ascii: "\""): return JSONTree(value: .string(try string()), line: l, column: c)
            case UInt8(ascii: "t"): try word("true"); return JSONTree(value: .bool(true), line: l, column: c)
            case UInt8(ascii: "f"): try word("false"); return JSONTree(value: .bool(false), line: l, column: c)
            case UInt8(ascii: "n"): try word("null"); return JSONTree(value: .null, line: l, column: c)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return JSONTree(value: .number(try number()), line: l, column: c)
            default:
                throw error("\(shown(i)) cannot start a JSON value (NaN and Infinity are not JSON numbers)")
            }
        }

        mutating func word(_ w: String) throws {
            let u = Array(w.utf8)
            guard i + u.count <= b.count, Array(b[i..<(i + u.count)]) == u else {
                throw error("\(shown(i)) cannot start a JSON value")
            }
            i += u.count
        }

        mutating func object(depth: Int) throws -> JSONTree.Value {
            i += 1
            var pairs: [(key: String, value: JSONTree)] = []
            var seen: Set<String> = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw error("expected a quoted key, found \(shown(i))") }
                let key = try string()
                guard seen.insert(key.lowercased()).inserted else { throw error("the key \"\(key)\" appears twice") }
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw error("expected ':' after \"\(key)\", found \(shown(i))") }
                i += 1
                skipSpace()
                path.append(key)
                let v = try value(depth: depth + 1)
                path.removeLast()
                pairs.append((key, v))
                guard pairs.count <= JSONTreeParser.maxItems else { throw error("more than \(JSONTreeParser.maxItems) keys in one object") }
                skipSpace()
                guard i < b.count else { throw error("the file ends inside an object") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                throw error("expected ',' or '}' after the value of \"\(key)\", found \(shown(i))")
            }
        }

        mutating func array(depth: Int) throws -> JSONTree.Value {
            i += 1
            var items: [JSONTree] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                skipSpace()
                path.append("[\(items.count)]")
                let v = try value(depth: depth + 1)
                path.removeLast()
                items.append(v)
                guard items.count <= JSONTreeParser.maxItems else { throw error("more than \(JSONTreeParser.maxItems) items in one array") }
                skipSpace()
                guard i < b.count else { throw error("the file ends inside an array") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw error("expected ',' or ']' in an array, found \(shown(i))")
            }
        }

        mutating func number() throws -> Double {
            let start = i
            func digits() -> Int { let s = i; while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }; return i - s }
            if b[i] == UInt8(ascii: "-") { i += 1 }
            let intStart = i
            guard digits() > 0 else { throw error("a number needs digits after '-'") }
            if b[intStart] == UInt8(ascii: "0"), i - intStart > 1 { throw error("a JSON number has no leading zeros") }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { throw error("a number needs digits after '.'") }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { throw error("a number needs digits in its exponent") }
            }
            let text = String(decoding: b[start..<i], as: UTF8.self)
            guard let d = Double(text) else { throw error("'\(text)' is not a number") }
            return d
        }

        mutating func string() throws -> String {
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < b.count else { throw error("the file ends inside a string") }
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; break }
                if c < 0x20 { throw error("a control character (byte \(c)) inside a string; escape it") }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < b.count else { throw error("the file ends inside a string") }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var u = try hex4()
                    if (0xD800..<0xDC00).contains(u) {
                        guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                            throw error("a lone UTF-16 surrogate \\u\(String(u, radix: 16)) in a string")
                        }
                        i += 2
                        let lo = try hex4()
                        guard (0xDC00..<0xE000).contains(lo) else { throw error("a lone UTF-16 surrogate in a string") }
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(u) {
                        throw error("a lone UTF-16 surrogate \\u\(String(u, radix: 16)) in a string")
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(u)!)).utf8))
                default: throw error("'\\\(Character(Unicode.Scalar(e)))' is not a JSON escape")
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw error("a string is not UTF-8 text") }
            return s
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= b.count else { throw error("the file ends inside a \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw error("\(shown(i)) in a \\u escape is not a hex digit")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }
    }
}
