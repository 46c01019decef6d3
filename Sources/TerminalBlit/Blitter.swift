// Blitter: how image pixels map onto character cells (half blocks, quadrants, braille, ASCII).

import Imaging

/// A way of drawing image pixels with character cells, named by its glyphs.
///
/// Each blitter covers `pixelsPerCell` image pixels with one cell, so a viewport of C x R cells shows an image
/// of `C * width` x `R * height` pixels (`imageSize(cols:rows:)`).
///
/// | blitter | pixels per cell | glyphs | colours |
/// | --- | --- | --- | --- |
/// | half | 1 x 2 | `▀` (U+2580), space | exact: top = fg, bottom = bg |
/// | quadrant | 2 x 2 | U+2596...U+259F, `▀ ▄ ▌ ▐ █` | the best 2-colour split of 4 |
/// | braille | 2 x 4 | U+2800...U+28FF | 2: dots brighter than the cell's mean in fg |
/// | ascii | 1 x 1 | space + bg, or the ramp ` .:-=+*#%@` without colour | exact |
public enum Blitter: String, CaseIterable, Sendable {
    case half
    case quadrant
    case braille
    case ascii

    /// Image pixels covered by one cell.
    public var pixelsPerCell: (width: Int, height: Int) {
        switch self {
        case .half: return (1, 2)
        case .quadrant: return (2, 2)
        case .braille: return (2, 4)
        case .ascii: return (1, 1)
        }
    }

    /// The image size whose pixels fill `cols` x `rows` cells exactly.
    public func imageSize(cols: Int, rows: Int) -> (width: Int, height: Int) {
        (cols * pixelsPerCell.width, rows * pixelsPerCell.height)
    }

    /// Whether the glyphs need a UTF-8 locale (everything but ASCII does).
    public var needsUnicode: Bool { self != .ascii }

    /// The next blitter in `allCases` order, wrapping (the TUI's `b` key).
    public var next: Blitter {
        let all = Blitter.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

extension CellGrid {
    /// Blits `image` into cells: `ceil(width / w)` x `ceil(height / h)` cells for the blitter's `w` x `h` pixels
    /// per cell; pixels past the image's edge repeat the edge. Alpha is ignored (frames are opaque).
    ///
    /// With `monochrome`, no colour is used: cells hold white-on-black glyphs chosen by ordered dithering
    /// (half, quadrant, braille) or a brightness ramp (ascii), for `NO_COLOR` and colourless terminals.
    public init(image: RGBA8Image, blitter: Blitter, monochrome: Bool = false) {
        let (pw, ph) = blitter.pixelsPerCell
        let cols = (image.width + pw - 1) / pw
        let rows = (image.height + ph - 1) / ph
        self.init(cols: cols, rows: rows)
        guard cols > 0, rows > 0 else { return }
        let source = PixelSource(image)
        var block = [RGB](repeating: .black, count: pw * ph)
        for row in 0..<rows {
            for col in 0..<cols {
                let x0 = col * pw, y0 = row * ph
                for dy in 0..<ph {
                    for dx in 0..<pw { block[dy * pw + dx] = source[x0 + dx, y0 + dy] }
                }
                let cell: Cell
                if monochrome {
                    cell = Blitter.monochromeCell(blitter, block, x0: x0, y0: y0)
                } else {
                    switch blitter {
                    case .half: cell = Blitter.halfCell(top: block[0], bottom: block[1])
                    case .quadrant: cell = Blitter.quadrantCell(block)
                    case .braille: cell = Blitter.brailleCell(block)
                    case .ascii: cell = .blank(block[0])
                    }
                }
                cells[row * cols + col] = cell
            }
        }
    }
}

/// Reads an image's pixels as `RGB`, clamping coordinates to the edge.
struct PixelSource {
    let image: RGBA8Image

    init(_ image: RGBA8Image) { self.image = image }

    @inline(__always)
    subscript(x: Int, y: Int) -> RGB {
        let cx = min(x, image.width - 1), cy = min(y, image.height - 1)
        let i = (cy * image.width + cx) * 4
        return RGB(image.pixels[i], image.pixels[i + 1], image.pixels[i + 2])
    }
}
