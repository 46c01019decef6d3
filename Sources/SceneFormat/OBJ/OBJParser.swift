// OBJParser: Wavefront OBJ bytes to a triangle mesh (v, vt, vn, f; convex polygons fanned, concave ones cut into ears;
// negative indices).

import Geometry

/// A mesh read from a Wavefront OBJ file, triangulated, with one vertex per distinct (v, vt, vn) corner.
public struct OBJMesh: Sendable {
    public var positions: [SIMD3<Float>] = []
    /// Present when every face corner names a normal.
    public var normals: [SIMD3<Float>]?
    /// Present when every face corner names a texture coordinate; v is flipped (OBJ's v = 0 is the bottom row,
    /// ours is the top row).
    public var uvs: [SIMD2<Float>]?
    public var indices: [UInt32] = []
    /// Number of `v` statements in the file (the "vertices" a modelling tool reports).
    public var sourceVertexCount = 0
    /// Material libraries named by `mtllib`, as written.
    public var materialLibraries: [String] = []
    /// Each `mtllib` line's text as written, for `materialLibraries(whereFileExists:)`.
    public var materialLibraryLines: [String] = []

    /// The material libraries to read: `materialLibraries`, except that a line whose space-separated names are not
    /// all files while the whole line is one (`mtllib 灯笼 模型.mtl`, a name with a space as Blender writes it)
    /// names that file. `exists` answers for a name relative to the OBJ's folder.
    public func materialLibraries(whereFileExists exists: (String) -> Bool) -> [String] {
        OBJParser.libraries(lines: materialLibraryLines, whereFileExists: exists)
    }
    /// Material names in order of first `usemtl`.
    public var materialNames: [String] = []
    /// Per triangle: index into `materialNames`, or -1 before any `usemtl`.
    public var triangleMaterials: [Int32] = []
    /// Statements the parser does not use yet (mtllib, usemtl, g, o, s, l, p ...), counted for `info`.
    public var ignoredStatements = 0
    /// What was read with a loss, one sentence each (faces naming normals or texture coordinates the file does not
    /// define: those are left out and normals made from the faces, as tinyobjloader and Blender read such files).
    public var warnings: [String] = []
    /// Face corners without a texture coordinate in a file where others have one: they were given (0, 0) so the rest
    /// keep their texture (0 when every corner has one, or none does). A mesh screen needs every one: it refuses these.
    public var cornersWithoutUV = 0
    /// Lines holding a statement (not blank, not a comment).
    public var statementLines = 0
    /// Statement lines whose keyword is not an OBJ keyword at all (binary junk, another format's text).
    public var unreadableLines = 0

    /// Why these bytes are not a model, or nil: no faces at all, or more than half the statement lines are not
    /// OBJ. An OBJ parser accepts almost anything (unknown keywords are skipped), so without this a file of NUL
    /// or random bytes would load as a valid empty model.
    public var notAModelReason: String? {
        if indices.isEmpty { return "no faces (\(unreadableLines) of \(statementLines) lines unreadable)" }
        if unreadableLines * 2 > statementLines {
            return "\(unreadableLines) of \(statementLines) lines unreadable"
        }
        return nil
    }

    public var triangleCount: Int { indices.count / 3 }

    /// Bounding box of the positions the faces use (nil without faces): `positions` may also hold vertices no face
    /// uses (a file without texture coordinates or normals keeps every `v`), which are not drawn.
    public var bounds: (min: SIMD3<Float>, max: SIMD3<Float>)? { indexedBounds(positions, indices) }
}

/// A problem in an OBJ file, located by line and column: `FILE:LINE:COLUMN: error: message`.
public struct OBJError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// Parses OBJ text. Pure: bytes in, mesh or a located error out.
public enum OBJParser {
    /// The libraries to read, line by line: the names `materialLibraries` holds, or, where they are not all
    /// files but the whole line is one (`mtllib 灯笼 模型.mtl`: Blender writes a name with spaces as it is), that
    /// file. `exists` answers for a name as written (relative to the OBJ's folder).
    static func libraries(lines: [String], whereFileExists exists: (String) -> Bool) -> [String] {
        lines.flatMap { line -> [String] in
            let names = libraryNames(line)
            guard names.count > 1, !names.allSatisfy(exists), let whole = libraryNames(line, splitAtSpaces: false).first
            else { return names }
            return exists(whole) ? [whole] : names
        }
    }

    /// The file names of an `mtllib` line: separated by spaces or tabs, a backslash-escaped space kept in its name,
    /// other backslashes made forward slashes (Windows paths). With `splitAtSpaces` false, the whole line is one
    /// name, its inner spaces kept and its ends trimmed.
    static func libraryNames(_ line: String, splitAtSpaces: Bool = true) -> [String] {
        var names: [String] = [], current = ""
        var chars = line[...]
        while let c = chars.popFirst() {
            if c == "\\", let next = chars.first, next == " " {
                current.append(" ")
                chars = chars.dropFirst()
            } else if c == " " || c == "\t" {
                if splitAtSpaces {
                    if !current.isEmpty { names.append(current); current = "" }
                } else if !current.isEmpty {
                    current.append(c)
                }
            } else {
                current.append(c == "\\" ? "/" : c)
            }
        }
        while !splitAtSpaces, current.last == " " || current.last == "\t" { current.removeLast() }
        if !current.isEmpty { names.append(current) }
        return names
    }

    /// The most vertices (or indices) a file may declare: refuses absurd files before they exhaust memory.
    public static let maxElements = 1 << 28

    /// Every keyword of the OBJ specification (Appendix B1) the parser skips: a line starting with one of these
    /// is OBJ, merely unused; any other keyword counts as unreadable.
    static let keywords: Set<String> = [
        "vp", "l", "p", "o", "g", "s", "mg", "cstype", "deg", "bmat", "step", "curv", "curv2", "surf", "parm",
        "trim", "hole", "scrv", "sp", "end", "con", "lod", "ctech", "stech", "bevel", "c_interp", "d_interp",
        "trace_obj", "shadow_obj", "maplib", "usemap", "call", "csh",
    ]

    public static func parse(_ bytes: [UInt8], name: String) throws -> OBJMesh {
        try bytes.withUnsafeBufferPointer { try parse($0, name: name) }
    }

    /// The same over borrowed bytes (a file's `Data` without copying it into an array first).
    public static func parse(rawBytes: UnsafeRawBufferPointer, name: String) throws -> OBJMesh {
        try parse(rawBytes.bindMemory(to: UInt8.self), name: name)
    }

    static func parse(_ buf: UnsafeBufferPointer<UInt8>, name: String) throws -> OBJMesh {
        var reader = OBJReader(name: name, expectedBytes: buf.count)
        try reader.feed(buf)
        return reader.finish()
    }
}

/// OBJ text parsed piece by piece (a big file read in chunks into one reused buffer, instead of whole: its pages
/// are faulted in once, not once per 4 KB of file). Each piece but the last must end at a line end
/// (`OBJReader.pieceEnd`), so that no statement spans two pieces; line numbers in errors run on across pieces.
/// Fed the whole text as one piece it is `OBJParser.parse`.
public struct OBJReader {
    let name: String
    var v: [SIMD3<Float>] = []
    var vt: [SIMD2<Float>] = []
    var vn: [SIMD3<Float>] = []
    var corners: [OBJCorner] = []  // (v, vt, vn) 0-based; -1 when absent
    var faceStarts: [Int32] = []        // first corner of each polygon
    var mesh = OBJMesh()
    var allHaveUV = true, allHaveNormal = true, anyHaveUV = false
    /// Face corners naming a texture coordinate or normal the file does not define, and the first one's line.
    var undefinedUV = 0, undefinedNormal = 0, firstUndefinedUV = 0, firstUndefinedNormal = 0
    /// Vertices beyond a 32-bit float (or NaN, inf), by index, with their line: an error only where a face uses one
    /// (tinyobjloader's numeric-edge-cases.obj lists 1.8e308 that no face uses).
    var nonFiniteVertices: [Int32: Int] = [:]
    var currentMaterial: Int32 = -1
    var faceMaterials: [Int32] = []
    /// The line the next piece starts on.
    var line = 1
    /// Whether a piece was fed: the first one may start with a UTF-8 byte order mark.
    var fedAny = false

    /// A reader for `name` (in error messages); `expectedBytes` (the file's size) reserves room up front.
    public init(name: String, expectedBytes: Int) {
        self.name = name
        // Room for a typical file's elements up front (an OBJ line is rarely under 16 bytes, a corner under 4):
        // growing by doubling copied each array once more. Pages not written are never touched.
        v.reserveCapacity(expectedBytes / 64)
        vn.reserveCapacity(expectedBytes / 64)  // untouched (and never faulted in) when the file has no normals
        corners.reserveCapacity(expectedBytes / 16)
        faceStarts.reserveCapacity(expectedBytes / 64)
        faceMaterials.reserveCapacity(expectedBytes / 64)
    }

    /// Calls `body` with each big array's reserved, not yet written storage (positions, normals, face corners and
    /// faces; whole capacity, as raw bytes) before the first `feed`, so that a caller with the operating system at
    /// hand can advise it (huge pages: the terrain's arrays took 29,000 page faults in 4 KB pages). The parser itself
    /// imports no libc; the storage does not move while nothing is appended.
    public mutating func withReservedStorage(_ body: (UnsafeMutableRawPointer, Int) -> Void) {
        @inline(__always) func each<T>(_ a: inout [T]) {
            let bytes = a.capacity * MemoryLayout<T>.stride
            guard bytes > 0 else { return }
            a.withUnsafeMutableBufferPointer { if let p = $0.baseAddress { body(UnsafeMutableRawPointer(p), bytes) } }
        }
        each(&v); each(&vn); each(&corners); each(&faceStarts); each(&faceMaterials)
    }

    /// Where a piece of `buf` may end: just past its last line end, or nil when it has none. A `\r` as the last
    /// byte does not count (a `\n` may follow it in the next read: `\r\n` is one line end), nor does the end of a
    /// line that ends in a backslash (a continuation: the statement goes on in the next line).
    public static func pieceEnd(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
        var k = buf.count - 1
        while k >= 0 {
            if buf[k] == 10 || (buf[k] == 13 && k < buf.count - 1) {
                // Back past the \r of a \r\n, then spaces and tabs: a backslash there continues the line.
                var j = k - 1
                if buf[k] == 10, j >= 0, buf[j] == 13 { j -= 1 }
                while j >= 0, buf[j] == 32 || buf[j] == 9 { j -= 1 }
                if j < 0 || buf[j] != 0x5C { return k + 1 }
            }
            k -= 1
        }
        return nil
    }

    /// The arrays and mesh moved out of the reader (left empty): a copy would share their storage, and the first
    /// append to either would copy a whole array.
    private mutating func take() -> ([SIMD3<Float>], [SIMD2<Float>], [SIMD3<Float>], [OBJCorner], [Int32], [Int32], OBJMesh) {
        defer { (v, vt, vn, corners, faceStarts, faceMaterials, mesh) = ([], [], [], [], [], [], OBJMesh()) }
        return (v, vt, vn, corners, faceStarts, faceMaterials, mesh)
    }

    /// `bytes` parsed as a reader of a file in `chunk`-byte reads parses them: each read appended to what is pending,
    /// the whole lines up to the last line end fed, the rest at the end (tests and the fuzzer check that this equals
    /// `OBJParser.parse` of the whole).
    public static func parse(_ bytes: [UInt8], name: String, chunk: Int) throws -> OBJMesh {
        var reader = OBJReader(name: name, expectedBytes: bytes.count)
        var pending: [UInt8] = []
        var pos = 0
        while pos < bytes.count {
            let n = min(max(1, chunk), bytes.count - pos)
            pending += bytes[pos..<(pos + n)]
            pos += n
            guard let end = pending.withUnsafeBufferPointer({ OBJReader.pieceEnd($0) }) else { continue }
            try pending.withUnsafeBufferPointer { try reader.feed(UnsafeBufferPointer(rebasing: $0[0..<end])) }
            pending.removeFirst(end)
        }
        try pending.withUnsafeBufferPointer { try reader.feed($0) }
        return reader.finish()
    }

    /// Parses one piece: whole lines (see `pieceEnd`), or the rest of the text.
    public mutating func feed(_ buf: UnsafeBufferPointer<UInt8>) throws {
        // The state in locals while the piece is parsed (the loop keeps them in registers; moved, not copied).
        var (v, vt, vn, corners, faceStarts, faceMaterials, mesh) = take()
        defer {
            (self.v, self.vt, self.vn, self.corners) = (v, vt, vn, corners)
            (self.faceStarts, self.faceMaterials, self.mesh) = (faceStarts, faceMaterials, mesh)
        }
        var allHaveUV = self.allHaveUV, allHaveNormal = self.allHaveNormal, anyHaveUV = self.anyHaveUV
        var currentMaterial = self.currentMaterial
        var cur = OBJCursor(buf: buf, name: name)
        cur.line = line
        if !fedAny { cur.skipByteOrderMark() }
        fedAny = true
        let maxElements = OBJParser.maxElements
        while !cur.atEnd {
            cur.skipSpaces()
            let keyStart = cur.pos
            cur.statementLine = cur.line
            cur.statementLineStart = cur.lineStart
            cur.skipWord()
            let keyword = OBJKeyword(buf, keyStart, cur.pos)
            if keyword.isStatement { mesh.statementLines += 1 }
            switch keyword {
            case .vertex:
                let x = try cur.float(), y = try cur.float(), z = try cur.float()
                let p = SIMD3<Float>(x, y, z)
                if !p.isFinite { nonFiniteVertices[Int32(v.count)] = cur.line }
                v.append(p)
                if v.count > maxElements { throw cur.error("more than \(maxElements) vertices", at: keyStart) }
            case .texcoord:
                let s = try cur.float()
                let t = cur.peekNumber() ? try cur.float() : 0
                vt.append(SIMD2(s, 1 - t))
            case .normal:
                let x = try cur.float(), y = try cur.float(), z = try cur.float()
                vn.append(SIMD3(x, y, z))
            case .face:
                let first = corners.count
                faceStarts.append(Int32(first))
                while true {
                    cur.skipSpaces()
                    if cur.atLineEnd { break }
                    let cornerCol = cur.pos
                    let vi = try cur.index(count: v.count, what: "vertex")
                    if !nonFiniteVertices.isEmpty, let l = nonFiniteVertices[vi] {
                        throw cur.error("vertex \(vi + 1) (line \(l)) is not finite, or beyond a 32-bit float's range (3.4e38)", at: cornerCol)
                    }
                    var ti: Int32 = -1, ni: Int32 = -1
                    if cur.peek == UInt8(ascii: "/") {
                        cur.pos += 1
                        if cur.peek != UInt8(ascii: "/") {
                            ti = try cur.index(count: vt.count, what: "texture coordinate", lenient: true)
                            if ti == OBJCursor.undefined {
                                if undefinedUV == 0 { firstUndefinedUV = cur.line }
                                undefinedUV += 1
                                ti = -1
                            }
                        }
                        if cur.peek == UInt8(ascii: "/") {
                            cur.pos += 1
                            ni = try cur.index(count: vn.count, what: "normal", lenient: true)
                            if ni == OBJCursor.undefined {
                                if undefinedNormal == 0 { firstUndefinedNormal = cur.line }
                                undefinedNormal += 1
                                ni = -1
                            }
                        }
                    }
                    if !cur.atLineEnd && !cur.atSpace && !cur.atContinuation {
                        throw cur.error("unexpected character in face corner", at: cur.pos)
                    }
                    _ = cornerCol
                    if ti < 0 { allHaveUV = false } else { anyHaveUV = true }
                    if ni < 0 { allHaveNormal = false }
                    corners.append(OBJCorner(x: vi, y: ti, z: ni))
                    if corners.count > maxElements { throw cur.error("more than \(maxElements) face corners", at: keyStart) }
                }
                if corners.count - first < 3 {
                    throw cur.error("a face needs at least 3 corners, found \(corners.count - first)", at: keyStart)
                }
                faceMaterials.append(currentMaterial)
            case .mtllib:
                // Several libraries may share one line, separated by spaces; a space escaped with a backslash is part
                // of a name (`mtl\ file.mtl`, as tinyobjloader reads it); other backslashes are Windows separators.
                let rest = cur.restOfLine()
                mesh.materialLibraries += OBJParser.libraryNames(rest)
                mesh.materialLibraryLines.append(rest)
            case .usemtl:
                let rest = cur.restOfLine()
                // Material names reach terminals (`info`): no control characters (an ESC sequence would act there).
                if rest.unicodeScalars.contains(where: SceneReader.isControl) {
                    throw cur.error("the material name holds a control character", at: keyStart)
                }
                if let i = mesh.materialNames.firstIndex(of: rest) {
                    currentMaterial = Int32(i)
                } else {
                    mesh.materialNames.append(rest)
                    currentMaterial = Int32(mesh.materialNames.count - 1)
                }
            case .empty, .comment:
                break
            case .other:
                // Rare keywords (g, s, o, junk) take the String path, so their rules stay those of `String`.
                let key = cur.slice(keyStart, cur.pos)
                if key.first == "#" { break }
                mesh.statementLines += 1
                mesh.ignoredStatements += 1
                if !OBJParser.keywords.contains(key) { mesh.unreadableLines += 1 }
            }
            cur.skipLine()
        }
        self.allHaveUV = allHaveUV
        self.allHaveNormal = allHaveNormal
        self.anyHaveUV = anyHaveUV
        self.currentMaterial = currentMaterial
        line = cur.line
    }

    /// The mesh of everything fed: corners merged into vertices, polygons fanned into triangles. The reader is left
    /// empty.
    public mutating func finish() -> OBJMesh {
        // Moved out, not copied: appending to a copy would copy the whole array.
        var (v, vt, vn, corners, faceStarts, faceMaterials, mesh) = take()
        faceStarts.append(Int32(corners.count))
        if undefinedNormal > 0 {
            mesh.warnings.append("\(undefinedNormal) face corners name normals the file does not define (the first on line "
                                 + "\(firstUndefinedNormal)): normals are made from the faces")
        }
        if undefinedUV > 0 {
            mesh.warnings.append("\(undefinedUV) face corners name texture coordinates the file does not define (the first "
                                 + "on line \(firstUndefinedUV)): those corners have none")
        }
        if let first = nonFiniteVertices.values.min() {
            let n = nonFiniteVertices.count
            mesh.warnings.append((n == 1 ? "1 vertex is" : "\(n) vertices are") + " not finite, or beyond a 32-bit float's range "
                                 + "(the first on line \(first)); no face uses \(n == 1 ? "it" : "them")")
            // Unused, but a mesh without texture coordinates or normals keeps every `v`: a renderer refuses NaN.
            for k in nonFiniteVertices.keys { v[Int(k)] = .zero }
        }
        mesh.sourceVertexCount = v.count

        // One output vertex per distinct corner, numbered in order of first use; polygons fanned (0, i, i + 1).
        // Texture coordinates are optional face by face: where some corners have them and others not, the others take
        // (0, 0), as three.js reads them, so a textured material keeps its texture on the faces that map it.
        // So the mesh has texture coordinates when any corner has one.
        if anyHaveUV && !allHaveUV {
            let missing = corners.reduce(0) { $0 + ($1.y < 0 ? 1 : 0) }
            mesh.cornersWithoutUV = missing
            mesh.warnings.append("\(missing) face corners have no texture coordinates while others do: they take (0, 0)")
            let fallback = Int32(vt.count)
            vt.append(SIMD2(0, 1))  // OBJ's (0, 0): v flipped as every vt is
            for k in corners.indices where corners[k].y < 0 { corners[k].y = fallback }
        }
        let useUV = anyHaveUV, useNormal = allHaveNormal && !corners.isEmpty
        var outPos: [SIMD3<Float>] = [], outUV: [SIMD2<Float>] = [], outN: [SIMD3<Float>] = []
        var cornerIndex = [UInt32](repeating: 0, count: corners.count)
        if !useUV && !useNormal {
            outPos = v
            for (k, c) in corners.enumerated() { cornerIndex[k] = UInt32(c.x) }
        } else {
            OBJCornerMerge.merge(corners, v: v, vt: vt, vn: vn, useUV: useUV, useNormal: useNormal,
                                 positions: &outPos, uvs: &outUV, normals: &outN, cornerIndex: &cornerIndex)
        }
        // Polygons fanned straight into the index and material arrays (no per-element append checks).
        let triangles = max(0, corners.count - 2 * (faceStarts.count - 1))
        var unchecked = 0  // faces past OBJPolygon.maxCorners, fanned without the concavity check
        let indices = [UInt32](unsafeUninitializedCapacity: triangles * 3) { out, count in
            var n = 0
            for f in 0..<(faceStarts.count - 1) {
                let s = Int(faceStarts[f]), e = Int(faceStarts[f + 1])
                // A concave face with more than three corners is cut into ears (its fan covered its notch); a convex
                // one is fanned, as always.
                if e - s > OBJPolygon.maxCorners { unchecked += 1 }
                if e - s >= 4, let ears = OBJPolygon.ears(e - s, { v[Int(corners[s + $0].x)] }) {
                    for (a, b, c) in ears {
                        out[n] = cornerIndex[s + a]; out[n + 1] = cornerIndex[s + b]; out[n + 2] = cornerIndex[s + c]
                        n += 3
                    }
                    continue
                }
                for i in (s + 1)..<(e - 1) {
                    out[n] = cornerIndex[s]; out[n + 1] = cornerIndex[i]; out[n + 2] = cornerIndex[i + 1]
                    n += 3
                }
            }
            count = n
        }
        mesh.triangleMaterials = [Int32](unsafeUninitializedCapacity: triangles) { out, count in
            var n = 0
            for f in 0..<(faceStarts.count - 1) {
                let m = faceMaterials[f]
                for _ in 0..<(Int(faceStarts[f + 1] - faceStarts[f]) - 2) { out[n] = m; n += 1 }
            }
            count = n
        }
        if unchecked > 0 {
            mesh.warnings.append("\(unchecked) face\(unchecked == 1 ? " has" : "s have") more than \(OBJPolygon.maxCorners) corners: "
                                 + "fanned without checking for notches (a concave one is drawn over its notch)")
        }
        mesh.positions = outPos
        mesh.uvs = useUV ? outUV : nil
        mesh.normals = useNormal ? outN : nil
        mesh.indices = indices
        return mesh
    }
}

/// A byte cursor over OBJ text that knows its line and column for error messages.
struct OBJCursor {
    let buf: UnsafeBufferPointer<UInt8>
    let name: String
    var pos = 0
    var line = 1
    var lineStart = 0
    /// The line the current statement began on, and where: errors at its keyword after a continuation name it.
    var statementLine = 1
    var statementLineStart = 0

    init(buf: UnsafeBufferPointer<UInt8>, name: String) {
        self.buf = buf
        self.name = name
    }

    var atEnd: Bool { pos >= buf.count }

    /// Moves past a UTF-8 byte order mark at the start (Windows editors and some exporters write one): read as part
    /// of the first keyword it dropped the `mtllib` statement, or the first vertex.
    mutating func skipByteOrderMark() {
        if pos == 0, buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { pos = 3; lineStart = 3 }
    }

    var peek: UInt8 { pos < buf.count ? buf[pos] : 0 }
    var atLineEnd: Bool {
        let c = peek
        return pos >= buf.count || c == 10 || c == 13 || c == UInt8(ascii: "#")
    }
    var atSpace: Bool { peek == 32 || peek == 9 }
    /// At a backslash that ends its line: a continuation, as good as a space between tokens.
    var atContinuation: Bool { peek == 0x5C && continuationEnd(pos) != nil }

    func error(_ message: String, at p: Int) -> OBJError {
        if p < lineStart {  // on an earlier line of a continued statement: its first
            return OBJError(file: name, line: statementLine, column: p - statementLineStart + 1, message: message)
        }
        return OBJError(file: name, line: line, column: p - lineStart + 1, message: message)
    }

    /// Moves past spaces and tabs, and past line continuations: a backslash at the end of a line (only spaces or
    /// tabs after it) joins the next line to this statement, as the OBJ specification has it.
    mutating func skipSpaces() {
        while pos < buf.count {
            let c = buf[pos]
            if c == 32 || c == 9 { pos += 1; continue }
            if c == 0x5C, let next = continuationEnd(pos) {
                pos = next
                line += 1
                lineStart = pos
                continue
            }
            break
        }
    }

    /// Where the next line starts when the backslash at `p` ends its line (then only spaces or tabs, and `\n`,
    /// `\r\n` or `\r`, or the end of the file: a piece other than the last ends at a line end, `pieceEnd`); nil
    /// when something else follows it.
    func continuationEnd(_ p: Int) -> Int? {
        var k = p + 1
        while k < buf.count, buf[k] == 32 || buf[k] == 9 { k += 1 }
        guard k < buf.count else { return k }
        if buf[k] == 10 { return k + 1 }
        guard buf[k] == 13 else { return nil }
        return k + 1 < buf.count && buf[k + 1] == 10 ? k + 2 : k + 1
    }

    mutating func skipWord() {
        while pos < buf.count {
            let c = buf[pos]
            if c == 32 || c == 9 || c == 10 || c == 13 { break }
            pos += 1
        }
    }

    /// Moves past the end of the current line (handles \n, \r\n and a lone \r).
    mutating func skipLine() {
        while pos < buf.count, buf[pos] != 10, buf[pos] != 13 { pos += 1 }
        if pos < buf.count, buf[pos] == 13 { pos += 1 }
        if pos < buf.count, buf[pos] == 10 { pos += 1 }
        line += 1
        lineStart = pos
    }

    func slice(_ a: Int, _ b: Int) -> String {
        if b - a == 1 && buf[a] == UInt8(ascii: "v") { return "v" }
        if b - a == 1 && buf[a] == UInt8(ascii: "f") { return "f" }
        return String(decoding: UnsafeBufferPointer(rebasing: buf[a..<b]), as: UTF8.self)
    }

    mutating func peekNumber() -> Bool {
        skipSpaces()
        let c = peek
        return (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
    }

    /// A decimal number (sign, digits, fraction, exponent; also inf/nan words, which callers reject).
    mutating func float() throws -> Float {
        skipSpaces()
        let start = pos
        var neg = false
        if peek == UInt8(ascii: "-") { neg = true; pos += 1 } else if peek == UInt8(ascii: "+") { pos += 1 }
        var mant: UInt64 = 0
        var digits = 0, exp10 = 0
        digitWords(&mant, &digits)
        while pos < buf.count, buf[pos] >= 48, buf[pos] <= 57 {
            if mant < 1_000_000_000_000_000_000 { mant = mant * 10 + UInt64(buf[pos] - 48) } else { exp10 += 1 }
            digits += 1; pos += 1
        }
        if peek == UInt8(ascii: ".") {
            pos += 1
            exp10 -= digitWords(&mant, &digits)
            while pos < buf.count, buf[pos] >= 48, buf[pos] <= 57 {
                if mant < 1_000_000_000_000_000_000 { mant = mant * 10 + UInt64(buf[pos] - 48); exp10 -= 1 }
                digits += 1; pos += 1
            }
        }
        if digits == 0 {
            // inf / nan spelled out: parse the word so the caller can reject it with a clear message.
            let w = start
            while pos < buf.count, (buf[pos] | 0x20) >= 97, (buf[pos] | 0x20) <= 122 { pos += 1 }
            let word = slice(w, pos).lowercased().trimmingPrefix(while: { $0 == "-" || $0 == "+" })
            if word == "nan" { return .nan }
            if word == "inf" || word == "infinity" { return neg ? -.infinity : .infinity }
            throw error(atEnd || atLineEnd ? "expected a number, found the end of the line" : "expected a number", at: start)
        }
        if peek | 0x20 == UInt8(ascii: "e") {
            pos += 1
            var eneg = false
            if peek == UInt8(ascii: "-") { eneg = true; pos += 1 } else if peek == UInt8(ascii: "+") { pos += 1 }
            var e = 0, ed = 0
            while pos < buf.count, buf[pos] >= 48, buf[pos] <= 57 {
                if e < 10000 { e = e * 10 + Int(buf[pos] - 48) }
                ed += 1; pos += 1
            }
            if ed == 0 { throw error("malformed exponent", at: start) }
            exp10 += eneg ? -e : e
        }
        if !(atLineEnd || atSpace || peek == UInt8(ascii: "/") || atContinuation) { throw error("malformed number", at: start) }
        var d = Double(mant)
        if exp10 != 0 { d = exp10 > 0 ? d * pow10(exp10) : d / pow10(-exp10) }
        return Float(neg ? -d : d)
    }

    /// A number's digits at `pos` added to its mantissa in runs of up to 8 a word while the mantissa has room for
    /// them (each digit would take the byte loop's exact branch: mant < 10^digits <= 10^17 before it); returns how
    /// many were read. The byte loop reads what is left: the same mantissa and exponent.
    @inline(__always) @discardableResult
    mutating func digitWords(_ mant: inout UInt64, _ digits: inout Int) -> Int {
        var read = 0
        while digits <= 10, let (n, value) = digitWord() {
            mant = mant * powersOf10[n] + value
            digits += n; pos += n; read += n
            if n < 8 { break }
        }
        return read
    }

    /// The ASCII digits at `pos`, up to 8 (fewer where a non-digit comes first), as (count, value), read as one
    /// little-endian word without moving `pos`; nil when fewer than 8 bytes remain (the byte loops read the end).
    @inline(__always) func digitWord() -> (count: Int, value: UInt64)? {
        guard pos + 8 <= buf.count else { return nil }
        let w = UInt64(littleEndian: UnsafeRawPointer(buf.baseAddress! + pos).loadUnaligned(as: UInt64.self))
        let high: UInt64 = 0x8080_8080_8080_8080, zeros: UInt64 = 0x3030_3030_3030_3030
        // Bit 7 of each byte set where the byte is not '0'...'9': below '0' (b | 0x80 minus '0' never borrows
        // across bytes), above '9' (b & 0x7F plus 0x46 never carries), or not ASCII.
        let nonDigit = (~((w | high) &- zeros) | ((w & ~high) &+ 0x4646_4646_4646_4646) | w) & high
        let count = nonDigit == 0 ? 8 : nonDigit.trailingZeroBitCount / 8
        guard count > 0 else { return (0, 0) }
        // The digits' values moved to the top bytes (zeros below are leading zeros; what follows the digits, and
        // any borrow it made, is shifted out), then combined in pairs, quads and the eight: the first byte is the
        // most significant digit.
        var d = (w &- zeros) &<< UInt64(8 * (8 - count))
        d = (d &* 10 &+ (d &>> 8)) & 0x00FF_00FF_00FF_00FF
        d = (d &* 100 &+ (d &>> 16)) & 0x0000_FFFF_0000_FFFF
        d = (d &* 10000 &+ (d &>> 32)) & 0xFFFF_FFFF
        return (count, d)
    }

    /// The rest of the line, trimmed (names, file paths); stops before a comment.
    mutating func restOfLine() -> String {
        skipSpaces()
        var text = ""
        while true {
            let start = pos
            while pos < buf.count, buf[pos] != 10, buf[pos] != 13, buf[pos] != UInt8(ascii: "#") { pos += 1 }
            var end = pos
            while end > start, buf[end - 1] == 32 || buf[end - 1] == 9 { end -= 1 }
            // A backslash ending the line continues the text on the next one, joined by a space.
            if end > start, buf[end - 1] == 0x5C, let next = continuationEnd(end - 1) {
                var cut = end - 1
                while cut > start, buf[cut - 1] == 32 || buf[cut - 1] == 9 { cut -= 1 }
                text += String(decoding: UnsafeBufferPointer(rebasing: buf[start..<cut]), as: UTF8.self) + " "
                pos = next
                line += 1
                lineStart = pos
                skipSpaces()
                continue
            }
            text += String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self)
            while text.last == " " || text.last == "\t" { text.removeLast() }
            return text
        }
    }

    /// What `index(lenient: true)` returns for an index past the elements defined so far.
    static let undefined: Int32 = -2

    /// A 1-based (or negative, relative) OBJ index resolved against `count` elements seen so far; past them an
    /// error, or `undefined` when `lenient` (texture coordinates and normals, which a face can do without).
    @inline(__always) mutating func index(count: Int, what: String, lenient: Bool = false) throws -> Int32 {
        let start = pos
        var neg = false
        if peek == UInt8(ascii: "-") { neg = true; pos += 1 }
        var n = 0, digits = 0
        // The first up to 8 digits as one word (under 10^8: the loop below would have taken every one), the rest
        // (after 8 digits, or near the end of the text) by the loop.
        if let (count, value) = digitWord() {
            n = Int(value)
            digits = count; pos += count
        }
        while pos < buf.count, buf[pos] >= 48, buf[pos] <= 57 {
            if n < Int(Int32.max) { n = n * 10 + Int(buf[pos] - 48) }
            digits += 1; pos += 1
        }
        if digits == 0 {
            if start < buf.count, buf[start] == UInt8(ascii: "\\") {
                throw error("a backslash continues a statement only at the end of a line", at: start)
            }
            throw error("expected a \(what) index", at: start)
        }
        if n == 0 { throw error("\(what) index 0 is invalid (OBJ indices start at 1)", at: start) }
        let resolved = neg ? count - n : n - 1
        guard resolved >= 0, resolved < count else {
            if lenient { return OBJCursor.undefined }
            throw error("\(what) index \(neg ? "-" : "")\(n) is out of range (\(count) defined so far)", at: start)
        }
        return Int32(resolved)
    }
}

/// 10^0 ... 10^8 as integers: a run of n digits read as one word scales the mantissa by powersOf10[n].
private let powersOf10: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000]

/// 10^0 ... 10^22, every one exact in a Double: what the loop below gives for these n, without the loop (a
/// number's scale is looked up once per coordinate, millions of times in a big mesh).
private let exactPowersOf10: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
]

/// 10^n for n >= 0 (exact up to 10^22, then rounded products).
private func pow10(_ n: Int) -> Double {
    if n < exactPowersOf10.count { return exactPowersOf10[n] }
    if n > 400 { return .infinity }
    var r = 1.0, b = 10.0, k = n
    while k > 0 { if k & 1 == 1 { r *= b }; b *= b; k >>= 1 }
    return r
}
