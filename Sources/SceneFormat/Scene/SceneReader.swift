// SceneReader: typed, located reads of YAML nodes (numbers, vectors, colours, names) with strict key checking.

import Geometry
import Yams

/// Reads values out of a composed YAML tree, turning every mismatch into a `SceneError` at the node's mark.
struct SceneReader {
    let file: String

    func error(_ node: Node?, _ message: String) -> SceneError {
        let m = node?.mark
        return SceneError(file: file, line: m?.line ?? 1, column: m?.column ?? 1, message: message)
    }

    /// A warning line at the node: `FILE:LINE:COLUMN: warning: message`.
    func warning(_ node: Node?, _ message: String) -> String {
        let m = node?.mark
        return "\(file):\(m?.line ?? 1):\(m?.column ?? 1): warning: \(message)"
    }

    /// What a node is, for "found ..." in messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            if s.style == .plain && s.string.isEmpty { return "nothing" }
            if s.string.isEmpty { return "an empty string" }
            let short = s.string.count > 40 ? String(s.string.prefix(40)) + "..." : s.string
            return s.style == .plain ? "'\(short)'" : "the quoted text '\(short)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    // MARK: mappings

    /// A mapping's entries after checking that it is a mapping, every key is known and none repeats.
    func fields(_ node: Node, _ what: String, allowed: [String]) throws -> Fields {
        guard case .mapping(let map) = node else {
            throw error(node, "\(what) must be a mapping of keys to values, found \(Self.describe(node))")
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (k, v) in map {
            guard case .scalar(let ks) = k else { throw error(k, "keys in \(what) must be plain words") }
            let key = ks.string
            if let first = entries[key] {
                throw error(k, "duplicate key '\(key)' in \(what) (first given at line \(first.key.mark?.line ?? 0))")
            }
            entries[key] = (k, v)
        }
        // "a wall" becomes "wall 'main'" once the entry's name is known.
        var what = what
        if allowed.contains("name"), case .scalar(let n)? = entries["name"]?.value, !n.string.isEmpty,
           let space = what.firstIndex(of: " "), what.hasPrefix("a ") || what.hasPrefix("an ") {
            what = String(what[what.index(after: space)...]) + " '\(n.string)'"
        }
        for (k, _) in map {
            guard case .scalar(let ks) = k, !allowed.contains(ks.string) else { continue }
            throw error(k, "unknown key '\(ks.string)' in \(what)" + DidYouMean.hint(for: ks.string, among: allowed))
        }
        return Fields(node: node, what: what, entries: entries, reader: self)
    }

    /// A list's items; `null`/empty counts as an empty list.
    func list(_ node: Node, _ key: String, max: Int = 100_000) throws -> [Node] {
        if isNull(node) { return [] }
        guard case .sequence(let seq) = node else {
            throw error(node, "'\(key)' must be a list, found \(Self.describe(node))")
        }
        guard seq.count <= max else { throw error(node, "'\(key)' has \(seq.count) items; at most \(max) are allowed") }
        return Array(seq)
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain else { return false }
        return s.string.isEmpty || s.string == "~" || s.string == "null"
    }

    // MARK: scalars

    /// Text of a scene field. Control characters (a line break, ESC, NUL: C0 but tab, DEL and C1) are refused:
    /// names and paths go into terminals, reports, file names and job scripts, where they would break lines or act
    /// as terminal commands (`info` would print a name's ESC sequence to the terminal).
    func string(_ node: Node, _ key: String) throws -> String {
        guard case .scalar(let s) = node, !isNull(node) else {
            throw error(node, "'\(key)' must be text, found \(Self.describe(node))")
        }
        // A block scalar (`name: >` or `|`) ends in a line break YAML keeps: not part of a name or path.
        var text = s.string
        if s.style == .literal || s.style == .folded { while text.hasSuffix("\n") { text.removeLast() } }
        if let c = text.unicodeScalars.first(where: SceneReader.isControl) {
            throw error(node, "'\(key)' holds a control character (U+\(hexDigits(c.value, atLeast: 4))); "
                + "names and paths are one line of visible text")
        }
        return text
    }

    /// C0 controls but tab, DEL and C1: what a scene's text may not hold.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || (0x7F...0x9F).contains(c.value)
    }

    func double(_ node: Node, _ key: String, _ range: ClosedRange<Double>? = nil, unit: String = "") throws -> Double {
        guard case .scalar(let s) = node, s.style == .plain,
              let v = Double(s.string.filter { $0 != "_" }), v.isFinite else {
            throw error(node, "'\(key)' must be a number, found \(Self.describe(node))")
        }
        if let r = range, !r.contains(v) {
            throw error(node, "'\(key)' must be from \(Self.format(r.lowerBound)) to \(Self.format(r.upperBound))\(unit), found \(s.string)")
        }
        return v
    }

    func int(_ node: Node, _ key: String, _ range: ClosedRange<Int>) throws -> Int {
        guard case .scalar(let s) = node, s.style == .plain, let v = Int(s.string.filter { $0 != "_" }) else {
            throw error(node, "'\(key)' must be a whole number, found \(Self.describe(node))")
        }
        guard range.contains(v) else {
            throw error(node, "'\(key)' must be from \(range.lowerBound) to \(range.upperBound), found \(s.string)")
        }
        return v
    }

    /// One of a fixed set of words.
    func choice(_ node: Node, _ key: String, _ options: [String]) throws -> String {
        let s = try string(node, key)
        guard options.contains(s) else {
            throw error(node, "'\(key)' must be one of \(options.joined(separator: ", ")), found '\(s)'"
                        + (DidYouMean.suggestion(for: s, among: options).map { "; did you mean '\($0)'?" } ?? ""))
        }
        return s
    }

    /// true or false (YAML's yes/no/on/off are refused: they surprise people).
    func bool(_ node: Node, _ key: String) throws -> Bool {
        let s = try string(node, key)
        switch s {
        case "true": return true
        case "false": return false
        default: throw error(node, "'\(key)' must be true or false, found '\(s)'")
        }
    }

    /// The range of a list's numbers when the key gives none: positions, centres, offsets and directions, metres
    /// where they are lengths. A thousand kilometres holds any stage and any virtual world; a camera at 10^15 m made
    /// the plan view draw for minutes in 11 GB, and at 10^300 overflowed it.
    static let coordinateRange: ClosedRange<Double> = -1_000_000...1_000_000

    /// A list of exactly `count` numbers, each in `range` (`coordinateRange` when nil).
    func numbers(_ node: Node, _ key: String, count: Int, _ range: ClosedRange<Double>? = nil, unit: String = "") throws -> [Double] {
        guard case .sequence(let seq) = node, seq.count == count else {
            throw error(node, "'\(key)' must be a list of \(count) numbers, found \(Self.describe(node))"
                        + (node.sequence.map { " of \($0.count)" } ?? ""))
        }
        return try seq.map { try double($0, key, range ?? Self.coordinateRange, unit: unit) }
    }

    func vec3(_ node: Node, _ key: String, _ range: ClosedRange<Double>? = nil) throws -> SIMD3<Double> {
        let v = try numbers(node, key, count: 3, range)
        return SIMD3(v[0], v[1], v[2])
    }

    func vec2(_ node: Node, _ key: String, _ range: ClosedRange<Double>? = nil, unit: String = "") throws -> SIMD2<Double> {
        let v = try numbers(node, key, count: 2, range, unit: unit)
        return SIMD2(v[0], v[1])
    }

    func intPair(_ node: Node, _ key: String, _ range: ClosedRange<Int>) throws -> (Int, Int) {
        guard case .sequence(let seq) = node, seq.count == 2 else {
            throw error(node, "'\(key)' must be a list of 2 whole numbers, found \(Self.describe(node))")
        }
        return (try int(seq[0], key, range), try int(seq[1], key, range))
    }

    /// `"#rrggbb"` or `[r, g, b]` with components 0...1; sRGB.
    func color(_ node: Node, _ key: String) throws -> SIMD3<Double> {
        if case .sequence = node { return try vec3(node, key, 0...1) }
        guard case .scalar(let s) = node else {
            throw error(node, "'\(key)' must be a colour (\"#rrggbb\" or [r, g, b] from 0 to 1), found \(Self.describe(node))")
        }
        let t = s.string
        let hex = t.hasPrefix("#") ? t.dropFirst() : Substring("")
        guard hex.count == 6, let v = UInt32(hex, radix: 16) else {
            throw error(node, "'\(key)' must be a colour (\"#rrggbb\" or [r, g, b] from 0 to 1), found \(Self.describe(node))")
        }
        return SIMD3(Double((v >> 16) & 255), Double((v >> 8) & 255), Double(v & 255)) / 255
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    }
}

/// The checked entries of one YAML mapping.
struct Fields {
    let node: Node
    let what: String
    let entries: [String: (key: Node, value: Node)]
    let reader: SceneReader

    subscript(_ key: String) -> Node? {
        guard let v = entries[key]?.value, !reader.isNull(v) else { return nil }
        return v
    }

    func has(_ key: String) -> Bool { self[key] != nil }

    /// The key's node, for messages that point at a key rather than its value.
    func keyNode(_ key: String) -> Node? { entries[key]?.key }

    func required(_ key: String) throws -> Node {
        guard let v = self[key] else { throw reader.error(node, "\(what) is missing '\(key)'") }
        return v
    }

    func double(_ key: String, _ range: ClosedRange<Double>? = nil, default d: Double, unit: String = "") throws -> Double {
        guard let n = self[key] else { return d }
        return try reader.double(n, key, range, unit: unit)
    }

    func requiredDouble(_ key: String, _ range: ClosedRange<Double>? = nil, unit: String = "") throws -> Double {
        try reader.double(required(key), key, range, unit: unit)
    }

    func int(_ key: String, _ range: ClosedRange<Int>, default d: Int) throws -> Int {
        guard let n = self[key] else { return d }
        return try reader.int(n, key, range)
    }

    func string(_ key: String, default d: String) throws -> String {
        guard let n = self[key] else { return d }
        return try reader.string(n, key)
    }

    func vec3(_ key: String, default d: SIMD3<Double>, _ range: ClosedRange<Double>? = nil) throws -> SIMD3<Double> {
        guard let n = self[key] else { return d }
        return try reader.vec3(n, key, range)
    }

    func color(_ key: String, default d: SIMD3<Double>) throws -> SIMD3<Double> {
        guard let n = self[key] else { return d }
        return try reader.color(n, key)
    }
}
