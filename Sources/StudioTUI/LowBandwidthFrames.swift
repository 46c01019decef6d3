// LowBandwidthFrames: the moving-camera frames of truecolor viewports, made with TerminalBlit's perceptual
// quantiser and remembering the last one, so cells that are still close enough are not sent again.

import Synchronization
import TerminalBlit

/// Turns full-precision grids into low-bandwidth grids (`CellGrid.lowBandwidth`), holding cells of the grid the
/// viewer last took to show (`shown`), low-bandwidth or full precision.
///
/// Holding the grid on screen, not the last one encoded, is what saves bytes: the painter sends only cells that
/// differ from the screen, and the viewer paints only the newest finished frame, so a frame encoded but never
/// painted (a slow or loaded machine) must not be the reference; nor may a low-bandwidth grid of before the
/// camera stopped, when the screen since shows the full-precision frame (that made the first moving frame after
/// a still one resend nearly every cell: 40 KB at 200x60 instead of ~20 KB). Every colour stays within
/// `LowBandwidth.moving`'s tolerances of the frame's own true colours (Docs/tui.md has the measured CIEDE2000),
/// whichever grid was held.
final class LowBandwidthFrames: Sendable {
    private let onScreen = Mutex<CellGrid?>(nil)
    let setting: LowBandwidth

    init(setting: LowBandwidth = .moving) {
        self.setting = setting
    }

    /// The low-bandwidth version of `grid`, holding cells of the grid last `shown`.
    func encode(_ grid: CellGrid) -> CellGrid {
        let previous = onScreen.withLock { $0 }
        return grid.lowBandwidth(setting, holding: previous)
    }

    /// The viewer took `grid` to paint (any frame: low-bandwidth or full precision).
    func shown(_ grid: CellGrid) {
        onScreen.withLock { $0 = grid }
    }
}
