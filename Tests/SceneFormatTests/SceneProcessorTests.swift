// SceneProcessorTests: `stage.processors`: chain orders worked by hand, every LED pixel in exactly one output,
// a port over its capacity or too few ports refused naming the processor and the port.

import SceneFormat
import SceneModel
import XCTest

final class SceneProcessorTests: XCTestCase {
    static func load(_ processors: String) throws -> Scene {
        let yaml = """
        name: t
        stage:
          panels: [{ name: P, cabinet_mm: [500, 500], pixels: [176, 176] }]
          walls:
            - { name: main, panel: P, columns: 7, rows: 3 }
            - { name: side, panel: P, columns: 2, rows: 3, position: [5, 0, 0], yaw_deg: -90 }
          ceilings:
            - { name: lid, panel: P, columns: 2, rows: 2, centre: [0, 4, -1] }
          processors:
        \(processors)
        """
        return try SceneLoader.load(bytes: Array(yaml.utf8), name: "s.yaml", fileExists: { _ in false })
    }

    /// The serpentine chain on a 7 x 3 grid, by hand: row 0 left to right, row 1 right to left, row 2 left to right.
    func testChainOrdersByHand() {
        let s = LEDProcessor.chain(columns: 3, rows: 2, order: .serpentine).map { [$0.column, $0.row] }
        XCTAssertEqual(s, [[0, 0], [1, 0], [2, 0], [2, 1], [1, 1], [0, 1]])
        let c = LEDProcessor.chain(columns: 2, rows: 3, order: .columnSerpentine).map { [$0.column, $0.row] }
        XCTAssertEqual(c, [[0, 0], [0, 1], [0, 2], [1, 2], [1, 1], [1, 0]])
        let r = LEDProcessor.chain(columns: 2, rows: 2, order: .rowMajor).map { [$0.column, $0.row] }
        XCTAssertEqual(r, [[0, 0], [1, 0], [0, 1], [1, 1]])
        let m = LEDProcessor.chain(columns: 2, rows: 2, order: .columnMajor).map { [$0.column, $0.row] }
        XCTAssertEqual(m, [[0, 0], [0, 1], [1, 0], [1, 1]])
    }

    /// A 1G port of 525 000 px holds 16 cabinets of 176 x 176 = 30 976 px (16 · 30 976 = 495 616; 17 would be
    /// 526 592). main's 21 cabinets: 16 on port 1, 5 on port 2; side's 6 start port 3. Every canvas pixel of both
    /// lies in exactly one output, and the pixel counts add up to the canvases'.
    func testOutputsPartitionTheCanvasesExactly() throws {
        let scene = try Self.load("""
            - { name: SX40 A, surfaces: [main, side], ports: 4, port_pixels: 525000, order: serpentine }
        """)
        let outs = try scene.stage.processorOutputs()
        XCTAssertEqual(outs.map(\.port), [1, 2, 3])
        XCTAssertEqual(outs.map(\.surface), ["main", "main", "side"])
        XCTAssertEqual(outs.map(\.cabinets.count), [16, 5, 6])
        // Serpentine: port 1 ends on row 2's second cabinet from the right... 7 + 7 + 2: row 2 runs left to right.
        XCTAssertEqual(outs[0].cabinets.last, .init(column: 1, row: 2))
        XCTAssertEqual(outs[1].cabinets.first, .init(column: 2, row: 2))
        XCTAssertEqual(outs[0].bounds.width, 7 * 176)
        for s in scene.stage.ledSurfaces where s.name != "lid" {
            var count = [Int](repeating: 0, count: s.pixels.width * s.pixels.height)
            for o in outs where o.surface == s.name {
                for c in o.cabinets {
                    for y in (c.row * 176)..<((c.row + 1) * 176) {
                        for x in (c.column * 176)..<((c.column + 1) * 176) { count[y * s.pixels.width + x] += 1 }
                    }
                }
            }
            XCTAssertTrue(count.allSatisfy { $0 == 1 }, "\(s.name): every LED pixel in exactly one output")
            XCTAssertEqual(outs.filter { $0.surface == s.name }.map(\.pixels).reduce(0, +), s.pixels.width * s.pixels.height)
        }
        XCTAssertTrue(outs.allSatisfy { $0.pixels <= 525_000 })
    }

    func testCapacityAndPortErrorsNameTheProcessorAndPort() {
        let rows: [(String, String)] = [
            ("    - { name: P1, surfaces: [main], ports: 4, port_pixels: 525000, cabinets_per_port: 17 }",
             "s.yaml:10:68: error: processor 'P1' port 1 carries 17 cabinets of main (176 x 176 px each) = 526592 px, over its 525000 px capacity"),
            ("    - { name: P1, surfaces: [side, main], ports: 8, port_pixels: 30000 }",
             "processor 'P1' port 1 carries 1 cabinet of side (176 x 176 px each) = 30976 px, over its 30000 px capacity"),
            ("    - { name: P1, surfaces: [side, main], ports: 2, port_pixels: 525000 }",
             "processor 'P1' has 2 ports; its surfaces need 3 or more (main: 21 cabinets, 16 per port)"),
            ("    - { name: P1, surfaces: [mian], ports: 2, port_pixels: 525000 }", "drives 'mian', which is no wall, ceiling or screen of the stage; expected one of: main, side, lid"),
            ("    - { name: P1, surfaces: [main], ports: 2, port_pixels: 525000 }\n    - { name: P2, surfaces: [main], ports: 2, port_pixels: 525000 }",
             "'main' is already driven by processor 'P1'"),
            ("    - { name: P1, surfaces: [main], ports: 2, port_pixels: 525000, order: zigzag }", "order"),
        ]
        for (yaml, message) in rows {
            XCTAssertThrowsError(try Self.load(yaml), yaml) { e in
                XCTAssertTrue("\(e)".contains(message), "\(yaml)\n\(e)")
            }
        }
    }
}
