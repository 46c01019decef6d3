// LowBandwidthFrames: the moving-camera frames of truecolor viewports, made with TerminalBlit's perceptual
// quantiser and remembering the last one, so cells that are still close enough are not sent again.

import Synchronization
import TerminalBlit

/// Turns full-precision grids into low-bandwidth grids (`CellGrid.lowBandwidth`), holding cells of the
/// low-bandwidth grid the viewer last took to show (`shown`).
///
/// Holding the grid on screen, not the last one encoded, is what saves bytes: the painter sends only cells that
/// differ from the screen, and the viewer paints only the newest finished frame, so a frame encoded but never
/// painted (a slow or loaded machine) must not be the reference. A full-precision grid on screen is not held
/// either: its colours are nearly all distinct, so holding them would need a colour pair per cell and exhaust the
/// pair cache (stand-in colours, CIEDE2000 up to 74 measured); after a still frame nothing is held. Every colour
/// stays within `LowBandwidth.moving`'s tolerances of the frame's own true colours (Docs/tui.md has the measured
/// CIEDE2000).
final class LowBandwidthFrames: Sendable {
    /// (the last grids encoded, newest last; the one on screen, if it is one of them)
    private let state = Mutex<(encoded: [CellGrid], onScreen: CellGrid?)>(([], nil))
    let setting: LowBandwidth

    init(setting: LowBandwidth = .moving) {
        self.setting = setting
    }

    /// The low-bandwidth version of `grid`, holding cells of the low-bandwidth grid last `shown`.
    func encode(_ grid: CellGrid) -> CellGrid {
        let previous = state.withLock { $0.onScreen }
        let out = grid.lowBandwidth(setting, holding: previous)
        state.withLock { s in
            s.encoded.append(out)
            if s.encoded.count > 3 { s.encoded.removeFirst() }
        }
        return out
    }

    /// The viewer took `grid` to paint (any frame); the reference for the next `encode` when it is one this
    /// made, none otherwise.
    func shown(_ grid: CellGrid) {
        state.withLock { s in
            s.onScreen = s.encoded.last(where: { $0 == grid })
            s.encoded.removeAll { $0 != grid }
        }
    }
}
