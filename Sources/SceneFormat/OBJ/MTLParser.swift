// MTLParser: Wavefront material libraries (newmtl, Kd, Ke, map_Kd, d, Tr) to material values.

/// One material of an MTL file. Colours as written (display-referred); `diffuseMap` is the file name as written,
/// with Windows separators turned into `/` and texture options (`-s 1 1 1`, `-clamp on` ...) removed.
public struct MTLMaterial: Sendable, Equatable {
    public var name: String
    public var diffuse: SIMD3<Float> = [0.8, 0.8, 0.8]
    public var emissive: SIMD3<Float> = .zero
    /// Opacity: `d`, or 1 - `Tr`.
    public var opacity: Float = 1
    public var diffuseMap: String?

    public init(name: String) { self.name = name }
}

/// Parses MTL text. Unknown statements (Ka, Ks, Ns, illum ...) are ignored; malformed known ones are errors
/// located by line and column, like OBJ's.
public enum MTLParser {
    public static func parse(_ bytes: [UInt8], name: String) throws -> [MTLMaterial] {
        try bytes.withUnsafeBufferPointer { buf in
            var cur = OBJCursor(buf: buf, name: name)
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
                    out.append(MTLMaterial(name: rest))
                case "Kd":
                    let i = try needMaterial()
                    out[i].diffuse = SIMD3(try cur.float(), try cur.float(), try cur.float())
                case "Ke":
                    let i = try needMaterial()
                    out[i].emissive = SIMD3(try cur.float(), try cur.float(), try cur.float())
                case "d":
                    let i = try needMaterial()
                    out[i].opacity = try cur.float()
                case "Tr":
                    let i = try needMaterial()
                    out[i].opacity = 1 - (try cur.float())
                case "map_Kd":
                    let i = try needMaterial()
                    out[i].diffuseMap = mapFileName(cur.restOfLine())
                default:
                    break
                }
                cur.skipLine()
            }
            return out
        }
    }

    /// The file name of a `map_*` statement: options (`-name value...`) dropped, `\` turned into `/`,
    /// a leading `./` removed.
    static func mapFileName(_ rest: String) -> String? {
        var words = rest.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let optionArity: [String: Int] = ["-blendu": 1, "-blendv": 1, "-bm": 1, "-boost": 1, "-cc": 1, "-clamp": 1,
                                          "-imfchan": 1, "-mm": 2, "-o": 3, "-s": 3, "-t": 3, "-texres": 1]
        while let w = words.first, w.hasPrefix("-"), let n = optionArity[w] {
            words.removeFirst(min(n + 1, words.count))
        }
        guard !words.isEmpty else { return nil }
        var file = words.joined(separator: " ").replacingBackslashes()
        if file.hasPrefix("./") { file.removeFirst(2) }
        return file
    }
}

extension String {
    func replacingBackslashes() -> String { String(map { $0 == "\\" ? "/" : $0 }) }
}
