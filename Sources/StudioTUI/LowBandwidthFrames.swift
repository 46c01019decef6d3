// LowBandwidthFrames: the moving-camera frames of truecolor viewports, made with TerminalBlit's perceptual
// quantiser and remembering the last one, so cells that are still close enough are not sent again.

import Synchronization
import TerminalBlit

/// Turns full-precision grids into low-bandwidth grids (`CellGrid.lowBandwidth`), holding cells of the previous one.
///
/// Every colour stays within `LowBandwidth.moving`'s tolerances of the frame's own true colours (Docs/tui.md has
/// the measured CIEDE2000), whichever earlier frame was held, so a frame that was rendered but never shown does no
/// harm; it only costs the bytes it would have saved.
final class LowBandwidthFrames: Sendable {
    private let last = Mutex<CellGrid?>(nil)
    let setting: LowBandwidth

    init(setting: LowBandwidth = .moving) {
        self.setting = setting
    }

    /// The low-bandwidth version of `grid`; remembered as the grid the next one may hold cells of.
    func encode(_ grid: CellGrid) -> CellGrid {
        last.withLock { previous in
            let out = grid.lowBandwidth(setting, holding: previous)
            previous = out
            return out
        }
    }
}
