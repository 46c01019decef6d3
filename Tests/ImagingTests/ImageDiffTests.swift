// ImageDiffTests: PSNR, largest difference, differing pixels and the heat map, against hand computation.

import Foundation
import Imaging
import XCTest

final class ImageDiffTests: XCTestCase {
    func testIdenticalImages() throws {
        let a = RGBA8Image(width: 3, height: 2, fill: (10, 20, 30, 255))
        let d = try XCTUnwrap(ImageDiff(a, a))
        XCTAssertEqual(d.maxChannelDifference, 0)
        XCTAssertEqual(d.differingPixels, 0)
        XCTAssertEqual(d.psnr, .infinity)
    }

    func testMetricsByHand() throws {
        let a = RGBA8Image(width: 2, height: 2, fill: (100, 100, 100, 255))
        var b = a
        b[0, 0] = (110, 100, 100, 255)  // one channel off by 10
        b[1, 1] = (100, 97, 100, 255)   // one channel off by 3
        let d = try XCTUnwrap(ImageDiff(a, b))
        XCTAssertEqual(d.maxChannelDifference, 10)
        XCTAssertEqual(d.differingPixels, 2)
        // Opaque images (an RGB file's alpha is 255 everywhere): MSE over the 12 colour values, (100 + 9) / 12, as
        // OpenImageIO's idiff computes it for RGB files; PSNR = 10 log10(255² / MSE).
        let mse = 109.0 / 12
        XCTAssertEqual(d.meanSquaredError, mse, accuracy: 1e-12)
        XCTAssertEqual(d.psnr, 10 * Foundation.log10(65025 / mse), accuracy: 1e-9)
        // With a tolerance of 3 only the first pixel differs; with 10, none.
        XCTAssertEqual(try XCTUnwrap(ImageDiff(a, b, tolerance: 3)).differingPixels, 1)
        XCTAssertEqual(try XCTUnwrap(ImageDiff(a, b, tolerance: 10)).differingPixels, 0)
    }

    /// Where either image has a pixel that is not opaque, alpha is a channel of the error: over 16 values.
    func testAlphaCountsWhereThereIsAlpha() throws {
        let a = RGBA8Image(width: 2, height: 2, fill: (100, 100, 100, 200))
        var b = a
        b[0, 0] = (110, 100, 100, 200)
        b[1, 1] = (100, 100, 100, 196)  // alpha off by 4
        let d = try XCTUnwrap(ImageDiff(a, b))
        XCTAssertEqual(d.meanSquaredError, (100.0 + 16) / 16, accuracy: 1e-12)
        XCTAssertEqual(d.maxChannelDifference, 10)
        XCTAssertEqual(d.differingPixels, 2)
    }

    func testSizeMismatchIsNil() {
        XCTAssertNil(ImageDiff(RGBA8Image(width: 2, height: 2), RGBA8Image(width: 2, height: 3)))
        XCTAssertNil(ImageDiff.heatMap(RGBA8Image(width: 1, height: 2), RGBA8Image(width: 2, height: 1)))
    }

    func testHeatMapMarksOnlyDifferingPixels() throws {
        let a = RGBA8Image(width: 3, height: 1, fill: (50, 50, 50, 255))
        var b = a
        b[1, 0] = (50, 50, 50, 0)  // alpha off by 255: full red
        let h = try XCTUnwrap(ImageDiff.heatMap(a, b))
        XCTAssertEqual(h[1, 0].r, 255); XCTAssertEqual(h[1, 0].g, 0)
        XCTAssertEqual(h[0, 0].r, h[0, 0].g)  // grey where equal
        XCTAssertEqual(h[2, 0].r, h[2, 0].b)
    }
}
