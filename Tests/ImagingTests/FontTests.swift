// FontTests: BitmapFont glyphs, sizes and clipping.

import Imaging
import XCTest

final class FontTests: XCTestCase {
    func render(_ c: Character) -> RGBA8Image {
        var img = RGBA8Image(width: 7, height: 9)
        BitmapFont.draw(String(c), into: &img, x: 1, y: 1, scale: 1, color: (255, 255, 255, 255))
        return img
    }

    func lit(_ img: RGBA8Image) -> Int { (0..<(img.width * img.height)).filter { img[$0 % img.width, $0 / img.width].r > 0 }.count }

    func testSizes() {
        XCTAssertEqual(BitmapFont.size(of: "").width, 0)
        XCTAssertEqual(BitmapFont.size(of: "").height, 0)
        XCTAssertEqual(BitmapFont.size(of: "A").width, 5)
        XCTAssertEqual(BitmapFont.size(of: "A").height, 7)
        XCTAssertEqual(BitmapFont.size(of: "01:00:00:00").width, 11 * 6 - 1)
        XCTAssertEqual(BitmapFont.size(of: "frame 0123", scale: 3).width, (10 * 6 - 1) * 3)
        XCTAssertEqual(BitmapFont.size(of: "frame 0123", scale: 3).height, 21)
        XCTAssertEqual(BitmapFont.size(of: "ab", scale: 0).width, 11, "scale clamps to 1")
        for c in BitmapFont.supportedCharacters {
            let g = BitmapFont.glyph(c)!
            XCTAssertEqual(g.count, 7, "\(c)")
            XCTAssertTrue(g.allSatisfy { $0 < 32 }, "\(c) is wider than 5 pixels")
        }
    }

    func testRequiredCharactersAreSupported() {
        let required = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ :;.,-_/()%+=#[]'\"?!x*")
        for c in required { XCTAssertNotNil(BitmapFont.glyph(c), "missing \(c)") }
        XCTAssertEqual(BitmapFont.glyph("a"), BitmapFont.glyph("A"))
        XCTAssertEqual(BitmapFont.glyph("z"), BitmapFont.glyph("Z"))
        XCTAssertNotEqual(BitmapFont.glyph("x"), BitmapFont.glyph("X"))
        XCTAssertNil(BitmapFont.glyph("é"))
        XCTAssertEqual(render("~"), render("?"), "unknown characters draw as ?")
    }

    func testEveryCharacterRendersSomethingDistinct() {
        let chars = BitmapFont.supportedCharacters.filter { $0 != " " }
        XCTAssertEqual(lit(render(" ")), 0)
        let images = chars.map(render)
        for (i, img) in images.enumerated() {
            XCTAssertGreaterThan(lit(img), 0, "\(chars[i]) draws nothing")
            // Only inside the 5x7 cell at (1, 1).
            for y in 0..<9 { for x in 0..<7 where x == 0 || x == 6 || y == 0 || y == 8 { XCTAssertEqual(img[x, y].r, 0) } }
            for j in 0..<i { XCTAssertNotEqual(img, images[j], "\(chars[i]) looks like \(chars[j])") }
        }
    }

    func testScaleAndAdvance() {
        var img = RGBA8Image(width: 40, height: 20)
        BitmapFont.draw("I!", into: &img, x: 0, y: 0, scale: 2)
        // "I" top bar: columns 1-3 of the glyph → pixels 2...7 in rows 0-1; the "!" starts at 12.
        XCTAssertEqual(img[2, 0].r, 255); XCTAssertEqual(img[7, 1].r, 255); XCTAssertEqual(img[1, 0].r, 0)
        XCTAssertEqual(img[16, 0].r, 255)  // "!" column 2 → 12 + 4
        XCTAssertEqual(img[16, 11].r, 0)   // row 5 of "!" is blank
        XCTAssertEqual(img[16, 12].r, 255)
        for y in 14..<20 { for x in 0..<40 { XCTAssertEqual(img[x, y].r, 0) } }
    }

    func testClippingAtAndOutsideTheEdges() {
        let positions = [(-3, -3), (-4, 5), (5, -5), (8, 4), (9, 9), (-1000, -1000), (1000, 1000), (Int.min, Int.min),
                         (Int.max, Int.max), (Int.min, 0), (0, Int.max), (Int.max - 3, 0), (0, Int.min + 1)]
        for (x, y) in positions {
            for scale in [1, 3, 1_000_000] {
                var img = RGBA8Image(width: 10, height: 10)
                BitmapFont.draw("8#*WM 0123", into: &img, x: x, y: y, scale: scale)
                XCTAssertEqual(img.pixels.count, 400)
            }
        }
        // A glyph half off the left edge draws its right half only.
        var full = RGBA8Image(width: 10, height: 10), cut = RGBA8Image(width: 10, height: 10)
        BitmapFont.draw("H", into: &full, x: 0, y: 0)
        BitmapFont.draw("H", into: &cut, x: -4, y: 0)
        for y in 0..<7 { XCTAssertEqual(cut[0, y].r, full[4, y].r) }
        XCTAssertEqual(lit(cut), 7)
        // Far outside: nothing.
        var none = RGBA8Image(width: 10, height: 10)
        BitmapFont.draw("HELLO", into: &none, x: 10, y: 0)
        BitmapFont.draw("HELLO", into: &none, x: 0, y: 10)
        BitmapFont.draw("HELLO", into: &none, x: -30, y: 0)
        BitmapFont.draw("HELLO", into: &none, x: 0, y: -7)
        XCTAssertEqual(lit(none), 0)
        var empty = RGBA8Image(width: 0, height: 0)
        BitmapFont.draw("A", into: &empty, x: 0, y: 0)
    }

    func testTranslucentColourBlends() {
        var img = RGBA8Image(width: 8, height: 8, fill: (0, 0, 200, 255))
        BitmapFont.draw("I", into: &img, x: 0, y: 0, color: (255, 0, 0, 128))
        XCTAssertEqual(img[2, 0].r, 128)
        XCTAssertEqual(img[2, 0].b, 100)
        XCTAssertEqual(img[2, 0].a, 255)
    }
}

final class BurnInTests: XCTestCase {
    func testChangesOnlyTheBottomLeftRegion() {
        for (w, h) in [(160, 90), (1920, 1080), (40, 20)] {
            let base = RGBA8Image(width: w, height: h, fill: (90, 140, 200, 255))
            var img = base
            let lines = ["TC 01:00:00:12", "FRAME 0112", "LENS 35MM F2.8", "CAM A"]
            BurnIn.stamp(&img, lines: lines)
            let r = BurnIn.region(width: w, height: h, lines: lines)!
            var changed = 0
            for y in 0..<h {
                for x in 0..<w {
                    let inside = x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
                    if img[x, y] != base[x, y] {
                        changed += 1
                        XCTAssertTrue(inside, "\(w)x\(h): pixel \(x),\(y) outside the burn-in box changed")
                    }
                }
            }
            XCTAssertGreaterThan(changed, 0)
            if w >= 160 {
                // The box hugs the bottom-left corner and stays in the left half and the lower half.
                XCTAssertEqual(r.y + r.height, h - r.x)
                XCTAssertLessThan(r.x + r.width, w)
                XCTAssertGreaterThanOrEqual(r.y, h / 2 - 1)
                // Dark box: darker than the base; text: white pixels.
                XCTAssertLessThan(img[r.x, r.y + r.height - 1].b, 200)
                XCTAssertTrue((r.y..<(r.y + r.height)).contains { y in (r.x..<(r.x + r.width)).contains { img[$0, y].r == 255 } })
            }
        }
    }

    func testDefaultScale() {
        XCTAssertEqual(BurnIn.defaultScale(height: 90), 1)
        XCTAssertEqual(BurnIn.defaultScale(height: 720), 3)
        XCTAssertEqual(BurnIn.defaultScale(height: 1080), 4)
        XCTAssertEqual(BurnIn.region(width: 1920, height: 1080, lines: ["A"])!.height, 7 * 4 + 4 * 4)
        var img = RGBA8Image(width: 4, height: 4)
        let before = img
        BurnIn.stamp(&img, lines: [])
        XCTAssertEqual(img, before)
        BurnIn.stamp(&img, lines: ["A VERY LONG LINE THAT DOES NOT FIT"], scale: 50)  // clipped, no crash
    }
}

final class ThumbnailTests: XCTestCase {
    func checker(_ n: Int) -> RGBA8Image {
        var img = RGBA8Image(width: n, height: n)
        for y in 0..<n { for x in 0..<n where (x + y) % 2 == 0 { img[x, y] = (255, 255, 255, 255) } }
        return img
    }

    func testCheckerAverages() {
        let plain = Thumbnail.downscale(checker(2), toWidth: 1, linearLight: false)
        XCTAssertEqual(plain.width, 1); XCTAssertEqual(plain.height, 1)
        XCTAssertEqual(plain[0, 0].r, 128); XCTAssertEqual(plain[0, 0].g, 128); XCTAssertEqual(plain[0, 0].a, 255)
        let linear = Thumbnail.downscale(checker(2), toWidth: 1)
        XCTAssertEqual(linear[0, 0].r, 188, "half the light of white is sRGB 188")
        let four = Thumbnail.downscale(checker(8), toWidth: 4, linearLight: false)
        XCTAssertEqual(four.height, 4)
        XCTAssertTrue(four.pixels.enumerated().allSatisfy { $0.offset % 4 == 3 ? $0.element == 255 : $0.element == 128 })
    }

    func testAspectAndFractionalCoverage() {
        var img = RGBA8Image(width: 3, height: 1)
        img[0, 0] = (0, 0, 0, 255); img[1, 0] = (90, 90, 90, 255); img[2, 0] = (180, 180, 180, 255)
        let t = Thumbnail.resize(img, width: 2, height: 1, linearLight: false)
        // Left output covers pixel 0 and half of pixel 1: (0 + 45) / 1.5 = 30; right: (45 + 180) / 1.5 = 150.
        XCTAssertEqual(t[0, 0].r, 30)
        XCTAssertEqual(t[1, 0].r, 150)
        XCTAssertEqual(Thumbnail.downscale(RGBA8Image(width: 1920, height: 1080), toWidth: 320).height, 180)
        XCTAssertEqual(Thumbnail.downscale(RGBA8Image(width: 100, height: 1), toWidth: 10).height, 1)
        let up = Thumbnail.downscale(RGBA8Image(width: 2, height: 1, fill: (10, 20, 30, 255)), toWidth: 6)
        XCTAssertEqual(up.width, 6); XCTAssertEqual(up.height, 3)
        XCTAssertTrue(up.pixels.enumerated().allSatisfy { [10, 20, 30, 255][$0.offset % 4] == $0.element })
        // Linear-light round trip: a flat colour stays exactly the same.
        for v: UInt8 in [0, 1, 17, 128, 200, 254, 255] {
            let flat = RGBA8Image(width: 4, height: 4, fill: (v, v, v, 255))
            XCTAssertEqual(Thumbnail.downscale(flat, toWidth: 2)[1, 1].r, v)
        }
    }
}
