// SceneFrameRateTests: `render.fps` in the spellings takes use, read as exact fractions with the drop-frame flag.

import SceneFormat
import SceneModel
import XCTest

final class SceneFrameRateTests: XCTestCase {
    func render(_ fps: String) throws -> RenderDefaults {
        try SceneLoader.load(bytes: Array("render: { fps: \(fps) }".utf8), name: "t.yaml") { _ in true }.render
    }

    func testTakeSpellings() throws {
        let rows: [(String, Int, Int, Bool)] = [
            ("25", 25, 1, false), ("23.976", 24000, 1001, false), ("23.98", 24000, 1001, false),
            ("29.97", 30000, 1001, false), ("29.97DF", 30000, 1001, true), ("29.97 NDF", 30000, 1001, false),
            ("30000/1001", 30000, 1001, false), ("60000/1001DF", 60000, 1001, true), ("59.94DF", 60000, 1001, true),
            ("48000/2002", 24000, 1001, false), ("12.5", 25, 2, false)]
        for (text, n, d, df) in rows {
            let r = try render(text)
            XCTAssertEqual(r.frameRateNumerator, n, text)
            XCTAssertEqual(r.frameRateDenominator, d, text)
            XCTAssertEqual(r.dropFrame, df, text)
            XCTAssertEqual(r.frameRate, Double(n) / Double(d), accuracy: 1e-12, text)
        }
        XCTAssertEqual(try render("25").frameRate, 25)
    }

    func testBadRatesNameTheLine() {
        let rows = [("25DF", "t.yaml:1:16: error: 'fps' must be a frame rate (25, 23.976, 29.97DF, 30000/1001, 59.94DF …), found '25DF'"),
                    ("300", "t.yaml:1:16: error: 'fps' must be from 1 to 240, found 300"),
                    ("480000/1001", "t.yaml:1:16: error: 'fps' must be from 1 to 240, found 480000/1001"),
                    ("30/0", "t.yaml:1:16: error: 'fps' must be a frame rate (25, 23.976, 29.97DF, 30000/1001, 59.94DF …), found '30/0'")]
        for (text, message) in rows {
            XCTAssertThrowsError(try render(text), text) { XCTAssertEqual("\($0)", message) }
        }
    }
}
