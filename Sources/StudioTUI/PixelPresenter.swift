// PixelPresenter: puts the viewport's picture on screen through kitty graphics or sixel, sized and coloured within
// what the terminal accepts, beside curses (which never learns of it), and leaves the terminal as it found it.

import Imaging
import TerminalBlit

#if canImport(Glibc)
    import Glibc
#endif

/// Shows rendered pictures through a pixel protocol.
///
/// Measured in real terminals (xterm 379 `-ti vt340`, kitty 0.26.5, under Xvfb; Tests/TUI/tui-real-terminals.py):
/// xterm drops a sixel picture *whole* when its raster size exceeds `maxGraphicSize` (1000x1000 by default), so
/// sixel pictures are rendered at most `sixelMaxSide` on a side. A real VT340 has 16 colour registers (xterm 379
/// showed 256 even unasked), so the terminal is asked for 256 at start and pictures use the registers granted.
/// On screen the sixel picture is within 1.6 (0-255 a channel, 32x18 block means) of the CLI render, kitty's 0.
final class PixelPresenter {
    let kind: PixelProtocol
    /// Sixel colour registers the terminal has (after asking for 256).
    let sixelRegisters: Int
    /// Whether the register count was changed and must be reset on exit.
    private let changedRegisters: Bool

    /// xterm's default `maxGraphicSize` side: larger sixel pictures are dropped, not clipped.
    static let sixelMaxSide = 1000
    /// The widest picture rendered for kitty (bandwidth: 1600x900 RGB is 5.8 MB of base64 a frame).
    static let kittyMaxWidth = 1600

    init(kind: PixelProtocol, sixelRegisters: Int = 256, changedRegisters: Bool = false) {
        self.kind = kind
        self.sixelRegisters = sixelRegisters
        self.changedRegisters = changedRegisters
    }

    /// Opens a presenter for `kind` on the terminal on stdin/stdout, before or after curses starts: for sixel it asks
    /// for 256 colour registers (XTSMGRAPHICS, fenced by DA1, 500 ms at most) and keeps the count granted.
    static func open(_ kind: PixelProtocol) -> PixelPresenter {
        guard kind == .sixel else { return PixelPresenter(kind: kind) }
        let granted = GraphicsProbe.exchange(PixelGraphics.sixelRegistersRequest(256), deadlineMilliseconds: 500) {
            PixelGraphics.parseSixelRegistersReply($0, assumed: 256)
        }
        return PixelPresenter(kind: .sixel, sixelRegisters: granted ?? 256, changedRegisters: granted != nil)
    }

    /// The picture size to render for `cols` x `rows` cells of `cellPixels` each: the cells' pixels, shrunk (shape
    /// kept) to what the protocol shows.
    func pictureSize(cols: Int, rows: Int, cellPixels: (width: Double, height: Double)) -> (width: Int, height: Int) {
        var w = Double(cols) * cellPixels.width, h = Double(rows) * cellPixels.height
        let limit: (Double, Double) = kind == .sixel
            ? (Double(Self.sixelMaxSide), Double(Self.sixelMaxSide)) : (Double(Self.kittyMaxWidth), .infinity)
        let scale = min(1, limit.0 / max(w, 1), limit.1 / max(h, 1))
        w *= scale
        h *= scale
        return (max(1, Int(w)), max(1, Int(h)))
    }

    /// The shot's size inside a picture of `box` pixels: the largest of the camera's `aspect` that fits, centred
    /// (whole cells never hold an aspect exactly; the rest of the box is black). Rendering the box itself kept the
    /// sensor's width and showed more or less height than the shot where cells are not 1:2.
    static func shotSize(in box: (width: Int, height: Int), aspect: Double) -> (width: Int, height: Int) {
        guard aspect.isFinite, aspect > 0 else { return box }
        let w = Double(box.width), h = Double(box.height)
        if w / h > aspect { return (max(1, min(box.width, Int((h * aspect).rounded()))), box.height) }
        return (box.width, max(1, min(box.height, Int((w / aspect).rounded()))))
    }

    /// The picture size for the viewport on this terminal (cell size from TIOCGWINSZ; 8x16 when not reported).
    func pictureSize(cols: Int, rows: Int) -> (width: Int, height: Int) {
        pictureSize(cols: cols, rows: rows, cellPixels: Curses.cellPixels())
    }

    /// The bytes that show `image` with its top-left corner at cell (`col`, `row`) (0-based), kitty scaling it into
    /// `cols` x `rows` cells; the cursor is saved and restored around them (DECSC / DECRC) so curses' idea of the
    /// screen stays right.
    func bytes(for image: RGBA8Image, col: Int, row: Int, cols: Int, rows: Int) -> [UInt8] {
        var bytes: [UInt8] = [0x1B, UInt8(ascii: "7")] + Array("\u{1B}[\(row + 1);\(col + 1)H".utf8)
        switch kind {
        case .kitty: bytes += PixelGraphics.kitty(image, cols: cols, rows: rows)
        case .sixel: bytes += PixelGraphics.sixel(image, registers: sixelRegisters)
        }
        bytes += [0x1B, UInt8(ascii: "8")]
        return bytes
    }

    /// Sends `image` (see `bytes`).
    func present(_ image: RGBA8Image, col: Int = 0, row: Int = 0, cols: Int, rows: Int) {
        Self.write(bytes(for: image, col: col, row: row, cols: cols, rows: rows))
    }

    /// Takes the picture away (an overlay opens): kitty keeps pictures above text until told; sixel pixels are
    /// overwritten by the text curses draws.
    func hide() {
        if kind == .kitty { Self.write(PixelGraphics.kittyDeleteAll) }
    }

    /// Leaves the terminal as it was: kitty's pictures deleted; sixel registers back to the default (its reply read
    /// here, so it never reaches the shell).
    func close() {
        hide()
        if changedRegisters {
            _ = GraphicsProbe.exchange(PixelGraphics.sixelRegistersReset, deadlineMilliseconds: 300) {
                PixelGraphics.parseSixelRegistersReply($0)
            }
        }
    }

    static func write(_ bytes: [UInt8]) { Curses.writeRaw(bytes) }
}
