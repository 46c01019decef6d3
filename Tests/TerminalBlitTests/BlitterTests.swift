// BlitterTests: each blitter on hand-made pixel blocks, with the cells worked out by hand.

import Imaging
import TerminalBlit
import XCTest

final class BlitterTests: XCTestCase {
    func testHalfBlockTakesTopAsForegroundAndBottomAsBackground() {
        let grid = CellGrid(image: image([[red, green], [blue, white]]), blitter: .half)
        XCTAssertEqual(grid.cols, 2)
        XCTAssertEqual(grid.rows, 1)
        XCTAssertEqual(grid[0, 0], Cell(glyph: "\u{2580}", fg: red, bg: blue))
        XCTAssertEqual(grid[1, 0], Cell(glyph: "\u{2580}", fg: green, bg: white))
    }

    func testHalfBlockWithEqualHalvesIsASpace() {
        let grid = CellGrid(image: image([[red], [red]]), blitter: .half)
        XCTAssertEqual(grid[0, 0], Cell(glyph: " ", fg: red, bg: red))
    }

    func testHalfBlockOddHeightRepeatsTheLastRow() {
        // 1x3: the second cell's bottom pixel is past the edge and repeats row 2.
        let grid = CellGrid(image: image([[red], [blue], [green]]), blitter: .half)
        XCTAssertEqual(grid.rows, 2)
        XCTAssertEqual(grid[0, 1], Cell.blank(green))
    }

    func testImageSizeFollowsPixelsPerCell() {
        XCTAssertTrue(Blitter.half.imageSize(cols: 100, rows: 28) == (100, 56))
        XCTAssertTrue(Blitter.quadrant.imageSize(cols: 10, rows: 5) == (20, 10))
        XCTAssertTrue(Blitter.braille.imageSize(cols: 10, rows: 5) == (20, 20))
        XCTAssertTrue(Blitter.ascii.imageSize(cols: 10, rows: 5) == (10, 5))
        XCTAssertEqual(Blitter.half.next, .quadrant)
        XCTAssertEqual(Blitter.ascii.next, .half)
    }

    func testQuadrantSingleCornerIsItsOwnGroup() {
        // Top-left red, the rest blue: mask 0b0001 = ▘ (U+2598), fg red, bg blue.
        let grid = CellGrid(image: image([[red, blue], [blue, blue]]), blitter: .quadrant)
        XCTAssertEqual(grid[0, 0], Cell(glyph: "\u{2598}", fg: red, bg: blue))
    }

    func testQuadrantForegroundAlwaysHoldsTopLeft() {
        // Top-right red, the rest blue: the group with the top-left pixel is {TL, BL, BR} = ▙ (U+2599) in blue.
        let grid = CellGrid(image: image([[blue, red], [blue, blue]]), blitter: .quadrant)
        XCTAssertEqual(grid[0, 0], Cell(glyph: "\u{2599}", fg: blue, bg: red))
    }

    func testQuadrantDiagonal() {
        let grid = CellGrid(image: image([[red, blue], [blue, red]]), blitter: .quadrant)
        XCTAssertEqual(grid[0, 0], Cell(glyph: "\u{259A}", fg: red, bg: blue))
    }

    func testQuadrantPicksTheSplitWithLeastErrorAndAveragesEachGroup() {
        // Two near-reds on top, two near-blues below: the top/bottom split wins (▀), colours are the
        // rounded means: (255 + 250) / 2 = 252.5 -> 253.
        let grid = CellGrid(image: image([[RGB(255, 0, 0), RGB(250, 0, 0)], [RGB(0, 0, 255), RGB(0, 0, 250)]]),
                            blitter: .quadrant)
        XCTAssertEqual(grid[0, 0], Cell(glyph: "\u{2580}", fg: RGB(253, 0, 0), bg: RGB(0, 0, 253)))
    }

    func testQuadrantLeftRightSplit() {
        let grid = CellGrid(image: image([[white, black], [white, black]]), blitter: .quadrant)
        XCTAssertEqual(grid[0, 0], Cell(glyph: "\u{258C}", fg: white, bg: black))
    }

    func testQuadrantThreeColoursKeepsTheOutlierAlone() {
        // TL white, TR black, bottom two mid grey (128): splits score (x12) --
        //   {TL} vs rest: 12*3*255^2 + 4*3*(128+128)^2 / ... ; the single bright corner wins over the halves.
        // Worked out: sums per channel: TL = 255, TR = 0, BL = BR = 128.
        //   {TL}|{TR,BL,BR}: 12*255^2 + 4*256^2 = 780300 + 262144 = 1042444 (per channel)
        //   {TL,TR}|{BL,BR}: 6*255^2 + 6*256^2 = 390150 + 393216 = 783366
        //   {TL,BL}|{TR,BR}: 6*383^2 + 6*128^2 = 880134 + 98304 = 978438
        //   {TL,BL,BR}|{TR}: 4*511^2 + 12*0 = 1044484  <- best
        // so fg = mean(255, 128, 128) = 170.33 -> 170 over TR black: mask 0b1101 = ▙.
        let g = RGB(128, 128, 128)
        let grid = CellGrid(image: image([[white, black], [g, g]]), blitter: .quadrant)
        XCTAssertEqual(grid[0, 0], Cell(glyph: "\u{2599}", fg: RGB(170, 170, 170), bg: black))
    }

    func testQuadrantFlatBlockIsASpace() {
        let grid = CellGrid(image: image([[green, green], [green, green]]), blitter: .quadrant)
        XCTAssertEqual(grid[0, 0], Cell.blank(green))
    }

    func testBrailleLightsPixelsBrighterThanTheMean() {
        // Left column white, right column black: dots 1, 2, 3, 7 = bits 0x47 -> U+2847.
        let grid = CellGrid(image: image([[white, black], [white, black], [white, black], [white, black]]),
                            blitter: .braille)
        XCTAssertEqual(grid.cols, 1)
        XCTAssertEqual(grid.rows, 1)
        XCTAssertEqual(grid[0, 0], Cell(glyph: "\u{2847}", fg: white, bg: black))
    }

    func testBrailleBottomRowUsesDots7And8() {
        let grid = CellGrid(image: image([[black, black], [black, black], [black, black], [white, white]]),
                            blitter: .braille)
        XCTAssertEqual(grid[0, 0], Cell(glyph: "\u{28C0}", fg: white, bg: black))
    }

    func testAsciiColourIsASpaceWithTheBackground() {
        let grid = CellGrid(image: image([[red, blue]]), blitter: .ascii)
        XCTAssertEqual(grid[0, 0], Cell.blank(red))
        XCTAssertEqual(grid[1, 0], Cell.blank(blue))
    }

    func testAsciiMonochromeUsesTheRamp() {
        let grid = CellGrid(image: image([[black, RGB(128, 128, 128), white]]), blitter: .ascii, monochrome: true)
        // luma 0 -> level 0 ' ', 128 -> 128 * 10 / 256 = 5 '+', 255 -> 9 '@'.
        XCTAssertEqual(grid.text(row: 0), " +@")
    }

    func testMonochromeHalfBlocksFollowTheDither() {
        let grid = CellGrid(image: image([[white, black, white, black], [white, white, black, black]]),
                            blitter: .half, monochrome: true)
        XCTAssertEqual(grid.text(row: 0), "\u{2588}\u{2584}\u{2580} ")
    }

    func testMonochromeMidGreyDithersToHalfTheDots() {
        // 8x8 of luma 128: the 4x4 Bayer thresholds light 8 of every 16 pixels.
        let g = RGB(128, 128, 128)
        let grid = CellGrid(image: image(Array(repeating: Array(repeating: g, count: 8), count: 8)),
                            blitter: .braille, monochrome: true)
        var dots = 0
        for cell in grid.cells { dots += (cell.glyph.value - 0x2800).nonzeroBitCount }
        XCTAssertEqual(dots, 32)
    }
}
