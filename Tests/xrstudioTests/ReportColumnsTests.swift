// ReportColumnsTests: text laid out by terminal columns: the analysis report's columns line up with Chinese camera
// names (two columns a character), and burn-in names are shortened by columns.

@testable import RenderJobs
import Geometry
import XCTest

final class ReportColumnsTests: XCTestCase {
    func testPaddingCountsTerminalColumns() {
        XCTAssertEqual(AnalyzeReport.pad("甲机", 6), "甲机  ")
        XCTAssertEqual(AnalyzeReport.pad("wall", 6), "wall  ")
        XCTAssertEqual(DisplayWidth.of(AnalyzeReport.pad("乙机 手持", 12)), 12)
        XCTAssertEqual(AnalyzeReport.lpad("长", 4), "  长")
        XCTAssertEqual(AnalyzeReport.pad("too long", 3), "too long")
        // Combining marks take no column: "é" spelt e + U+0301 is one column.
        XCTAssertEqual(AnalyzeReport.pad("e\u{301}", 3), "e\u{301}  ")
    }

    /// A long camera name keeps its start, a take path its end (the file name), each within its columns with
    /// `...`; short names are as they are.
    func testBurnInNamesAreShortenedByColumns() {
        XCTAssertEqual(SequenceRender.shortened("A", columns: 24, keepEnd: false), "A")
        let camera = SequenceRender.shortened("乙机 手持 斯坦尼康 第二摄影组 备用机身", columns: 24, keepEnd: false)
        XCTAssertTrue(camera.hasPrefix("乙机 手持") && camera.hasSuffix("..."), camera)
        XCTAssertLessThanOrEqual(DisplayWidth.of(camera), 24)
        let take = SequenceRender.shortened("/shows/tianjin/2026/day3/unit-b/takes/A001_C002_推轨.csv", columns: 48, keepEnd: true)
        XCTAssertTrue(take.hasPrefix("...") && take.hasSuffix("takes/A001_C002_推轨.csv"), take)
        XCTAssertLessThanOrEqual(DisplayWidth.of(take), 48)
    }
}
