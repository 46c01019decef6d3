// SVGText: number and text formatting for the SVG text layer (fixed decimals, XML escapes), locale-free.

import Geometry

/// `v` with 3 decimals, trailing zeros dropped ("12.5", "-3").
func formatNumber(_ v: Double) -> String {
    var s = formatFixed(v, 3)
    if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s == "-0" ? "0" : s
}

