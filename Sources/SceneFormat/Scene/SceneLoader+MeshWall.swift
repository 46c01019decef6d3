// SceneLoader+MeshWall: a wall section `shape: mesh`: an OBJ or glTF mesh with UVs as an LED surface.

import Geometry
import SceneModel
import Yams

extension Load {
    /// `shape: mesh, mesh: file, pixels: [W, H]` (optionally `cabinets: [C, R]`), or `panel` with `columns` and
    /// `rows` for a canvas of real cabinets; `position`, `yaw_deg` and `elevation` move the mesh as read.
    func meshWall(_ node: Node, _ f: Fields, name: String, panels: [LEDPanelType]) throws -> LEDWall {
        for k in ["radius", "start_deg", "span_deg", "lean_deg"] where f.has(k) {
            throw r.error(f.keyNode(k), "'\(k)' is not for mesh walls (wall '\(name)' takes its shape from its mesh)")
        }
        let mn = try f.required("mesh")
        let path = try r.string(mn, "mesh")
        let lower = path.lowercased()
        guard lower.hasSuffix(".obj") || lower.hasSuffix(".gltf") || lower.hasSuffix(".glb") else {
            throw r.error(mn, "'mesh' must name a Wavefront .obj or a glTF .gltf/.glb file, found '\(path)'")
        }
        let file = SceneLoader.resolve(path, sceneFile: sceneFile)
        guard let bytes = readFile(file) else { throw r.error(mn, "mesh file '\(path)' not found or unreadable (tried \(file))") }
        let canvas: MeshScreenFile.Canvas
        if f.has("panel") {
            if let k = ["pixels", "cabinets"].first(where: { f.has($0) }) {
                throw r.error(f.keyNode(k), "mesh wall '\(name)' gives 'panel' and '\(k)'; its canvas is the panel grid's (give 'panel', 'columns', 'rows') or 'pixels'")
            }
            let panel = try panelNamed(f, panels)
            canvas = .grid(CabinetGrid(panel: panel, columns: try r.int(f.required("columns"), "columns", 1...2000),
                                       rows: try r.int(f.required("rows"), "rows", 1...500)))
        } else {
            guard let pn = f["pixels"] else {
                throw r.error(node, "mesh wall '\(name)' needs 'pixels: [width, height]' (its canvas) or 'panel' with 'columns' and 'rows'")
            }
            for k in ["columns", "rows"] where f.has(k) {
                throw r.error(f.keyNode(k), "'\(k)' goes with 'panel' on a mesh wall; with 'pixels', split it with 'cabinets: [columns, rows]'")
            }
            let (w, h) = try r.intPair(pn, "pixels", 1...16384)
            guard w * h <= 64 << 20 else { throw r.error(pn, "a \(w) x \(h) canvas is over the 64 Mpixel limit of one LED surface") }
            let (c, rr) = try f["cabinets"].map { try r.intPair($0, "cabinets", 1...2000) } ?? (1, 1)
            guard w % c == 0, h % rr == 0 else {
                throw r.error(f["cabinets"], "\(c) x \(rr) cabinets do not split a \(w) x \(h) canvas into whole pixels")
            }
            canvas = .pixels(width: w, height: h, cabinets: (c, rr))
        }
        var tris: MeshScreenFile.Triangles
        do {
            tris = try MeshScreenFile.read(bytes: bytes, file: file) { rel in
                let p = SceneLoader.resolve(rel, sceneFile: file)
                guard let b = readFile(p) else { throw SceneError(file: file, line: 1, column: 1, message: "buffer '\(rel)' not found (tried \(p))") }
                return b
            }
        } catch let e as GLTFError {
            throw r.error(mn, "mesh '\(path)': \(e.message)")
        }
        let position = try f.vec3("position", default: .zero)
        let yaw = try f.double("yaw_deg", -360...360, default: 0)
        let elevation = try f.double("elevation", 0...100, default: 0, unit: " m")
        let place = Transform(translate: position + SIMD3(0, elevation, 0), rotateDegrees: [0, yaw, 0])
        if position != .zero || yaw != 0 || elevation != 0 { tris.positions = tris.positions.map(place.apply) }
        let s: LEDSurface
        do {
            s = try MeshScreenFile.surface(name: name, triangles: tris, canvas: canvas)
        } catch {
            throw r.error(mn, "mesh '\(path)' \(error.message)")
        }
        guard case .mesh(let m) = s.shape else { fatalError("MeshScreenFile.surface returns mesh surfaces") }
        return LEDWall(name: name, grid: s.grid, shape: .mesh(m), position: position, yawDegrees: yaw, elevation: elevation)
    }
}
