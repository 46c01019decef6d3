// MTLParser: Wavefront material libraries (newmtl, Kd, Ke, map_Kd, d, Tr) to material values.

/// One material of an MTL file. Colours as written (display-referred); `diffuseMap` is the file name as written,
/// with Windows separators turned into `/` and texture options (`-s 1 1 1`, `-clamp on` ...) removed; the options
/// that place the map are kept in `mapOptions`.
public struct MTLMaterial: Sendable, Equatable {
    public var name: String
    public var diffuse: SIMD3<Float> = [0.8, 0.8, 0.8]
    public var emissive: SIMD3<Float> = .zero
    /// Opacity: `d`, or 1 - `Tr`.
    public var opacity: Float = 1
    public var diffuseMap: String?
    public var mapOptions = MapOptions()

    /// How a map lies on the texture coordinates (the MTL spec's `-o`, `-s`, `-clamp`): the texture is read at
    /// (u, v) × scale + offset, in OBJ's texture space (v up); with `clamp`, outside [0, 1] repeats the edge.
    public struct MapOptions: Sendable, Equatable {
        public var scale: SIMD2<Float> = [1, 1]
        public var offset: SIMD2<Float> = [0, 0]
        public var clamp = false
        public var isIdentity: Bool { scale == [1, 1] && offset == [0, 0] }
        public init() {}
    }

    public init(name: String) { self.name = name }
}

/// Parses MTL text. Unknown statements (Ka, Ks, Ns, illum ...) are ignored; malformed known ones are errors
/// located by line and column, like OBJ's.
public enum MTLParser {
    public static func parse(_ bytes: [UInt8], name: String) throws -> [MTLMaterial] {
        try bytes.withUnsafeBufferPointer { buf in
            var cur = OBJCursor(buf: buf, name: name)
            cur.skipByteOrderMark()
            var out: [MTLMaterial] = []
            while !cur.atEnd {
                cur.skipSpaces()
                let keyStart = cur.pos
                cur.skipWord()
                let key = cur.slice(keyStart, cur.pos)
                func needMaterial() throws -> Int {
                    guard !out.isEmpty else { throw cur.error("'\(key)' before any 'newmtl'", at: keyStart) }
                    return out.count - 1
                }
                switch key {
                case "newmtl":
                    let rest = cur.restOfLine()
                    guard !rest.isEmpty else { throw cur.error("'newmtl' needs a name", at: keyStart) }
                    guard !rest.unicodeScalars.contains(where: SceneReader.isControl) else {
                        throw cur.error("the material name holds a control character", at: keyStart)
                    }
                    out.append(MTLMaterial(name: rest))
                case "Kd":
                    let i = try needMaterial()
                    out[i].diffuse = try colour(&cur)
                case "Ke":
                    let i = try needMaterial()
                    out[i].emissive = try colour(&cur)
                case "d":
                    let i = try needMaterial()
                    out[i].opacity = try cur.float()
                case "Tr":
                    let i = try needMaterial()
                    out[i].opacity = 1 - (try cur.float())
                case "map_Kd":
                    let i = try needMaterial()
                    let (file, options) = map(cur.restOfLine())
                    out[i].diffuseMap = file
                    out[i].mapOptions = options
                default:
                    break
                }
                cur.skipLine()
            }
            return out
        }
    }

    /// A colour statement's `r [g b]`: "If only r is specified, then g and b are assumed to be equal to r" (the
    /// Wavefront MTL specification); one or two numbers, not three, is an error.
    static func colour(_ cur: inout OBJCursor) throws -> SIMD3<Float> {
        let r = try cur.float()
        cur.skipSpaces()
        if cur.atLineEnd { return SIMD3(repeating: r) }
        return SIMD3(r, try cur.float(), try cur.float())
    }

    /// The file name of a `map_*` statement: options (`-name value...`) dropped, `\` turned into `/`,
    /// a leading `./` removed.
    static func mapFileName(_ rest: String) -> String? { map(rest).file }

    /// A `map_*` statement's file name (as `mapFileName`) and placing options. `-o`, `-s` and `-t` take one to
    /// three numbers (the spec: "u [v [w]]"; v defaults to u's default, not u), `-mm` two, the rest one word.
    static func map(_ rest: String) -> (file: String?, options: MTLMaterial.MapOptions) {
        var words = rest.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var options = MTLMaterial.MapOptions()
        let oneWord: Set<String> = ["-blendu", "-blendv", "-bm", "-boost", "-cc", "-clamp", "-imfchan", "-texres"]
        while let w = words.first, w.hasPrefix("-") {
            if oneWord.contains(w) {
                if w == "-clamp", words.count > 1 { options.clamp = words[1].lowercased() == "on" }
                words.removeFirst(min(2, words.count))
            } else if w == "-mm" {
                words.removeFirst(min(3, words.count))
            } else if w == "-o" || w == "-s" || w == "-t" {
                words.removeFirst()
                var values: [Float] = []
                // Up to three numbers; a file name that reads as a number ("-s 2 2 1 1.png" is fine) stays the name.
                while values.count < 3, words.count > 1, let v = Float(words[0]), v.isFinite {
                    values.append(v)
                    words.removeFirst()
                }
                if w == "-s", let u = values.first { options.scale = [u, values.count > 1 ? values[1] : 1] }
                if w == "-o", let u = values.first { options.offset = [u, values.count > 1 ? values[1] : 0] }
            } else {
                break
            }
        }
        guard !words.isEmpty else { return (nil, options) }
        var file = words.joined(separator: " ").replacingBackslashes()
        if file.hasPrefix("./") { file.removeFirst(2) }
        return (file, options)
    }
}

extension String {
    func replacingBackslashes() -> String { String(map { $0 == "\\" ? "/" : $0 }) }
}
