// NDisplayStage: an nDisplay config's screens placed in studio space: parent chains composed, `simple` viewports
// made flat LED surfaces with the viewport's pixels, `mesh` viewports made mesh screens (flat when the mesh is one
// flat rectangle), the rest listed.

import Geometry
import SceneModel

/// Builds LED surfaces from an `NDisplayConfig` (pure: meshes arrive already read).
enum NDisplayStage {
    /// A mesh-policy viewport's mesh, read from the OBJ file the scene names for it (studio space, metres).
    struct Mesh {
        var file: String
        var mesh: OBJMesh
        /// Without UVs: the triangles whose faces name none (for the message).
        var missingUVs: [Int] = []
    }

    struct Result {
        var screens: [LEDSurface]
        /// One line per viewport or screen left out, with the reason.
        var skipped: [String]
    }

    /// The surfaces in viewport order (nodes, then each node's viewports, as the file lists them); each `simple`
    /// screen once, named by the screen's id; each mesh viewport with a named mesh, named by the viewport's id.
    static func build(_ c: NDisplayConfig, file: String, meshes: [String: Mesh]) throws -> Result {
        var index: [String: Int] = [:]
        for (i, comp) in c.components.enumerated() { index[comp.id.lowercased()] = i }
        var world = [UETransform?](repeating: nil, count: c.components.count)

        func err(_ p: NDisplayConfig.Place, _ message: String) -> SceneError {
            SceneError(file: file, line: p.line, column: p.column, message: p.path + ": " + message)
        }

        /// The component's placement in the config's root space: its parent chain walked up to the root (a loop
        /// or a missing parent is an error at the link that breaks), then composed from the root down.
        func placement(_ i: Int) throws -> UETransform {
            if let w = world[i] { return w }
            var chain = [i]
            var seen: Set<Int> = [i]
            while true {
                let comp = c.components[chain.last!]
                if comp.parent.isEmpty || world[chain.last!] != nil && chain.count > 1 { break }
                guard let p = index[comp.parent.lowercased()] else {
                    throw err(comp.parentPlace, "no component '\(comp.parent)' to be the parent of '\(comp.id)'"
                              + DidYouMean.hint(for: comp.parent, among: c.components.map(\.id)))
                }
                guard seen.insert(p).inserted else {
                    let loop = chain.map { c.components[$0].id } + [c.components[p].id]
                    throw err(comp.parentPlace, "the parent chain loops: " + loop.joined(separator: " → "))
                }
                chain.append(p)
                if world[p] != nil { break }
            }
            var t: UETransform
            var k = chain.count - 1
            if let known = world[chain[k]] { t = known; k -= 1 } else { t = .identity }
            while k >= 0 {
                let comp = c.components[chain[k]]
                t = local(comp, c).then(t)
                // A screen's world scale is its size whatever its parents' scale (4.27 sets it with SetWorldScale3D);
                // every other component's is 1. The file holds no scale for xforms and cameras: Unreal's editor
                // keeps a component's world scale when it is attached to a screen, and the exporter writes location
                // and rotation only. So a child's location is in its screen's scaled space (0.5 is the edge), and
                // what hangs below that child is in centimetres again (a real 5.00 export chains 21 strips this way
                // into one closed 10.6 m loop; carried further down, the scale put them hundreds of metres away).
                if c.screensScaleChildren { t.scale = comp.kind == .screen ? [1, comp.size!.x, comp.size!.y] : [1, 1, 1] }
                world[chain[k]] = t
                k -= 1
            }
            return world[i]!
        }

        var screens: [LEDSurface] = []
        var skipped: [String] = []
        var shownBy: [Int: String] = [:]
        for vp in c.viewports {
            let what = "viewport '\(vp.id)' (node '\(vp.node)')"
            switch vp.policy {
            case "simple":
                let sid = vp.screen ?? ""
                if index[sid.lowercased()] == nil, !c.components.contains(where: { $0.kind == .screen }) {
                    // A config without screens (Epic's 4.27 examples: the geometry is in the nDisplay Blueprint).
                    skipped.append("\(what): its screen '\(sid)' is not in the file (the config has no screens: they are in its nDisplay asset)")
                    continue
                }
                guard let si = index[sid.lowercased()], c.components[si].kind == .screen else {
                    let kindNote = index[sid.lowercased()].map { " ('\(sid)' is \(c.components[$0].kind.rawValue == "xform" ? "an xform" : "a camera"))" } ?? ""
                    throw err(vp.screenPlace ?? vp.place, "no screen '\(sid)' under nDisplay.scene.screens\(kindNote)"
                              + DidYouMean.hint(for: sid, among: c.components.filter { $0.kind == .screen }.map(\.id)))
                }
                if let first = shownBy[si] {
                    skipped.append("\(what): screen '\(sid)' is already shown by viewport '\(first)'")
                    continue
                }
                shownBy[si] = vp.id
                let comp = c.components[si]
                let w = try placement(si)
                let half: SIMD2<Double> = c.screensScaleChildren ? [0.5, 0.5] : comp.size! / 2
                // The screen lies in its local Y-Z plane and is seen from local −X: left is −Y, top is +Z.
                let tl = UESpace.studio(w.apply([0, -half.x, half.y]))
                let tr = UESpace.studio(w.apply([0, half.x, half.y]))
                let bl = UESpace.studio(w.apply([0, -half.x, -half.y]))
                screens.append(surface(name: comp.id, viewport: vp, topLeft: tl, topRight: tr, bottomLeft: bl))
            case "mesh":
                guard let m = meshes[vp.id] else {
                    skipped.append("\(what): the mesh policy's mesh is inside the .uasset; name an OBJ for it under stage.meshes")
                    continue
                }
                switch NDisplayMeshScreen.flatRectangle(m.mesh) {
                case .success(let r):
                    // Exactly one flat rectangle: a flat surface, as a simple screen would be.
                    screens.append(surface(name: vp.id, viewport: vp, topLeft: r.topLeft, topRight: r.topRight, bottomLeft: r.bottomLeft))
                case .failure:
                    // Any other shape: a mesh screen, the viewport's region laid over the mesh by its UVs.
                    let t = MeshScreenFile.Triangles(positions: m.mesh.positions.map(SIMD3<Double>.init),
                                                     uvs: m.mesh.uvs.map { $0.map(SIMD2<Double>.init) },
                                                     indices: m.mesh.indices.map(Int.init), missingUVs: m.missingUVs)
                    do {
                        screens.append(try MeshScreenFile.surface(name: vp.id, triangles: t,
                                                                  canvas: .pixels(width: vp.region.w, height: vp.region.h, cabinets: (1, 1))))
                    } catch {
                        throw SceneError(file: m.file, line: 1, column: 1, message: "mesh of \(what) \(error.message)")
                    }
                }
            default:
                skipped.append("\(what): the '\(vp.policy)' projection policy is not an LED screen")
            }
        }
        for (i, comp) in c.components.enumerated() where comp.kind == .screen && shownBy[i] == nil {
            // Still checked, so a broken parent chain is reported even for a screen no viewport shows.
            _ = try placement(i)
            skipped.append("screen '\(comp.id)': no simple viewport shows it, so its pixels are unknown")
        }
        return Result(screens: screens, skipped: skipped)
    }

    /// A component's placement relative to its parent. From 4.27 a screen is the unit plane scaled to (1, width,
    /// height), so what hangs directly below it is placed in that scaled space: a child's location 0.5 along Y is
    /// the screen's right edge; the screen's own size stays the one the config gives.
    static func local(_ comp: NDisplayConfig.Component, _ c: NDisplayConfig) -> UETransform {
        let scale: SIMD3<Double> = comp.kind == .screen && c.screensScaleChildren ? [1, comp.size!.x, comp.size!.y] : [1, 1, 1]
        return UETransform(location: comp.location, rotator: comp.rotator, scale: scale)
    }

    /// A flat LED surface from three corners in studio space, its canvas the viewport's region: one "cabinet" the
    /// size of the screen with the region's pixels, so the pixel pitch is the screen's width over the region's.
    /// Faces looking more than 30° below the horizon are ceilings, more than 30° above it floors, the rest walls
    /// (`LEDSurface.Kind.facing`).
    static func surface(name: String, viewport vp: NDisplayConfig.Viewport, topLeft tl: SIMD3<Double>,
                        topRight tr: SIMD3<Double>, bottomLeft bl: SIMD3<Double>) -> LEDSurface {
        let across = tr - tl, down = bl - tl
        let w = across.length, h = down.length
        let ua = across / w, va = down / h
        let panel = LEDPanelType(name: "nDisplay viewport \(vp.id)", cabinetWidthMM: w * 1000, cabinetHeightMM: h * 1000,
                                 density: .pixels(width: vp.region.w, height: vp.region.h))
        let normal = va.cross(ua)
        return LEDSurface(name: name, kind: .facing(normal),
                          grid: CabinetGrid(panel: panel, columns: 1, rows: 1), shape: .flat(origin: tl, uAxis: ua, vAxis: va))
    }
}
