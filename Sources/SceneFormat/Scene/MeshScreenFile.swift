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
        do {
            let m = try OBJParser.parse(bytes, name: file)
            return Triangles(positions: m.positions.map(SIMD3<Double>.init), uvs: m.uvs.map { $0.map(SIMD2<Double>.init) },
                             indices: m.indices.map(Int.init))
        } catch let e as OBJError {
            throw SceneError(file: e.file, line: e.line, column: e.column, message: e.message)
        }
    }

    /// The canvas a mesh screen's pixels lay over it.
    public enum Canvas: Sendable {
        /// `pixels` LED pixels split into `cabinets` (columns, rows) equal cabinets; the canvas's size in metres is
        /// the mesh's own (`LEDSurface.Mesh.canvasSize`).
        case pixels(width: Int, height: Int, cabinets: (columns: Int, rows: Int))
        /// A grid of a real panel type: the canvas is the grid's size and pixels, the UVs stretched over it.
        case grid(CabinetGrid)
    }

    /// The LED surface: kind `.ceiling` when the mesh's LED face looks more than 60° down, else `.wall`.
    /// Throws `LEDSurface.MeshProblem` for a layout that cannot be a canvas.
    public static func surface(name: String, triangles t: Triangles, canvas: Canvas) throws(LEDSurface.MeshProblem) -> LEDSurface {
        guard let uvs = t.uvs, uvs.count == t.positions.count else {
            throw LEDSurface.MeshProblem(message: "has no UVs (every face corner needs a texture coordinate: OBJ 'f v/vt', glTF TEXCOORD_0)",
                                         triangles: [])
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
        return LEDSurface(name: name, kind: n.y < -0.5 ? .ceiling : .wall, grid: grid, shape: .mesh(mesh))
    }
}
