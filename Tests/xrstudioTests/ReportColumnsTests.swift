// ReportColumnsTests: the analysis report's columns line up by terminal columns, so Chinese camera names (two
// columns a character) do not push the rest of a problem line out of line.

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
}
