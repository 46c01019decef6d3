// KeyAction: what each key does in the viewer (the key map, and the one place to change it).

/// A viewer command bound to a key.
enum KeyAction: Equatable {
    case quit
    case toggleHelp
    case closeHelp
    /// Steps along the view, sideways (right positive) and up.
    case fly(forward: Float, right: Float, up: Float)
    /// Degrees around the look-at point: yaw to the camera's right, pitch up.
    case orbit(yaw: Double, pitch: Double)
    /// Focal length factor (> 1 zooms in).
    case zoom(Double)
    case nextBlitter
    case nextColorDepth
    case snapshot
    case redraw
    case resize
    /// Take playback: play or pause, and step frames (pauses).
    case togglePlay
    case step(Int)
    /// XR views: the next one (tab), or one by number (1-5: camera, virtual, wall, plan, witness).
    case nextView
    case view(Int)
    /// A take set: view the next (+1, `n`) or previous (-1, `N`) camera in priority order.
    case nextCamera(Int)
    /// Jump to the previous (-1) or next (+1) problem range of the take.
    case jump(Int)
    /// Open the `:` command line.
    case command
    /// Marks: drop one at the camera (`m`), list them (`M`), save the new ones to the scene file (`S`).
    case dropMark, listMarks, saveMarks
    /// Show or hide the stage plan pane.
    case togglePlanPane
    /// `R`: start / stop recording the live tracker to a take (without a live source: fly up fast).
    case record
    /// Focus distance factor (> 1 focuses farther).
    case focus(Double)
    /// A mouse click or wheel turn at a cell; what it does depends on where (the app decides).
    case mouse(col: Int, row: Int, button: MouseButton)

    /// Orbit step per arrow press, degrees.
    static let orbitStep = 5.0
    /// Focal length factor per `+` / `-`.
    static let zoomStep = 1.1
    /// Focus distance factor per `{` / `}` (ten steps double it: a focus puller's ring moves in log steps).
    static let focusStep = 1.0717734625362931
    /// Shifted fly and orbit keys move this many times farther.
    static let fast: Float = 5

    /// The action for `key`, if it has one.
    static func from(_ key: KeyInput) -> KeyAction? {
        switch key {
        case let .mouse(col, row, button):
            return .mouse(col: col, row: row, button: button)
        case .character(let c):
            let f = KeyAction.fast
            switch c {
            case "q", "Q": return .quit
            case "?": return .toggleHelp
            case "\u{1B}": return .closeHelp
            case "w": return .fly(forward: 1, right: 0, up: 0)
            case "s": return .fly(forward: -1, right: 0, up: 0)
            case "a": return .fly(forward: 0, right: -1, up: 0)
            case "d": return .fly(forward: 0, right: 1, up: 0)
            case "r": return .fly(forward: 0, right: 0, up: 1)
            case "f": return .fly(forward: 0, right: 0, up: -1)
            case "W": return .fly(forward: f, right: 0, up: 0)
            case "A": return .fly(forward: 0, right: -f, up: 0)
            case "D": return .fly(forward: 0, right: f, up: 0)
            case "R": return .record
            case "F": return .fly(forward: 0, right: 0, up: -f)
            case "+", "=": return .zoom(zoomStep)
            case "-", "_": return .zoom(1 / zoomStep)
            case "b", "B": return .nextBlitter
            case "c", "C": return .nextColorDepth
            case "p", "P": return .snapshot
            case "\u{0C}": return .redraw  // Ctrl-L
            case " ": return .togglePlay
            case ",": return .step(-1)
            case ".": return .step(1)
            case "\t": return .nextView
            case ":": return .command
            case "o", "O": return .togglePlanPane
            case "{": return .focus(1 / focusStep)
            case "}": return .focus(focusStep)
            case "m": return .dropMark
            case "M": return .listMarks
            case "S": return .saveMarks
            case "n": return .nextCamera(1)
            case "N": return .nextCamera(-1)
            case "[": return .jump(-1)
            case "]": return .jump(1)
            case "1", "2", "3", "4", "5": return .view(Int(String(c))! - 1)
            default: return nil
            }
        case .code(let k):
            let o = orbitStep, fo = orbitStep * Double(fast)
            switch k {
            case CursesKey.left: return .orbit(yaw: -o, pitch: 0)
            case CursesKey.right: return .orbit(yaw: o, pitch: 0)
            case CursesKey.up: return .orbit(yaw: 0, pitch: o)
            case CursesKey.down: return .orbit(yaw: 0, pitch: -o)
            case CursesKey.shiftLeft: return .orbit(yaw: -fo, pitch: 0)
            case CursesKey.shiftRight: return .orbit(yaw: fo, pitch: 0)
            case CursesKey.shiftUp: return .orbit(yaw: 0, pitch: fo)
            case CursesKey.shiftDown: return .orbit(yaw: 0, pitch: -fo)
            case CursesKey.resize: return .resize
            case CursesKey.function(1): return .toggleHelp
            default: return nil
            }
        }
    }
}
