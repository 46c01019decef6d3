// PlanLayoutTests: the page fit picks the largest drawing that fits (1:50 before 1:100, landscape before portrait),
// maps studio metres to page millimetres at the scale's rate with north up, and refuses what does not fit with a
// scale that would. Capacities worked by hand: A3 landscape 420 x 297 mm less 10 mm margins, the 46 mm foot band and
// 14 mm padding each side holds 372 x 203 mm of drawing; portrait 249 x 326 mm.

@testable import PlanDocument
import SceneModel
import Takes
import XCTest

final class PlanLayoutTests: XCTestCase {
    func fit(_ w: Double, _ d: Double, paper: Paper = .a3, orientation: Orientation? = nil, scale: Int? = nil) throws -> PlanLayout {
        try PlanLayout.fit(lo: [-w / 2, -d / 2], hi: [w / 2, d / 2], paper: paper, orientation: orientation, scale: scale)
    }

    func testLargestDrawingThatFits() throws {
        // 372 x 203 mm at 1:50 is 18.6 x 10.15 m; portrait 12.45 x 16.3 m; at 1:100 twice that.
        var l = try fit(18.5, 10.1)
        XCTAssertEqual([l.scale, l.orientation == .landscape ? 1 : 0], [50, 1])
        l = try fit(12.4, 16.2)
        XCTAssertEqual(l.scale, 50)
        XCTAssertEqual(l.orientation, .portrait)
        l = try fit(18.7, 10.1)
        XCTAssertEqual(l.scale, 100)
        XCTAssertEqual(l.orientation, .landscape)
        l = try fit(17, 15.5, orientation: .portrait)
        XCTAssertEqual([l.scale], [100])
        XCTAssertEqual(l.pageSize, [297, 420])
    }

    func testStudioToPageAtScaleNorthUp() throws {
        let l = try PlanLayout.fit(lo: [2, -6], hi: [8, -2], paper: .a4, orientation: nil, scale: nil)
        XCTAssertEqual(l.scale, 50)
        XCTAssertEqual(l.pageSize, [297, 210])
        // The drawing's centre at the frame's centre: x 10 + 277 / 2, y 10 + (210 - 20 - 46) / 2.
        XCTAssertEqual(l.page([5, -4]), [148.5, 82])
        // One metre east is 20 mm right; one metre south (+Z) is 20 mm down.
        XCTAssertEqual(l.page([6, -4]) - l.page([5, -4]), [20, 0])
        XCTAssertEqual(l.page([5, -3]) - l.page([5, -4]), [0, 20])
    }

    func testTooBigNamesAScaleThatFits() throws {
        XCTAssertThrowsError(try fit(60, 2)) { e in
            let m = (e as? JobError)?.message ?? ""
            XCTAssertTrue(m.contains("60.0 x 2.0 m") && m.contains("A3 landscape at 1:100 holds 37.2 x 20.3 m"), m)
            XCTAssertTrue(m.hasSuffix("try --scale 200"), m)
        }
        // A4: one piece of advice, a larger scale on A4 (it added " or --paper a3").
        XCTAssertThrowsError(try fit(30, 10, paper: .a4, scale: 100)) { e in
            XCTAssertTrue(((e as? JobError)?.message ?? "").hasSuffix("; try --scale 200"), "\(e)")
        }
        XCTAssertEqual(try fit(60, 2, scale: 200).scale, 200)
        // Too small a scale asked for: the next that fits, the standard ones included (it said 1:200 for a plan that
        // fits at 1:50).
        XCTAssertThrowsError(try fit(10, 8, scale: 30)) { e in
            XCTAssertTrue(((e as? JobError)?.message ?? "").hasSuffix("try --scale 50"), "\(e)")
        }
        // Beyond 1:1000 the scale that holds it is worked out (it said "try a larger --scale"): 600 m on A3
        // landscape's 372 m at 1:1000 needs 1:1613 (600 / 0.372 rounded up), which then fits.
        var message = ""
        do { _ = try fit(600, 2); XCTFail("600 m fitted at the listed scales") } catch { message = (error as? JobError)?.message ?? "" }
        guard let r = message.range(of: "try --scale "), let n = Int(message[r.upperBound...]) else { return XCTFail(message) }
        XCTAssertNoThrow(try fit(600, 2, scale: n), message)
        XCTAssertThrowsError(try fit(600, 2, scale: n - 5), message)
        XCTAssertThrowsError(try fit(1e6, 2)) { e in
            XCTAssertTrue(((e as? JobError)?.message ?? "").hasSuffix("no scale up to 1:10000 holds it"), "\(e)")
        }
        XCTAssertThrowsError(try fit(1e6, 2, paper: .a4)) { e in
            XCTAssertTrue(((e as? JobError)?.message ?? "").hasSuffix("; no scale up to 1:10000 holds it on A4 or A3"), "\(e)")
        }
    }

    /// A4 holds no scale up to 1:10000 but A3 does: the line names the A3 scale, as A3's own error does (it read
    /// "...; no scale up to 1:10000 holds it even or --paper a3"). 3001 m on A3 landscape's 37.2 m at 1:100 needs
    /// 1:8068 (3001 / 0.372 rounded up); A4 landscape holds 24.9 m at 1:100, 2490 m at 1:10000.
    func testA4TooSmallAtAnyScaleNamesTheA3Scale() throws {
        var a4 = "", a3 = ""
        do { _ = try fit(3001, 0.5, paper: .a4); XCTFail("3001 m fitted A4") } catch { a4 = (error as? JobError)?.message ?? "" }
        do { _ = try fit(3001, 0.5); XCTFail("3001 m fitted A3 at 1:100") } catch { a3 = (error as? JobError)?.message ?? "" }
        XCTAssertTrue(a3.hasSuffix("; try --scale 8068"), a3)
        XCTAssertTrue(a4.hasSuffix("A4 landscape at 1:100 holds 24.9 x 11.6 m; try --paper a3 --scale 8068"), a4)
        XCTAssertFalse(a4.contains("\n") || a4.contains(" or "), a4)
        XCTAssertEqual(try fit(3001, 0.5, paper: .a3, scale: 8068).scale, 8068)
        XCTAssertThrowsError(try fit(3001, 0.5, paper: .a3, scale: 8067))
        // Asked for a scale: A3 at that very scale when it fits there.
        XCTAssertThrowsError(try fit(3001, 0.5, paper: .a4, scale: 9000)) { e in
            XCTAssertTrue(((e as? JobError)?.message ?? "").hasSuffix("; try --paper a3 --scale 9000"), "\(e)")
        }
    }

    /// `--date` is a calendar day: months' lengths and leap years by the Gregorian rule (2026-02-30 was accepted).
    func testDatesAreCalendarDays() {
        for d in ["2026-12-07", "2028-02-29", "2000-02-29", "2026-01-31", "2026-04-30"] { XCTAssertTrue(PlanJob.isDate(d), d) }
        for d in ["2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-12-00",
                  "26-12-07", "2026-1-07", "2026-12-+7", "2026-١٢-07"] {
            XCTAssertFalse(PlanJob.isDate(d), d)
        }
    }
}

final class PlanFootprintFrameTests: XCTestCase {
    /// `--frames` names a footprint frame by label or number; a label drop-frame skips is said to be one (it was
    /// "not a timecode HH:MM:SS:FF", which it is), and a malformed one is still called malformed.
    func testDropFrameLabelsThatDoNotExistAreSaidSo() throws {
        let rate = FrameRate.fps29_97DF
        let frames = (1790..<1810).map { ($0, Timecode(frame: $0, rate: rate)) }
        XCTAssertEqual(try PlanJob.footprintFrames(["00:01:00;02", "1795"], frames: frames, rate: rate, take: "t"), [1800, 1795])
        func message(_ text: String) -> String {
            do { _ = try PlanJob.footprintFrames([text], frames: frames, rate: rate, take: "t"); return "" } catch { return "\(error)" }
        }
        XCTAssertTrue(message("00:01:00;00").contains("--frames 00:01:00;00: drop-frame has no such label (it skips frames 00 and 01 of each minute but every tenth)"),
                      message("00:01:00;00"))
        XCTAssertTrue(message("00:01:0x;00").contains("not a timecode HH:MM:SS:FF"), message("00:01:0x;00"))
        // A non-drop 29.97 take: `;` or `,` before the frames names the label 00:10:00:00, frame 18000 (a `;` was
        // read as drop-frame and matched by its frame number, 17982).
        let ndf = FrameRate.fps29_97
        let labels = (17970..<18010).map { ($0, Timecode(frame: $0, rate: ndf)) }
        for text in ["00:10:00:00", "00:10:00;00", "00:10:00,00"] {
            XCTAssertEqual(try PlanJob.footprintFrames([text], frames: labels, rate: ndf, take: "t"), [18000], text)
        }
    }
}
