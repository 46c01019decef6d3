// PlanDrawingTests: what the plan's drawing sets on the page, on made-up content (a straight camera path and
// problem ranges placed by hand), read back through independent readers: poppler's `pdftotext -bbox` for the
// PDF's words and their boxes, the SVG's text layer for its labels and their places.

import Foundation
@testable import PlanDocument
import SceneModel
import StagePasses
import Takes
import XCTest
import XRTestSupport

final class PlanDrawingTests: XCTestCase {
    /// A 10 m wall 4 m north of the origin and a camera sliding 4 m east along z = 2 over `seconds` at 25 fps
    /// from 10:00:00:00, with `problems` (first frame, last frame) as overshoot ranges numbered in order.
    static func content(seconds: Int = 8, problems: [(Int, Int)]) -> PlanContent {
        let panel = LEDPanelType(name: "P", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 2.6))
        let stage = Stage(walls: [LEDWall(name: "W", grid: CabinetGrid(panel: panel, columns: 20, rows: 8), position: [0, 0, -4])],
                          floor: Floor(size: [12, 10]))
        let rate = FrameRate.fps25, start = 36_000 * 25, n = seconds * 25
        let path = (0..<n).map { i -> PlanSample in
            let pose = ScenePose(position: [-2 + 4 * Double(i) / Double(n), 1.5, 2], fovYDegrees: 40)
            return PlanSample(frame: start + i, timecode: Timecode(frame: start + i, rate: rate),
                              camera: ShotCamera(pose: pose, camera: nil, imageWidth: 1920, imageHeight: 1080))
        }
        let tc = { (i: Int) in Timecode(frame: start + i, rate: rate).description }
        let ranges = problems.enumerated().map { k, p in
            PlanProblem(number: k + 1, rule: "overshoot", camera: "K", firstFrame: start + p.0, lastFrame: start + p.1,
                        firstTimecode: tc(p.0), lastTimecode: tc(p.1), accepted: false)
        }
        return PlanContent(sceneName: "Drawing test", stage: stage, marks: [], takeName: "slide", rate: rate,
                           cameras: [PlanCamera(name: "K", take: "slide", colours: .forCamera(0), path: path, footprints: [0])],
                           problems: ranges)
    }

    /// The page for `content` on `paper` in `orientation`, fitted as `xrstudio plan` fits it.
    static func layout(_ content: PlanContent, _ paper: Paper = .a3, _ orientation: Orientation? = nil) throws -> PlanLayout {
        let e = content.extent
        return try PlanLayout.fit(lo: e.lo, hi: e.hi, paper: paper, orientation: orientation, scale: nil)
    }

    /// Writes the plan as `name` (PDF or SVG by its extension) in a fresh temporary folder and returns its path.
    func write(_ content: PlanContent, _ layout: PlanLayout, _ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-drawing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        let bytes = try PlanDrawing.render(content, layout: layout, format: try XCTUnwrap(PlanFormat(path: path)))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A word of the PDF as pdftotext places it, in mm from the page's top-left corner.
    struct Word {
        var text: String
        var x0, y0, x1, y1: Double
        func overlaps(_ o: Word) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
    }

    /// Every word of the PDF's page with its box (`pdftotext -bbox`).
    func words(_ pdf: String) throws -> [Word] {
        let html = try ExternalTool.run("pdftotext", ["-bbox", pdf, "-"], packages: "poppler-utils")
        let mm = 25.4 / 72
        let pattern = try NSRegularExpression(pattern: #"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#)
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { m in
            let g = { (i: Int) in String(html[Range(m.range(at: i), in: html)!]) }
            let text = [("&apos;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")]
                .reduce(g(5)) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            return Word(text: text, x0: Double(g(1))! * mm, y0: Double(g(2))! * mm,
                        x1: Double(g(3))! * mm, y1: Double(g(4))! * mm)
        }
    }

    /// The SVG text layer's labels with their places (points), read by python3's xml.etree.
    func svgTexts(_ svg: String) throws -> [(text: String, x: Double, y: Double)] {
        let script = """
            import json, sys, xml.etree.ElementTree as ET
            ns = '{http://www.w3.org/2000/svg}'
            root = ET.parse(sys.argv[1]).getroot()
            print(json.dumps([[t.text, float(t.get('x')), float(t.get('y'))] for g in root.iter(ns + 'g')
                              if g.get('id') == 'plan-text' for t in g]))
            """
        let out = try ExternalTool.run("python3", ["-c", script, svg], packages: "python3")
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[Any]])
        return rows.map { ($0[0] as? String ?? "", $0[1] as? Double ?? 0, $0[2] as? Double ?? 0) }
    }

    /// The problem numbers a path label names ("P1–P3, P5" names 1, 2, 3 and 5); nil for any other text.
    static func numbers(_ label: String) -> [Int]? {
        var out: [Int] = []
        for part in label.components(separatedBy: ", ") {
            let ends = part.components(separatedBy: "–")
            guard (1...2).contains(ends.count), ends.allSatisfy({ $0.hasPrefix("P") }),
                  let a = Int(ends[0].dropFirst()), let b = Int(ends[ends.count - 1].dropFirst()), a <= b else { return nil }
            out += Array(a...b)
        }
        return out
    }

    /// Problem ranges starting on one frame share one label, and a label that would touch another steps clear of
    /// it: P1, P2 and P3 (all from frame 25) were printed on one spot, one over another. Each range is named once
    /// on the path, no two path labels overlap in the PDF, and none share a place in the SVG.
    func testProblemLabelsOnOneSpotAreSetApart() throws {
        // P1-P3 start at frame 25; P4 a frame later (its label would cover theirs); P5 far along the path.
        let content = Self.content(problems: [(25, 60), (25, 40), (25, 90), (26, 50), (150, 160)])
        let layout = try Self.layout(content)
        let footTop = layout.frame.y + layout.frame.height
        let pdfLabels = try words(try write(content, layout, "p.pdf")).filter { $0.y1 < footTop && Self.numbers($0.text) != nil }
        XCTAssertEqual(pdfLabels.flatMap { Self.numbers($0.text)! }.sorted(), [1, 2, 3, 4, 5], "\(pdfLabels.map(\.text))")
        for (i, a) in pdfLabels.enumerated() {
            for b in pdfLabels[(i + 1)...] { XCTAssertFalse(a.overlaps(b), "\(a) overlaps \(b)") }
        }
        XCTAssertTrue(pdfLabels.contains { $0.text == "P1–P3" }, "\(pdfLabels.map(\.text))")
        let svgLabels = try svgTexts(try write(content, layout, "p.svg")).filter { Self.numbers($0.text) != nil && $0.y < footTop * 72 / 25.4 }
        XCTAssertEqual(svgLabels.flatMap { Self.numbers($0.text)! }.sorted(), [1, 2, 3, 4, 5], "\(svgLabels)")
        XCTAssertEqual(Set(svgLabels.map { "\($0.x) \($0.y)" }).count, svgLabels.count, "labels on one spot: \(svgLabels)")
    }

    /// A 60 s take with 60 problem ranges and a camera row longer than A4 portrait's legend: on every paper and
    /// orientation the foot band's words keep clear of the title block (27 legend words were printed inside it)
    /// and of each other, inside the page's margin; the camera row is whole (wrapped), and the legend's problem rows
    /// plus its "… N more" count every range.
    func testLegendStaysClearOfTheTitleBlockOnEveryPage() throws {
        var content = Self.content(seconds: 60, problems: (0..<60).map { (25 * $0 + 3, 25 * $0 + 15) })
        content.cameras[0].footprints = [0, 250, 500, 750, 1000, 1250, 1499]
        for paper in Paper.allCases {
            for orientation in Orientation.allCases {
                let layout = try Self.layout(content, paper, orientation)
                let name = "\(paper.name) \(orientation.rawValue)"
                let page = layout.pageSize, margin = PlanLayout.margin
                let footTop = page.y - margin - PlanLayout.footHeight + 3
                let titleLeft = page.x - margin - PlanDrawing.titleWidth
                let title = ["Drawing test", "Take", "slide", "Timecode", "10:00:00:00 – 10:00:59:24 at 25 fps", "Scale",
                             "1:\(layout.scale) on \(paper.name) \(orientation.rawValue)", "Date", "—", "Drawn by",
                             "xrstudio plan · studio metres · north (−Z) up"]
                let titleWords = Set(title.flatMap { $0.split(separator: " ").map(String.init) })
                let foot = try words(try write(content, layout, "legend.pdf")).filter { $0.y0 >= footTop - 1 }
                let stray = foot.filter { $0.x1 > titleLeft && !titleWords.contains($0.text) }
                XCTAssertEqual(stray.map(\.text), [], "\(name): words in the title block")
                let legend = foot.filter { $0.x0 < titleLeft }
                for w in legend {
                    XCTAssertTrue(w.x0 >= margin - 1.5 && w.x1 <= titleLeft && w.y1 <= page.y - margin + 0.5, "\(name): \(w)")
                }
                for (i, a) in foot.enumerated() {
                    for b in foot[(i + 1)...] { XCTAssertFalse(a.overlaps(b), "\(name): \(a) overlaps \(b)") }
                }
                let text = legend.map(\.text)
                for w in ["Camera", "K,", "'slide':", "frustum", "10:00:50:00,", "10:00:59:24"] {
                    XCTAssertTrue(text.contains(w), "\(name): camera row word \(w) in \(text)")
                }
                let rows = legend.filter { $0.text.range(of: #"^P\d+$"#, options: .regularExpression) != nil }.count
                let more = try XCTUnwrap(text.firstIndex(of: "…").flatMap { Int(text[$0 + 1]) }, "\(name): no '… N more' in \(text)")
                XCTAssertTrue(text.contains("analyze"), "\(name)")
                XCTAssertEqual(rows + more, 60, "\(name): \(rows) rows shown and \(more) more")
                XCTAssertGreaterThan(rows, 0, name)
            }
        }
    }

    /// A scene and a take named at length (and in Chinese) are cut with "…" inside the title block, on every paper:
    /// they ran past the block's right edge, off the page on A4 portrait. The PDF's title keeps them whole.
    func testLongNamesStayInsideTheTitleBlock() throws {
        var content = Self.content(problems: [])
        content.sceneName = "天津滨海新区国家动漫园 XR 虚拟拍摄棚 Five Avenues exhibition hall, evening relight pass two"
        content.takeName = "take 014 — dolly push-in from the Yangliuqing gate to the painted lanterns, slow, second unit"
        for paper in Paper.allCases {
            for orientation in Orientation.allCases {
                let layout = try Self.layout(content, paper, orientation)
                let pdf = try write(content, layout, "names.pdf")
                let page = layout.pageSize, margin = PlanLayout.margin
                let titleLeft = page.x - margin - PlanDrawing.titleWidth, titleRight = page.x - margin
                let block = try words(pdf).filter { $0.y0 >= page.y - margin - PlanLayout.footHeight && $0.x0 >= titleLeft - 0.5 }
                XCTAssertFalse(block.isEmpty)
                for w in block { XCTAssertLessThanOrEqual(w.x1, titleRight, "\(paper.name) \(orientation.rawValue): \(w)") }
                XCTAssertTrue(block.contains { $0.text.hasSuffix("…") }, "names cut with an ellipsis: \(block.map(\.text))")
                let info = try ExternalTool.run("pdfinfo", [pdf], packages: "poppler-utils")
                XCTAssertTrue(info.contains("second unit"), "the PDF's title is whole: \(info)")
            }
        }
    }

    /// The footprint on an LED floor is the area the inner frustum covers, not a line: a camera 3 m up, tilted 60°
    /// down over a 10 m floor, covers the trapezoid its four corner rays meet the floor at (worked out here from the
    /// pose: forward (0, -sin 60°, -cos 60°), up (0, cos 60°, -sin 60°), right +x, the lens's half-angle tangents).
    func testAFloorFootprintIsTheAreaTheFrustumCovers() throws {
        let panel = LEDPanelType(name: "F", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 3.9))
        let floor = LEDSurface(name: "floor", kind: .floor, grid: CabinetGrid(panel: panel, columns: 20, rows: 20),
                               shape: .flat(origin: [-5, 0, -8], uAxis: [1, 0, 0], vAxis: [0, 0, 1]))
        XCTAssertEqual(floor.normal(u: 5, v: 5).y, 1, accuracy: 1e-12, "facing up")
        let cam = ShotCamera(pose: ScenePose(position: [0, 3, 0], tiltDegrees: -60, fovYDegrees: 40), camera: nil,
                             imageWidth: 1920, imageHeight: 1080)
        let hits = try XCTUnwrap(PlanGeometry.floorHits(cam, overscan: 0.1, surfaces: [floor])[0])
        let hull = PlanGeometry.convexHull(hits)
        XCTAssertEqual(PlanGeometry.floorFootprints(cam, overscan: 0.1, surfaces: [floor]), [hull])
        let (c, s) = (cos(Double.pi / 3), sin(Double.pi / 3))
        let fwd = SIMD3(0, -s, -c), up = SIMD3(0, c, -s), right = SIMD3<Double>(1, 0, 0)
        let tx = cam.tanHalfX * 1.1, ty = cam.tanHalfY * 1.1
        let corners = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1)].map { x, y -> SIMD2<Double> in
            let d = fwd + right * (x * tx) + up * (y * ty)
            let t = 3 / -d.y
            return SIMD2(d.x * t, d.z * t)
        }
        for corner in corners {
            XCTAssertTrue(hull.contains { abs($0.x - corner.x) < 1e-9 && abs($0.y - corner.y) < 1e-9 }, "corner \(corner) in \(hull)")
        }
        // Every other hull point lies on the trapezoid's edges (the border rays between the corners).
        for q in hull {
            let onEdge = (0..<4).contains { k in
                let a = corners[k], b = corners[(k + 1) % 4], ab = b - a, aq = q - a
                return abs(ab.x * aq.y - ab.y * aq.x) / (ab.x * ab.x + ab.y * ab.y).squareRoot() < 1e-6
            }
            XCTAssertTrue(onEdge, "\(q) off the trapezoid \(corners)")
        }
        // A wall's footprint stays a span along it: the floor is left out of the line footprint the plans draw.
        XCTAssertTrue(PlanGeometry.footprint(cam, overscan: 0.1, surfaces: [floor]).isEmpty)
    }

    func testProblemNumbersCombineRuns() {
        XCTAssertEqual(PlanDrawing.problemNumbers([3, 1, 2]), "P1–P3")
        XCTAssertEqual(PlanDrawing.problemNumbers([1, 2]), "P1, P2")
        XCTAssertEqual(PlanDrawing.problemNumbers([5, 1, 2, 3, 7, 8]), "P1–P3, P5, P7, P8")
        XCTAssertEqual(PlanDrawing.problemNumbers([4]), "P4")
    }
}
