// PlanView+Processors: the LED processors' output zones on the plan: each port's cabinets as a coloured line behind
// its surface, so a technician sees which port drives which part of the volume.

import Geometry
import RasterCore
import SceneModel

extension PlanView {
    /// Colours the zones cycle through (linear RGB), in output order.
    static let zoneLanes = 4
    static let zoneColors: [SIMD4<Float>] = [[0.95, 0.35, 0.2, 1], [0.2, 0.8, 0.35, 1], [0.85, 0.75, 0.15, 1],
                                             [0.7, 0.35, 0.95, 1], [0.15, 0.75, 0.85, 1], [0.95, 0.45, 0.7, 1]]

    /// One line per processor output behind its surface (walls at their foot, ceilings across the middle of the
    /// output's rows), spanning the output's cabinet columns; a surface's ports step back in turn over four lanes
    /// 8 cm apart, so neighbouring ports sharing columns (serpentine rows) stay apart. Nothing without processors.
    func processorZones(stage: Stage, surfaces: [LEDSurface], y: Float) -> [LineBatch] {
        guard !stage.processors.isEmpty, let outs = try? stage.processorOutputs() else { return [] }
        var batches = [[SIMD3<Float>]](repeating: [], count: Self.zoneColors.count)
        var nth: [String: Int] = [:]
        for (i, o) in outs.enumerated() {
            guard let s = surfaces.first(where: { $0.name == o.surface }) else { continue }
            let k = nth[o.surface, default: 0]
            nth[o.surface] = k + 1
            let cw = s.widthM / Double(s.grid.columns), ch = s.heightM / Double(s.grid.rows)
            let cols = o.cabinets.map(\.column), rows = o.cabinets.map(\.row)
            let u0 = Double(cols.min()!) * cw, u1 = Double(cols.max()! + 1) * cw
            let v = s.kind == .wall ? s.heightM : (Double(rows.min()!) + Double(rows.max()! + 1)) / 2 * ch
            let back = 0.15 + 0.08 * Double(k % Self.zoneLanes)
            func at(_ u: Double) -> SIMD3<Float> {
                let p = s.point(u: u, v: v) - s.normal(u: u, v: v) * back
                return SIMD3<Float>(Float(p.x), y, Float(p.z))
            }
            // Curves (arcs, facets, meshes) followed in steps of at most one cabinet column.
            var straight = s.circumference == nil
            if case .mesh = s.shape { straight = false }
            let steps = straight ? 1 : max(1, cols.max()! + 1 - cols.min()!)
            for j in 0..<steps {
                let a = u0 + (u1 - u0) * Double(j) / Double(steps), b = u0 + (u1 - u0) * Double(j + 1) / Double(steps)
                batches[i % Self.zoneColors.count] += [at(a), at(b)]
            }
        }
        return batches.indices.filter { !batches[$0].isEmpty }.map {
            LineBatch(points: batches[$0], color: Self.zoneColors[$0], width: 2, depthTest: false)
        }
    }
}
