// ViewportLayout: where the camera's picture sits in the viewport (letterboxed to the camera's aspect) and at what
// pixel size it is rendered, for each blitter; nothing about the shot depends on the terminal's size.

import TerminalBlit

/// The picture's place in a viewport of `cols` x `rows` cells, for an image of `aspect` (width / height).
///
/// Cells are taken to be twice as tall as wide (`cellAspect`, height over width; pixel graphics pass the terminal's
/// own). The picture keeps the camera's aspect: it fills the viewport's width or height and is centred, with black
/// bars on the other sides. It is rendered with square pixels at
/// `renderSize`, which equals `xrstudio render --size WxH` for that size; blitters whose pixels are not square on
/// screen (quadrant, ascii: twice as tall as wide) get that image with each two rows averaged (`cellImageSize`).
struct ViewportLayout: Equatable, Sendable {
    var cols: Int
    var rows: Int
    /// The picture's rectangle in cells, inside the viewport.
    var picture: (col: Int, row: Int, cols: Int, rows: Int)
    /// Square-pixel render size of the picture.
    var renderSize: (width: Int, height: Int)
    /// Pixels the blitter takes for the picture's cells (`renderSize` with rows merged by `rowMerge`).
    var cellImageSize: (width: Int, height: Int)
    /// Rows of `renderSize` averaged into one row of `cellImageSize` (1 or 2).
    var rowMerge: Int

    init(cols: Int, rows: Int, blitter: Blitter, aspect: Double, cellAspect: Double = 2) {
        self.cols = cols
        self.rows = rows
        let a = aspect.isFinite && aspect > 0 ? aspect : 16.0 / 9.0
        let k = cellAspect.isFinite && cellAspect > 0 ? cellAspect : 2
        // Width in cell widths: cols; height in cell widths: k rows.
        var c = cols, r = rows
        if Double(cols) / (k * Double(max(rows, 1))) > a {
            c = min(cols, max(1, Int((k * Double(rows) * a).rounded())))
        } else {
            r = min(rows, max(1, Int((Double(cols) / (k * a)).rounded())))
        }
        picture = ((cols - c) / 2, (rows - r) / 2, c, r)
        let (pw, ph) = blitter.pixelsPerCell
        renderSize = (c * pw, r * 2 * pw)
        cellImageSize = (c * pw, r * ph)
        rowMerge = max(1, (2 * pw) / ph)
    }

    static func == (a: ViewportLayout, b: ViewportLayout) -> Bool {
        a.cols == b.cols && a.rows == b.rows && a.picture == b.picture && a.renderSize == b.renderSize
            && a.cellImageSize == b.cellImageSize && a.rowMerge == b.rowMerge
    }
}
