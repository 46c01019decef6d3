// PlanCommandTests: `xrstudio plan` writes a vector plan whose drawing sits where the scene's geometry says at the
// scale it claims (the PDF rasterised by poppler's pdftoppm, an independent reader), an SVG that parses as XML
// (python3's xml.etree) with the marks, timecodes, problems and walls in it, the same bytes twice, and one-line
// errors with the right exit codes for bad input.

import Foundation
import ImageCodecs
import Imaging
import XCTest
import XRTestSupport

final class PlanCommandTests: TempFolderTestCase {
    static let binhai = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
    static let mesh = CommandLineTests.root.appendingPathComponent("Scenes/mesh-volume.yaml").path
    static let flat = CommandLineTests.root.appendingPathComponent("Scenes/lantern-flat-wall.yaml").path

    /// Runs `tool ARGS` found on PATH and returns its stdout; fails with its stderr.
    func tool(_ name: String, _ args: [String]) throws -> String {
        try ExternalTool.run(name, args, packages: "poppler-utils and python3")
    }

    /// The PDF's page rasterised by pdftoppm at `dpi`.
    func rasterise(_ pdf: String, dpi: Int) throws -> RGBA8Image {
        let prefix = tmp.appendingPathComponent("page-\(dpi)").path
        _ = try tool("pdftoppm", ["-r", "\(dpi)", "-png", "-singlefile", pdf, prefix])
        return try ImageFile.read(path: prefix + ".png")
    }

    /// Runs `plan ... --json` and returns the report (paper, scale, the studio origin's place on the page).
    func plan(_ args: [String]) throws -> [String: Any] {
        let r = try runCLI(["plan"] + args + ["--json"])
        XCTAssertEqual(r.code, 0, r.err)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], r.out)
    }

    /// The pixel holding studio point (x, z) on a page rasterised at `dpi`, from the report's mapping.
    func pixel(_ x: Double, _ z: Double, report j: [String: Any], dpi: Int) throws -> (Int, Int) {
        let o = try XCTUnwrap(j["studio_origin_mm"] as? [Double]), k = try XCTUnwrap(j["mm_per_metre"] as? Double)
        let s = Double(dpi) / 25.4
        return (Int(((o[0] + x * k) * s).rounded(.down)), Int(((o[1] + z * k) * s).rounded(.down)))
    }

    /// Whether any pixel within `r` of (x, y) passes `test`.
    func any(_ img: RGBA8Image, _ at: (Int, Int), radius r: Int = 1,
             _ test: ((r: UInt8, g: UInt8, b: UInt8, a: UInt8)) -> Bool) -> Bool {
        for y in (at.1 - r)...(at.1 + r) { for x in (at.0 - r)...(at.0 + r) where test(img[x, y]) { return true } }
        return false
    }

    static func wallBlue(_ p: (r: UInt8, g: UInt8, b: UInt8, a: UInt8)) -> Bool {
        Int(p.b) >= 150 && Int(p.b) > Int(p.r) + 60 && Int(p.b) > Int(p.g) + 20
    }

    static func markGreen(_ p: (r: UInt8, g: UInt8, b: UInt8, a: UInt8)) -> Bool {
        Int(p.g) > Int(p.r) + 60 && Int(p.g) > Int(p.b) + 40
    }

    static func white(_ p: (r: UInt8, g: UInt8, b: UInt8, a: UInt8)) -> Bool { p.r >= 250 && p.g >= 250 && p.b >= 250 }

    /// The curved wall of the Binhai stage (radius 9 m about (0, 1), 44 cabinets of 0.5 m, centred on -Z, as the
    /// scene file gives it) and its marks land where that geometry and the reported scale put them; open floor
    /// between grid lines stays paper white.
    func testWallsAndMarksSitWhereTheSceneGeometrySays() throws {
        let pdf = tmp.appendingPathComponent("stage.pdf").path
        let j = try plan([Self.binhai, "--out", pdf])
        XCTAssertEqual(j["scale"] as? Int, 100)  // 1:50 cannot hold 17 x 15.5 m on A3
        XCTAssertEqual(j["paper"] as? String, "a3")
        // Vector: no raster image inside, the fonts embedded (poppler's pdfimages and pdffonts).
        XCTAssertEqual(try tool("pdfimages", ["-list", pdf]).split(separator: "\n").count, 2, "only the table's header")
        XCTAssertTrue(try tool("pdffonts", [pdf]).contains("DejaVuSans"))
        let img = try rasterise(pdf, dpi: 72)
        XCTAssertEqual(img.width, Int((420 / 25.4 * 72).rounded()), "A3 landscape at 72 dpi")
        let half = 22.0 / 9 / 2
        // Points on the arc: near both ends (just inside, clear of the end ticks) and part way along.
        for theta in [-half + 0.01, -0.5, 0.3, half - 0.01] {
            let x = 9 * sin(theta), z = 1 - 9 * cos(theta)
            let at = try pixel(x, z, report: j, dpi: 72)
            XCTAssertTrue(any(img, at, Self.wallBlue), "wall at θ \(theta) (x \(x), z \(z)) → pixel \(at): \(img[at.0, at.1])")
        }
        // Marks from the scene file: A1 wide (0, 7.5), A2 push in (0, 3.5), A3 dutch left (-1.5, 4.5).
        for (x, z) in [(0.0, 7.5), (0.0, 3.5), (-1.5, 4.5)] {
            let at = try pixel(x, z, report: j, dpi: 72)
            XCTAssertTrue(any(img, at, Self.markGreen), "mark at (\(x), \(z)) → pixel \(at): \(img[at.0, at.1])")
        }
        // Empty floor between grid lines, behind the wall and in front of the marks: paper white.
        for (x, z) in [(6.5, 4.5), (-6.5, 6.5), (10.5, -9.5)] {
            let at = try pixel(x, z, report: j, dpi: 72)
            XCTAssertTrue(any(img, at, radius: 0) { Self.white($0) }, "empty floor (\(x), \(z)) → \(img[at.0, at.1])")
            XCTAssertFalse(any(img, at, radius: 2, Self.wallBlue), "no wall near (\(x), \(z))")
        }
    }

    /// At 1:50 the 10 m flat wall (20 cabinets of 500 mm) is 200 mm long on paper, measured on pdftoppm's raster at
    /// 254 dpi (10 pixels per mm) along the wall's row.
    func testFlatWallMeasuresItsLengthOnPaperAtOneToFifty() throws {
        let pdf = tmp.appendingPathComponent("flat.pdf").path
        let j = try plan([Self.flat, "--scale", "50", "--out", pdf])
        XCTAssertEqual(j["mm_per_metre"] as? Double, 20)
        let img = try rasterise(pdf, dpi: 254)
        let (cx, cy) = try pixel(0, -4, report: j, dpi: 254)
        XCTAssertTrue(Self.wallBlue(img[cx, cy]), "wall centre \(img[cx, cy])")
        var left = cx, right = cx
        while left > 0 && Self.wallBlue(img[left - 1, cy]) { left -= 1 }
        while right < img.width - 1 && Self.wallBlue(img[right + 1, cy]) { right += 1 }
        let mm = Double(right - left + 1) / 10
        XCTAssertEqual(mm, 200, accuracy: 0.4, "the wall spans \(left)...\(right) px")
    }

    /// The SVG's text and wall paths, read by python3's xml.etree: the root tag, every `<text>` (cairo draws
    /// glyphs; the plan's text layer carries the words) and the paths stroked in the wall colour.
    func readSVG(_ svg: String) throws -> (root: String, texts: [String], walls: Int, width: String, height: String) {
        let script = """
            import json, sys, xml.etree.ElementTree as ET
            ns = '{http://www.w3.org/2000/svg}'
            root = ET.parse(sys.argv[1]).getroot()
            texts = [t.text for t in root.iter(ns + 'text')]
            walls = [p for p in root.iter(ns + 'path') if 'stroke:rgb(10%,35%,80%)' in p.get('style', '')]
            print(json.dumps({'root': root.tag, 'texts': texts, 'walls': len(walls),
                              'width': root.get('width'), 'height': root.get('height')}))
            """
        let parsed = try tool("python3", ["-c", script, svg])
        let j = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [String: Any])
        return (j["root"] as? String ?? "", j["texts"] as? [String] ?? [], j["walls"] as? Int ?? 0,
                j["width"] as? String ?? "", j["height"] as? String ?? "")
    }

    /// The SVG is XML with every mark's and prop's name, the take's whole-second timecode labels along the path, its timecode
    /// range in the title block, and the wall drawn as paths in the wall colour.
    func testSVGParsesWithMarksTimecodesAndWalls() throws {
        let svg = tmp.appendingPathComponent("plan.svg").path
        _ = try plan([Self.binhai, "--take", "dolly push-in", "--no-analysis", "--out", svg])
        let (root, texts, walls, width, height) = try readSVG(svg)
        XCTAssertEqual(root, "{http://www.w3.org/2000/svg}svg")
        // The page prints at A3: 420 x 297 mm given in points (1 pt = 25.4 / 72 mm).
        for (value, mm) in [(width, 420.0), (height, 297.0)] {
            XCTAssertTrue(value.hasSuffix("pt"), value)
            XCTAssertEqual((Double(value.dropLast(2)) ?? 0) * 25.4 / 72, mm, accuracy: 0.01, value)
        }
        XCTAssertGreaterThanOrEqual(walls, 1, "a wall path in the wall colour")
        for name in ["A1 wide", "A2 push in", "A3 dutch left"] { XCTAssertTrue(texts.contains(name), "mark \(name)") }
        for name in ["kerb stone", "bench", "lamp post"] { XCTAssertTrue(texts.contains(name), "prop \(name)") }
        XCTAssertTrue(texts.contains("10:00:00:00 – 10:00:14:00 at 25 fps"), "title block timecode range")
        XCTAssertTrue(texts.contains("Shot analysis: not run (--no-analysis)"))
        let ticks = texts.filter { $0.range(of: #"^\d\d:\d\d:\d\d:\d\d$"#, options: .regularExpression) != nil }
        XCTAssertGreaterThanOrEqual(ticks.count, 2, "timecode labels on the path: \(ticks)")
        for t in ticks {
            XCTAssertTrue(t.hasSuffix(":00") && t >= "10:00:00:00" && t <= "10:00:14:00", "a whole second of the take: \(t)")
        }
    }

    /// Every mark's label gives its focal length: its own `focal_mm`, else its camera's lens (the camera it names,
    /// else the scene's first camera); a mark on its camera's lens printed none.
    func testEveryMarkShowsItsFocalLength() throws {
        let scene = try write("marks.yaml", Array("""
            name: Marks
            stage:
              panels: [ { name: P, cabinet_mm: [500, 500], pitch_mm: 2.6 } ]
              walls: [ { name: w, panel: P, columns: 16, rows: 8, position: [0, 0, -4] } ]
              floor: { size: [10, 10] }
            cameras:
              - { name: A, body: { sensor_mm: [24.89, 13.13], resolution: [4096, 2160] }, lens: { focal_mm: 32 } }
              - { name: B, body: { sensor_mm: [24.89, 13.13], resolution: [4096, 2160] }, lens: { focal_mm: 85 } }
            marks:
              - { name: wide, camera: A, position: [0, 1.6, 3] }
              - { name: close, camera: A, position: [1, 1.5, 1], focal_mm: 50 }
              - { name: long, camera: B, position: [-2, 1.5, 2] }
              - { name: any, position: [2, 1.5, 3] }
            """.utf8))
        let svg = tmp.appendingPathComponent("marks.svg").path
        _ = try plan([scene, "--out", svg])
        let texts = try readSVG(svg).texts
        for (mark, focal) in [("wide", "32 mm"), ("close", "50 mm"), ("long", "85 mm"), ("any", "32 mm")] {
            let i = try XCTUnwrap(texts.firstIndex(of: mark), "mark \(mark) in \(texts)")
            XCTAssertTrue(i + 2 < texts.count && texts[i + 2].hasPrefix("pan ") && texts[i + 2].hasSuffix(" · \(focal)"),
                          "\(mark): \(texts[i...].prefix(3))")
        }
    }

    /// A 29.97 drop-frame take across a minute: every whole second gets its tick and the labels step evenly (10:01:00
    /// begins at ;02, which had no tick, so the labels went 55, 57, 59, 02).
    func testDropFrameSecondsAllGetTicks() throws {
        let scene = tmp.appendingPathComponent("df.yaml").path, take = tmp.appendingPathComponent("df.csv").path
        let text = try String(contentsOfFile: CommandLineTests.root.appendingPathComponent("Scenes/lantern-flat-wall.yaml").path,
                              encoding: .utf8)
        try text.replacingOccurrences(of: "\n  fps: 25", with: "\n  fps: 29.97DF")
            .replacingOccurrences(of: "takes/", with: CommandLineTests.root.appendingPathComponent("Scenes/takes").path + "/")
            .replacingOccurrences(of: "assets/", with: CommandLineTests.root.appendingPathComponent("Scenes/assets").path + "/")
            .write(toFile: scene, atomically: true, encoding: .utf8)
        // Labels of 29.97 DF frames from 10:00:55;00 (frame numbers by SMPTE 12M's rule, worked in the test).
        func label(_ n: Int) -> String {
            let perMinute = 30 * 60 - 2, perTen = perMinute * 10 + 2
            let (d, m) = n.quotientAndRemainder(dividingBy: perTen)
            let n2 = n + 18 * d + (m > 2 ? 2 * ((m - 2) / perMinute) : 0)
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            return "\(two(n2 / 108_000)):\(two(n2 / 1800 % 60)):\(two(n2 / 30 % 60));\(two(n2 % 30))"
        }
        let start = (10 * 3600 + 55) * 30 - 2 * (600 - 60)
        var rows = ["time_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm"]
        for i in 0..<360 { rows.append(",\(label(start + i)),29.97DF,\(-3 + Double(i) * 0.015),1.5,4,0,0,0,50") }
        XCTAssertEqual(label(start), "10:00:55;00")
        try (rows.joined(separator: "\n") + "\n").write(toFile: take, atomically: true, encoding: .utf8)
        let svg = tmp.appendingPathComponent("df.svg").path
        _ = try plan([scene, "--take", take, "--frames", "10:00:55;00", "--no-analysis", "--out", svg])
        let labels = try readSVG(svg).texts.filter { $0.range(of: #"^10:0\d:\d\d;\d\d$"#, options: .regularExpression) != nil }
        let seconds = labels.map { Int($0.dropFirst(3).prefix(2))! * 60 + Int($0.dropFirst(6).prefix(2))! }
        XCTAssertGreaterThanOrEqual(seconds.count, 3, "\(labels)")
        XCTAssertEqual(Set(zip(seconds, seconds.dropFirst()).map { $1 - $0 }).count, 1, "labels step evenly: \(labels)")
    }

    /// Cabinet sizes print as the spec sheet gives them: Yangliuqing's 600 × 337.5 mm cabinets (printed 337 mm).
    func testCabinetSizesAreNotTruncated() throws {
        let svg = tmp.appendingPathComponent("yang.svg").path
        let scene = CommandLineTests.root.appendingPathComponent("Scenes/yangliuqing-hall.yaml").path
        _ = try plan([scene, "--no-analysis", "--out", svg])
        let texts = try readSVG(svg).texts
        XCTAssertTrue(texts.contains { $0.hasSuffix("cabinets 600 × 337.5 mm") }, "\(texts.filter { $0.contains("cabinets") })")
    }

    /// A take set draws every camera (the legend names each with its take) and `--frames` picks the footprint
    /// frames by timecode or frame number (frame 200 of the set is 10:00:08:00 at 25 fps from 10:00:00:00).
    func testTakeSetDrawsEveryCameraAtTheChosenFrames() throws {
        let svg = tmp.appendingPathComponent("set.svg").path
        let j = try plan([Self.binhai, "--take", "two cameras", "--frames", "10:00:03:00,200", "--no-analysis", "--out", svg])
        XCTAssertEqual(j["cameras"] as? [String], ["B", "A"])
        XCTAssertEqual(j["footprints"] as? [String], ["10:00:03:00", "10:00:08:00"])
        let texts = try readSVG(svg).texts
        for label in ["B 10:00:03:00", "B 10:00:08:00", "A 10:00:03:00", "A 10:00:08:00"] {
            XCTAssertTrue(texts.contains(label), "camera label \(label)")
        }
        XCTAssertTrue(texts.contains { $0.hasPrefix("Camera B, take 'handheld B'") }, "\(texts)")
        XCTAssertTrue(texts.contains { $0.hasPrefix("Camera A, take 'dolly push-in'") }, "\(texts)")
        let outside = try runCLI(["plan", Self.binhai, "--take", "two cameras", "--frames", "10:00:01:00", "--out", svg, "--overwrite"])
        XCTAssertEqual(outside.code, 2, outside.err)
        XCTAssertTrue(outside.err.contains("it has 10:00:02:00-10:00:12:00"), outside.err)
    }

    /// The legend lists the problem ranges `analyze --json` finds on the same scene and take (rule, camera,
    /// timecodes): the take's first 2 s, analysed with 16 x 9 rays and LED coverage required above 90%.
    func testLegendListsTheProblemRangesAnalyzeFinds() throws {
        let csv = try String(contentsOfFile: CommandLineTests.root.appendingPathComponent("Scenes/takes/binhai-dolly-push.csv").path,
                             encoding: .utf8).split(separator: "\n").prefix(102).joined(separator: "\n") + "\n"
        _ = try write("dolly.csv", Array(csv.utf8))
        let text = try String(contentsOfFile: Self.binhai, encoding: .utf8)
            .replacingOccurrences(of: "file: takes/binhai-dolly-push.csv", with: "file: dolly.csv")
            .replacingOccurrences(of: "file: takes/", with: "file: \(CommandLineTests.root.path)/Scenes/takes/")
        let scene = try write("binhai.yaml", Array((text + "\nanalysis:\n  samples: [16, 9]\n  min_coverage: 0.9\n").utf8))
        let svg = tmp.appendingPathComponent("plan.svg").path
        let j = try plan([scene, "--take", "dolly push-in", "--out", svg])
        let a = try runCLI(["analyze", scene, "--take", "dolly push-in", "--json"])
        XCTAssertEqual(a.code, 0, a.err)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(a.out.utf8)) as? [String: Any])
        let problems = try XCTUnwrap(report["problems"] as? [[String: Any]])
        XCTAssertFalse(problems.isEmpty, "the wide start shows the floor: coverage under 90%")
        XCTAssertEqual(j["problems"] as? Int, problems.count)
        let texts = try readSVG(svg).texts
        for (i, p) in problems.enumerated() {
            let rule = try XCTUnwrap(p["rule"] as? String), first = try XCTUnwrap(p["first_timecode"] as? String)
            let last = try XCTUnwrap(p["last_timecode"] as? String)
            XCTAssertTrue(texts.contains { $0.hasPrefix("P\(i + 1)  \(rule)  A  \(first)–\(last)") }, "legend row for \(p): \(texts)")
            XCTAssertTrue(texts.contains("P\(i + 1)"), "the range's number on the path")
        }
    }

    /// A take set's wall problem (frusta overlapping on the wall: `camera` null in `analyze --json`) is the wall's in
    /// the legend, and no camera's path carries its number; it was listed and drawn as the first camera's.
    func testWallProblemsAreTheWalls() throws {
        let svg = tmp.appendingPathComponent("wall.svg").path
        _ = try plan([Self.binhai, "--take", "two cameras", "--out", svg])
        let texts = try readSVG(svg).texts
        let row = try XCTUnwrap(texts.first { $0.contains("  frustum_overlap  ") }, "\(texts)")
        XCTAssertTrue(row.contains("  frustum_overlap  wall  10:00:04:09–10:00:11:00"), row)
        let number = try XCTUnwrap(row.split(separator: " ").first.map(String.init))
        XCTAssertFalse(texts.contains(number), "\(number) on a camera's path")
        XCTAssertTrue(texts.contains { $0.contains("  overshoot  B  ") }, "camera problems keep their camera")
    }

    /// The same scene gives the same bytes twice (PDF dates fixed, not the clock), for PDF and SVG.
    func testSameInputSameBytes() throws {
        for ext in ["pdf", "svg"] {
            let a = tmp.appendingPathComponent("a.\(ext)").path, b = tmp.appendingPathComponent("b.\(ext)").path
            _ = try plan([Self.mesh, "--out", a, "--date", "2026-12-07"])
            _ = try plan([Self.mesh, "--out", b, "--date", "2026-12-07"])
            let da = try Data(contentsOf: URL(fileURLWithPath: a)), db = try Data(contentsOf: URL(fileURLWithPath: b))
            XCTAssertGreaterThan(da.count, 1000)
            XCTAssertEqual(da, db, ext)
        }
        let pdf = try String(decoding: Data(contentsOf: tmp.appendingPathComponent("a.pdf")), as: UTF8.self)
        XCTAssertTrue(pdf.contains("/CreationDate (20261207000000"), "the shoot day is the PDF's date")
    }

    /// Mesh volume: its OBJ is 160° of a 6 m circle about the origin (48 chords, apex at z = -6): points on that
    /// circle print wall blue at 1:50 (the plan fits A3 at 1:50), the mark (0, 2) green, the circle's centre white.
    func testMeshVolumeOutlineWhereTheMeshIs() throws {
        let pdf = tmp.appendingPathComponent("mesh.pdf").path
        let j = try plan([Self.mesh, "--out", pdf])
        XCTAssertEqual(j["scale"] as? Int, 50)
        let img = try rasterise(pdf, dpi: 72)
        for degrees in [-79.0, -40, 0, 40, 79] {
            let t = degrees * Double.pi / 180
            let at = try pixel(6 * sin(t), -6 * cos(t), report: j, dpi: 72)
            XCTAssertTrue(any(img, at, Self.wallBlue), "mesh outline at \(degrees)° → \(at): \(img[at.0, at.1])")
        }
        XCTAssertTrue(any(img, try pixel(0, 2, report: j, dpi: 72), Self.markGreen), "mark A1 centre")
        XCTAssertTrue(any(img, try pixel(-2.5, -2.5, report: j, dpi: 72), radius: 0) { Self.white($0) }, "inside the volume")
    }

    /// LED floors (faces looking up) are drawn as what they are from above, whether an nDisplay screen (the CAVE
    /// fixture's `scr_floor`, all four corners at y = 0) or a mesh lying flat: a hatched area in the floor colour
    /// labelled "LED floor NAME" with its size and cabinets, no height; `scr_floor` was a standing wall's 0.8 mm
    /// foot line along z = -0.5 with ticks and "scr_floor: 3.00 m · h 3.00 m".
    func testLEDFloorsAreAreasNotWalls() throws {
        // A 2 x 1.5 m mesh at y = 0 from x 2 to 4, z -2 to -0.5, its canvas's top (vt y 1) to the north: facing up.
        let obj = try write("floor.obj", Array("""
            v 2 0 -2
            v 4 0 -2
            v 4 0 -0.5
            v 2 0 -0.5
            vt 0 1
            vt 1 1
            vt 1 0
            vt 0 0
            f 1/1 2/2 3/3
            f 1/1 3/3 4/4

            """.utf8))
        let cave = CommandLineTests.root.appendingPathComponent("Tests/Fixtures/ndisplay/cave.ndisplay").path
        let scene = try write("cave.yaml", Array("""
            name: cave
            stage:
              ndisplay: \(cave)
              walls: [ { name: mfloor, shape: mesh, mesh: \(obj), pixels: [800, 600], cabinets: [4, 3] } ]

            """.utf8))
        let svg = tmp.appendingPathComponent("cave.svg").path, pdf = tmp.appendingPathComponent("cave.pdf").path
        _ = try plan([scene, "--out", svg])
        let (_, texts, _, _, _) = try readSVG(svg)
        XCTAssertTrue(texts.contains("LED floor scr_floor"), "\(texts)")
        XCTAssertTrue(texts.contains("3.00 × 3.00 m · 1 × 1 cabinets 3000 × 3000 mm"), "\(texts)")
        XCTAssertTrue(texts.contains("LED floor mfloor"), "\(texts)")
        XCTAssertTrue(texts.contains("2.00 × 1.50 m · 4 × 3 cabinets 500 × 500 mm"), "\(texts)")
        XCTAssertEqual(texts.filter { $0.hasPrefix("scr_floor") || $0.hasPrefix("mfloor") }, [], "a floor dimensioned as a wall")
        XCTAssertTrue(texts.contains { $0.hasPrefix("scr_front: 3.00 m · h 3.00 m") }, "the walls stay walls: \(texts)")
        // Wall foot lines on the drawing (0.8 mm, undashed, in the wall colour, above the foot band and its legend
        // swatch; path coordinates in mm): the three standing screens only.
        let j = try plan([scene, "--out", pdf])
        let footTop = try XCTUnwrap(j["page_mm"] as? [Double])[1] - 10 - 46
        let script = """
            import re, sys, xml.etree.ElementTree as ET
            ns = '{http://www.w3.org/2000/svg}'
            print(sum(1 for p in ET.parse(sys.argv[1]).getroot().iter(ns + 'path')
                      if 'stroke:rgb(10%,35%,80%)' in p.get('style', '') and 'stroke-width:0.8' in p.get('style', '')
                      and 'dasharray' not in p.get('style', '')
                      and float(re.findall(r'-?[\\d.]+', p.get('d'))[1]) < float(sys.argv[2])))
            """
        XCTAssertEqual(try tool("python3", ["-c", script, svg, "\(footTop)"]).trimmingCharacters(in: .whitespacesAndNewlines), "3")
        // The floors' cabinet grids (0.12 mm, a darker floor colour): mfloor's 4 x 3 cabinets have 3 column and 2 row
        // boundaries inside it; scr_floor is one cabinet, with none.
        let grid = """
            import sys, xml.etree.ElementTree as ET
            ns = '{http://www.w3.org/2000/svg}'
            print(sum(1 for p in ET.parse(sys.argv[1]).getroot().iter(ns + 'path')
                      if 'stroke:rgb(0%,40%,36%)' in p.get('style', '') and 'stroke-width:0.12;' in p.get('style', '')))
            """
        XCTAssertEqual(try tool("python3", ["-c", grid, svg]).trimmingCharacters(in: .whitespacesAndNewlines), "5")
        // On paper: the floors' hatching (floor teal) inside both, away from their labels.
        let img = try rasterise(pdf, dpi: 150)
        func teal(_ p: (r: UInt8, g: UInt8, b: UInt8, a: UInt8)) -> Bool {
            Int(p.g) > Int(p.r) + 40 && Int(p.b) > Int(p.r) + 40 && abs(Int(p.g) - Int(p.b)) < 30
        }
        for (x, z) in [(-1.2, -3.2), (1.2, -0.8), (2.3, -1.8), (3.7, -0.7)] {
            XCTAssertTrue(any(img, try pixel(x, z, report: j, dpi: 150), radius: 4, teal), "hatching at (\(x), \(z))")
        }
    }

    /// Bad input: one stderr line, exit 2 for usage (unknown take with a suggestion, unknown extension), exit 1
    /// for an existing output (left untouched) and a stage too big for the page (naming a scale that fits).
    func testBadInputIsOneLineWithTheRightExitCode() throws {
        let out = tmp.appendingPathComponent("p.pdf").path
        let typo = try runCLI(["plan", Self.binhai, "--take", "dolly push", "--out", out])
        XCTAssertEqual(typo.code, 2, typo.err)
        XCTAssertTrue(typo.err.contains("did you mean 'dolly push-in'?"), typo.err)
        let ext = try runCLI(["plan", Self.binhai, "--out", tmp.appendingPathComponent("p.png").path])
        XCTAssertEqual(ext.code, 2, ext.err)
        XCTAssertTrue(ext.err.contains("expected .pdf or .svg"), ext.err)
        let existing = try write("keep.pdf", Array("mine".utf8))
        let kept = try runCLI(["plan", Self.binhai, "--out", existing])
        XCTAssertEqual(kept.code, 1, kept.err)
        XCTAssertTrue(kept.err.contains("--overwrite"), kept.err)
        XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "mine")
        XCTAssertEqual(try runCLI(["plan", Self.binhai, "--out", existing, "--overwrite"]).code, 0)
        // A 60 m flat wall does not fit A3 at 1:100; the error names 1:200, which then works.
        let big = try write("big.yaml", Array("""
            name: Big
            stage:
              panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 2.6 }]
              walls: [{ name: long, panel: P, columns: 120, rows: 4, position: [0, 0, -4] }]
            """.utf8))
        let tooBig = try runCLI(["plan", big, "--out", out])
        XCTAssertEqual(tooBig.code, 1, tooBig.err)
        XCTAssertEqual(tooBig.err.split(separator: "\n").count, 1, tooBig.err)
        XCTAssertTrue(tooBig.err.contains("try --scale 200"), tooBig.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertEqual(try plan([big, "--scale", "200", "--out", out])["scale"] as? Int, 200)
        let frames = try runCLI(["plan", Self.binhai, "--frames", "1", "--out", out, "--overwrite"])
        XCTAssertEqual(frames.code, 2, frames.err)
        // A missing folder fails before the take is read or analysed.
        let folder = try runCLI(["plan", Self.binhai, "--take", "dolly push-in", "--out", tmp.appendingPathComponent("no/p.pdf").path])
        XCTAssertEqual(folder.code, 1, folder.err)
        XCTAssertTrue(folder.err.contains("no folder"), folder.err)
    }
}
