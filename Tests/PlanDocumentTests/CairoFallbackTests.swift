// CairoFallbackTests: a vector plan's Chinese names are drawn in a face that has them, checked against
// fontconfig's own answer (`fc-list ':charset=HEX' family`), not in DejaVu Sans's empty boxes.

import Foundation
@testable import PlanDocument
import XCTest
import XRTestSupport

final class CairoFallbackTests: XCTestCase {
    func page() throws -> CairoPage {
        try CairoPage(format: .pdf, width: 210, height: 297, title: "t", createDate: "2026-12-07T00:00:00")
    }

    /// The families fontconfig says have a glyph for `scalar` (an independent reading of the fonts' charsets).
    func familiesCovering(_ scalar: Unicode.Scalar) throws -> [String] {
        let out = try ExternalTool.run("fc-list", [":charset=\(String(scalar.value, radix: 16))", "family"], packages: "fontconfig")
        return out.split(separator: "\n").flatMap { $0.split(separator: ",").map(String.init) }
    }

    func testASCIIStaysOneRunOfThePlansFace() throws {
        let p = try page()
        XCTAssertEqual(p.runs("A1 wide (pan 12.0°)".replacingOccurrences(of: "°", with: ""), bold: false).map(\.family),
                       ["DejaVu Sans"])
        // DejaVu Sans has the degree sign and Latin accents: still its own run.
        XCTAssertEqual(p.runs("café 12.0°", bold: true).map(\.family), ["DejaVu Sans"])
    }

    func testChineseRunsGoToAFaceThatHasThem() throws {
        let p = try page()
        for bold in [false, true] {
            let runs = p.runs("滨海XR影棚（五大道）", bold: bold)
            XCTAssertEqual(runs.map(\.text).joined(), "滨海XR影棚（五大道）")
            XCTAssertEqual(runs.map(\.text), ["滨海", "XR", "影棚（五大道）"], "\(runs)")
            XCTAssertEqual(runs[1].family, "DejaVu Sans")
            for run in runs where run.family != "DejaVu Sans" {
                XCTAssertTrue(CairoPage.fallbackFamilies.contains(run.family))
                for u in run.text.unicodeScalars {
                    XCTAssertTrue(try familiesCovering(u).contains(run.family),
                                  "fontconfig says \(run.family) lacks U+\(String(u.value, radix: 16)); install fonts-wqy-microhei (make does)")
                }
            }
            XCTAssertFalse(try familiesCovering("滨").contains("DejaVu Sans"), "the premise: DejaVu Sans has no Han characters")
        }
    }
}
