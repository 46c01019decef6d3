// MeshScreenFile: a mesh screen's OBJ or glTF bytes to an LED surface: triangles with UVs, the canvas's pixels and
// cabinets, the checks that name bad triangles.

import Geometry
import SceneModel

/// Reads mesh screens (a wall section `shape: mesh`, an nDisplay mesh viewport). Pure: the caller reads files.
public enum MeshScreenFile {
    /// Triangles in studio space (metres, Y up) with their UVs (v down from the canvas's top row), as the file has them.
    public struct Triangles: Sendable {
        public var positions: [SIMD3<Double>]
        public var uvs: [SIMD2<Double>]?
        public var indices: [Int]
        /// Without UVs: the triangles (from 1) whose corners lack one, when the file says (OBJ faces without `vt`).
        public var missingUVs: [Int] = []
    }

    /// An OBJ (by extension) or glTF/GLB file's triangles, every primitive of a glTF in order; `resolve` gives the
    /// bytes of a glTF's external buffers. Errors name the file.
    public static func read(bytes: [UInt8], file: String, resolve: (String) throws -> [UInt8]) throws -> Triangles {
        let lower = file.lowercased()
        if lower.hasSuffix(".gltf") || lower.hasSuffix(".glb") {
            let model = try GLTFImporter.load(bytes: bytes, name: file, resolve: resolve)
            var t = Triangles(positions: [], uvs: [], indices: [])
            for p in model.primitives {
                let base = t.positions.count
                t.positions += p.positions.map(SIMD3<Double>.init)
                if let uv = p.uvs, uv.count == p.positions.count { t.uvs? += uv.map(SIMD2<Double>.init) } else { t.uvs = nil }
                t.indices += p.indices.map { base + Int($0) }
            }
            return t
        }
        let (m, missing) = try screenOBJ(bytes, file: file)
        return Triangles(positions: m.positions.map(SIMD3<Double>.init), uvs: m.uvs.map { $0.map(SIMD2<Double>.init) },
                         indices: m.indices.map(Int.init), missingUVs: missing)
    }

    /// An OBJ read as a screen's mesh (a wall section, an nDisplay mesh viewport): every corner needs its own texture
    /// coordinate, so where any lacks one the mesh has no UVs and `missing` lists the triangles (the (0, 0) a model's
    /// untextured faces get is no place on a canvas). Errors name the file.
    static func screenOBJ(_ bytes: [UInt8], file: String) throws -> (mesh: OBJMesh, missing: [Int]) {
        var m: OBJMesh
        do {
            m = try OBJParser.parse(bytes, name: file)
        } catch let e as OBJError {
            throw SceneError(file: e.file, line: e.line, column: e.column, message: e.message)
        }
        guard m.uvs == nil || m.cornersWithoutUV > 0 else { return (m, []) }
        m.uvs = nil
        return (m, objTrianglesWithoutUVs(bytes))
    }

    /// The triangles (from 1, as the parser fans polygons: a face of n corners makes n − 2, in file order) of the OBJ
    /// faces with a corner that names no texture coordinate (`f 1 2 3`, `f 1//1 2//2 3//3`).
    static func objTrianglesWithoutUVs(_ bytes: [UInt8]) -> [Int] {
        var out: [Int] = []
        var triangle = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let words = line.split(whereSeparator: { $0 == 32 || $0 == 9 || $0 == 13 })
            guard words.first.map(Array.init) == [UInt8(ascii: "f")], words.count >= 4 else { continue }
            let corners = words.dropFirst()
            let missing = corners.contains { c in
                let parts = c.split(separator: UInt8(ascii: "/"), maxSplits: 2, omittingEmptySubsequences: false)
                return parts.count < 2 || parts[1].isEmpty
            }
            for _ in 0..<(corners.count - 2) {
                triangle += 1
                if missing { out.append(triangle) }
            }
        }
        return out
    }

    /// The canvas a mesh screen's pixels lay over it.
    public enum Canvas: Sendable {
        /// `pixels` LED pixels split into `cabinets` (columns, rows) equal cabinets; the canvas's size in metres is
        /// the mesh's own (`LEDSurface.Mesh.canvasSize`).
        case pixels(width: Int, height: Int, cabinets: (columns: Int, rows: Int))
        /// A grid of a real panel type: the canvas is the grid's size and pixels, the UVs stretched over it.
        case grid(CabinetGrid)
    }

    /// The LED surface, its kind by its LED face at the canvas's middle (`LEDSurface.Kind.facing`: more than 30°
    /// below the horizon a ceiling, above it a floor, else a wall).
    /// Throws `LEDSurface.MeshProblem` for a layout that cannot be a canvas.
    public static func surface(name: String, triangles t: Triangles, canvas: Canvas) throws(LEDSurface.MeshProblem) -> LEDSurface {
        guard let uvs = t.uvs, uvs.count == t.positions.count else {
            let what = "has no UVs (every face corner needs a texture coordinate: OBJ 'f v/vt', glTF TEXCOORD_0)"
            guard !t.missingUVs.isEmpty else { throw LEDSurface.MeshProblem(message: what, triangles: []) }
            let shown = t.missingUVs.prefix(6).map(String.init).joined(separator: ", ")
            let more = t.missingUVs.count > 6 ? " and \(t.missingUVs.count - 6) more" : ""
            throw LEDSurface.MeshProblem(message: "\(what) in \(t.missingUVs.count == 1 ? "triangle" : "triangles") \(shown)\(more)",
                                         triangles: t.missingUVs)
        }
        let grid: CabinetGrid
        switch canvas {
        case let .grid(g): grid = g
        case let .pixels(w, h, cab):
            let size = LEDSurface.Mesh.canvasSize(positions: t.positions, uvs: uvs, indices: t.indices)
            let panel = LEDPanelType(name: "mesh screen \(name)", cabinetWidthMM: size.x * 1000 / Double(cab.columns),
                                     cabinetHeightMM: size.y * 1000 / Double(cab.rows),
                                     density: .pixels(width: w / cab.columns, height: h / cab.rows))
            grid = CabinetGrid(panel: panel, columns: cab.columns, rows: cab.rows)
        }
        guard grid.widthM > 0, grid.heightM > 0 else {
            throw LEDSurface.MeshProblem(message: "has no area to lay a canvas over", triangles: [])
        }
        let mesh = try LEDSurface.Mesh(positions: t.positions, uvs: uvs, indices: t.indices, width: grid.widthM, height: grid.heightM)
        let n = mesh.normal(u: grid.widthM / 2, v: grid.heightM / 2)
        return LEDSurface(name: name, kind: .facing(n), grid: grid, shape: .mesh(mesh))
    }
}
