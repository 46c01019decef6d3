// PlanProcessorZoneTests: the plan view's processor output zones, placed by hand on a flat wall.

import Geometry
import SceneModel
@testable import StagePasses
import XCTest

final class PlanProcessorZoneTests: XCTestCase {
    /// A 2 x 1 m wall (4 x 2 cabinets of 0.5 m) centred at x = 0, z = −3, facing +Z; 3 cabinets a port, serpentine:
    /// port 1 = row 0's columns 0-2 (x −1 … 0.5), port 2 = (3, 0), (3, 1), (2, 1) (x 0 … 1), port 3 = (1, 1), (0, 1)
    /// (x −1 … 0). Each line sits behind the wall, 0.15 m back plus 0.08 m per earlier port of the surface.
    func testZonesSpanEachPortsColumnsBehindTheWall() {
        let panel = LEDPanelType(name: "P", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pixels(width: 64, height: 64))
        var stage = Stage(panels: [panel], walls: [LEDWall(name: "w", grid: CabinetGrid(panel: panel, columns: 4, rows: 2), position: [0, 0, -3])])
        stage.processors = [LEDProcessor(name: "P", surfaces: ["w"], ports: 3, portPixels: 20_000, cabinetsPerPort: 3, order: .serpentine)]
        let plan = PlanView(framing: [[-4, -5], [4, 2]], width: 200, height: 160)
        let (list, _) = plan.drawList(stage: stage, props: [], cameras: [], overscan: 0.1, path: [], marks: [])
        let zones = PlanView.zoneColors.prefix(3).map { c in list.lines.first { $0.color == c }?.points ?? [] }
        let expect: [(Float, Float, Float)] = [(-1, 0.5, -3.15), (0, 1, -3.23), (-1, 0, -3.31)]
        for (k, (x0, x1, z)) in expect.enumerated() {
            XCTAssertEqual(zones[k].count, 2, "port \(k + 1)")
            guard zones[k].count == 2 else { continue }
            XCTAssertEqual(zones[k][0].x, x0, accuracy: 1e-5); XCTAssertEqual(zones[k][1].x, x1, accuracy: 1e-5)
            XCTAssertEqual(zones[k][0].z, z, accuracy: 1e-5); XCTAssertEqual(zones[k][1].z, z, accuracy: 1e-5)
        }
        // Without processors the plan has no zone lines.
        stage.processors = []
        let bare = plan.drawList(stage: stage, props: [], cameras: [], overscan: 0.1, path: [], marks: []).list
        XCTAssertFalse(bare.lines.contains { PlanView.zoneColors.contains($0.color) })
    }
}
