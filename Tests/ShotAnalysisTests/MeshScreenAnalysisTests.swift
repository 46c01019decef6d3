// MeshScreenAnalysisTests: the shot analysis through mesh screens: a flat rectangle mesh measures as its flat wall,
// a cylinder section OBJ (written here) as the curved wall it tessellates, within the tessellation's sagitta.

import Geometry
import SceneFormat
import SceneModel
import ShotAnalysis
import XCTest

final class MeshScreenAnalysisTests: XCTestCase {
    static let panel = LEDPanelType(name: "P", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 2.6))

    /// `surface`'s canvas as a mesh of nx x ny quads (two triangles each, the diagonal alternating), every corner
    /// placed by the surface itself: the same canvas on a mesh.
    static func meshOf(_ s: LEDSurface, nx: Int, ny: Int) throws -> LEDSurface {
        var pos: [SIMD3<Double>] = [], uv: [SIMD2<Double>] = [], idx: [Int] = []
        for j in 0...ny {
            for i in 0...nx {
                let a = Double(i) / Double(nx), b = Double(j) / Double(ny)
                pos.append(s.point(u: a * s.widthM, v: b * s.heightM))
                uv.append([a, b])
            }
        }
        for j in 0..<ny {
            for i in 0..<nx {
                let k = j * (nx + 1) + i
                idx += (i + j) % 2 == 0 ? [k, k + nx + 1, k + nx + 2, k, k + nx + 2, k + 1]
                                        : [k, k + nx + 1, k + 1, k + 1, k + nx + 1, k + nx + 2]
            }
        }
        let m = try LEDSurface.Mesh(positions: pos, uvs: uv, indices: idx, width: s.widthM, height: s.heightM)
        return LEDSurface(name: s.name, kind: s.kind, grid: s.grid, shape: .mesh(m))
    }

    static func measure(_ s: LEDSurface, _ cam: ShotCamera) -> ShotMetrics {
        var stage = Stage(panels: [panel])
        stage.screens = [s]
        return ShotAnalyzer(stage: stage).measure(cam)
    }

    /// A 8 x 4 m flat wall (16 x 8 cabinets) yawed 20°, and the same canvas as 6 x 3 quads. Counts (coverage,
    /// overshoot per edge, floor, moiré) are shares of 128 x 72 samples: they may differ only where a ray passes
    /// within rounding (1e-15 m) of an edge, so by at most a sample or two; distances, angles and pitch ratios come
    /// from the same hit to 1e-12 m (the mesh's point is the flat one through an affine map, one rounding away).
    func testFlatRectangleMeshMeasuresAsItsFlatWall() throws {
        let flat = LEDWall(name: "wall", grid: CabinetGrid(panel: Self.panel, columns: 16, rows: 8), position: [0.5, 0, -3],
                           yawDegrees: 20).surface
        let mesh = try Self.meshOf(flat, nx: 6, ny: 3)
        let sample = 1.0 / (128 * 72)
        for (pos, pan, tilt) in [(SIMD3<Double>(0, 1.7, 2), 10.0, 5.0), (SIMD3(-3, 2.5, 1), 35.0, -10.0),
                                 (SIMD3(2, 1.2, 4), -5.0, 30.0), (SIMD3(0, 1.5, 6), 0.0, 0.0)] {
            let cam = ShotAnalysisTests.camera(pos, pan: pan, tilt: tilt, focal: 24, focus: 4)
            let a = Self.measure(flat, cam), b = Self.measure(mesh, cam)
            XCTAssertGreaterThan(a.coverage, 0.05, "the wall must be in shot")
            XCTAssertEqual(b.coverage, a.coverage, accuracy: 2 * sample, "\(pos)")
            XCTAssertEqual(b.overshoot, a.overshoot, accuracy: 2 * sample, "\(pos)")
            for e in OvershootEdge.allCases {
                XCTAssertEqual(b.overshootByEdge[e] ?? 0, a.overshootByEdge[e] ?? 0, accuracy: 2 * sample, "\(pos) \(e)")
            }
            XCTAssertEqual(b.floor, a.floor, accuracy: 2 * sample)
            XCTAssertEqual(b.moireShare, a.moireShare, accuracy: 2 * sample)
            XCTAssertEqual(b.nearestWallM!, a.nearestWallM!, accuracy: 1e-9)
            XCTAssertEqual(b.farthestWallM!, a.farthestWallM!, accuracy: 1e-9)
            XCTAssertEqual(b.maxOffAxisDegrees!, a.maxOffAxisDegrees!, accuracy: 1e-6)
            XCTAssertEqual(b.pitchRatio!, a.pitchRatio!, accuracy: 1e-6 * a.pitchRatio!)
            XCTAssertEqual(b.footprints.map(\.columns), a.footprints.map(\.columns))
            XCTAssertEqual(b.footprints.map(\.rows), a.footprints.map(\.rows))
            for (fa, fb) in zip(a.footprints, b.footprints) {
                XCTAssertEqual(fb.uRange.lowerBound, fa.uRange.lowerBound, accuracy: 1e-9)
                XCTAssertEqual(fb.uRange.upperBound, fa.uRange.upperBound, accuracy: 1e-9)
                XCTAssertEqual(fb.vRange.lowerBound, fa.vRange.lowerBound, accuracy: 1e-9)
                XCTAssertEqual(fb.vRange.upperBound, fa.vRange.upperBound, accuracy: 1e-9)
            }
        }
    }

    /// A cylinder section as OBJ text: `segments` quads across `span` radians of radius r around the origin, facing
    /// the axis, from angle `start` (0 = −Z, towards +X), `height` m tall; u runs with the angle, v = 1 at the top
    /// (OBJ's v is up).
    static func cylinderOBJ(radius r: Double, start: Double, span: Double, height: Double, segments n: Int) -> String {
        var lines: [String] = []
        for i in 0...n {
            let a = start + span * Double(i) / Double(n)
            lines.append("v \(r * sin(a)) 0 \(-r * cos(a))")
            lines.append("v \(r * sin(a)) \(height) \(-r * cos(a))")
        }
        for i in 0...n { lines += ["vt \(Double(i) / Double(n)) 0", "vt \(Double(i) / Double(n)) 1"] }
        for i in 0..<n {
            let b = 2 * i + 1
            lines.append("f \(b)/\(b) \(b + 2)/\(b + 2) \(b + 3)/\(b + 3) \(b + 1)/\(b + 1)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A 90° section of radius 6 m, 3 m high (the curved wall of 38 half-metre cabinets, 19 m of arc → 90.7°),
    /// tessellated into 48 segments of α = span / 48. Each segment is the chord between two points of the arc, so a
    /// canvas point lies off the arc by at most the sagitta r(1 − cos α/2) (radially, at the segment's middle;
    /// the tangential slip of linear against angular interpolation is third order in α, far below it), and a ray
    /// meets the mesh between the cylinders of radius r cos α/2 and r: the coverage lies between theirs.
    func testCylinderMeshMatchesTheCurvedWallWithinItsSagitta() throws {
        let r = 6.0, columns = 38, rows = 6
        let grid = CabinetGrid(panel: Self.panel, columns: columns, rows: rows)
        let span = grid.widthM / r, start = -span / 2, segments = 48
        let arc = LEDWall(name: "arc", grid: grid, shape: .curved(radius: r, startDegrees: start * 180 / Double.pi)).surface
        let obj = Self.cylinderOBJ(radius: r, start: start, span: span, height: grid.heightM, segments: segments)
        let tris = try MeshScreenFile.read(bytes: Array(obj.utf8), file: "cylinder.obj") { _ in [] }
        let mesh = try MeshScreenFile.surface(name: "arc", triangles: tris, canvas: .grid(grid))
        let alpha = span / Double(segments)
        let sagitta = r * (1 - cos(alpha / 2))
        // OBJ stores 32-bit floats: positions good to 6e-7 m at 6 m.
        let tolerance = sagitta + 2e-6
        var worst = 0.0
        for j in stride(from: 0, through: 30, by: 5) {
            for i in 0...200 {
                let u = grid.widthM * Double(i) / 200, v = grid.heightM * Double(j) / 30
                worst = max(worst, (mesh.point(u: u, v: v) - arc.point(u: u, v: v)).length)
            }
        }
        XCTAssertLessThanOrEqual(worst, tolerance)
        XCTAssertGreaterThan(worst, 0.5 * sagitta, "the mesh is the tessellation, not the arc itself")
        // Coverage: between the cylinders through the vertices (r) and through the chords' middles (r cos α/2).
        let inner = LEDSurface(name: "inner", kind: .wall, grid: grid,
                               shape: .arc(centre: [0, 0], radius: r * cos(alpha / 2), startRadians: start, bottomY: 0))
        let sample = 1.0 / (128 * 72)
        for (pos, pan, tilt) in [(SIMD3<Double>(0, 1.5, 0), 0.0, 10.0), (SIMD3(1, 2, 1.5), 30.0, -5.0), (SIMD3(-1.5, 1, 2), -40.0, 20.0)] {
            let cam = ShotAnalysisTests.camera(pos, pan: pan, tilt: tilt, focal: 18)
            let c = [mesh, arc, inner].map { Self.measure($0, cam).coverage }
            XCTAssertLessThan(c[1], 1, "an edge of the wall must be in the frame")
            let lo = min(c[1], c[2]) - sample, hi = max(c[1], c[2]) + sample
            XCTAssertTrue((lo...hi).contains(c[0]), "\(pos): mesh \(c[0]) outside \(lo)...\(hi)")
            // Off-axis angles: the chords turn the face by up to α/2 from the arc's normal.
            let a = Self.measure(arc, cam).maxOffAxisDegrees!, b = Self.measure(mesh, cam).maxOffAxisDegrees!
            XCTAssertEqual(b, a, accuracy: alpha / 2 * 180 / Double.pi + 0.01)
        }
    }
}
