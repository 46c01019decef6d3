// ImageHelpers: tiny images built pixel by pixel for the blitter tests.

import Imaging
import TerminalBlit

/// Builds an RGBA8Image from rows of `RGB` (all rows the same length), alpha 255.
func image(_ rows: [[RGB]]) -> RGBA8Image {
    var img = RGBA8Image(width: rows.first?.count ?? 0, height: rows.count)
    for (y, row) in rows.enumerated() {
        for (x, p) in row.enumerated() { img[x, y] = (p.r, p.g, p.b, 255) }
    }
    return img
}

let red = RGB(255, 0, 0)
let green = RGB(0, 255, 0)
let blue = RGB(0, 0, 255)
let white = RGB(255, 255, 255)
let black = RGB(0, 0, 0)
