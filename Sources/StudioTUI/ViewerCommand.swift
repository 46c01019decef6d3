// ViewerCommand: the viewer's `:` command line — `goto`, `lens`, `view`, `camera`, `render`, `quit` — parsed from text.

import Geometry
import SceneImaging

/// A command typed after `:`.
enum ViewerCommand: Equatable {
    /// A timecode label of the take (`10:00:02:00`) or a playback frame number.
    case gotoTimecode(String)
    case gotoFrame(Int)
    /// Focal length, millimetres.
    case lens(Double)
    case view(XRView)
    /// View a take set's camera by name.
    case camera(String)
    /// Render the take's frames A-B (playback frames) in the current view to PNG files.
    case render(ClosedRange<Int>)
    /// Save the view shown at a size (nil: the snapshot size).
    case snapshot((width: Int, height: Int)?)
    /// Every message shown so far, whole (the message line cuts a long one at the terminal's width).
    case messages
    case quit

    static func == (a: ViewerCommand, b: ViewerCommand) -> Bool {
        switch (a, b) {
        case let (.gotoTimecode(x), .gotoTimecode(y)): return x == y
        case let (.gotoFrame(x), .gotoFrame(y)): return x == y
        case let (.lens(x), .lens(y)): return x == y
        case let (.view(x), .view(y)): return x == y
        case let (.camera(x), .camera(y)): return x == y
        case let (.render(x), .render(y)): return x == y
        case let (.snapshot(x), .snapshot(y)): return x?.width == y?.width && x?.height == y?.height
        case (.quit, .quit), (.messages, .messages): return true
        default: return false
        }
    }

    static let usage = "commands: goto TC|FRAME  lens MM  view camera|virtual|wall|plan|witness  camera NAME  render A-B  snapshot [WxH]  messages  quit"

    /// The command, or a one-line message saying what is wrong with the text.
    static func parse(_ text: String) -> Result<ViewerCommand, ParseError> {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first?.lowercased() else { return .failure(ParseError(message: usage)) }
        let arg = words.count > 1 ? words[1] : nil
        if verb == "camera" || verb == "cam" {
            // A camera's name may hold spaces: the rest of the line is the name.
            // Without a name: the take set's cameras are listed (by the viewer, which knows them).
            return .success(.camera(words.dropFirst().joined(separator: " ")))
        }
        if words.count > 2 { return .failure(ParseError(message: "\(verb): one argument expected, got \(words.count - 1)")) }
        switch verb {
        case "q", "quit":
            return .success(.quit)
        case "messages", "msg":
            return .success(.messages)
        case "goto", "g":
            guard let a = arg else { return .failure(ParseError(message: "goto: give a timecode (HH:MM:SS:FF) or a frame number")) }
            if let n = Int(a), n >= 0 { return .success(.gotoFrame(n)) }
            // HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame rates.
            let fields = a.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == ";" }).map { Int($0) }
            guard fields.count == 4, fields.allSatisfy({ $0 != nil }) else {
                return .failure(ParseError(message: "goto: '\(echo(a))' is neither a timecode (HH:MM:SS:FF) nor a frame number"))
            }
            return .success(.gotoTimecode(a))
        case "lens", "l":
            guard let a = arg, let mm = Double(a.hasSuffix("mm") ? String(a.dropLast(2)) : a), mm.isFinite, mm >= 4, mm <= 1200 else {
                return .failure(ParseError(message: "lens: give a focal length from 4 to 1200 mm, e.g. lens 35"))
            }
            return .success(.lens(mm))
        case "view", "v":
            guard let a = arg, let v = XRView(name: a.lowercased()) else {
                return .failure(ParseError(message: "view: camera, virtual, wall, plan or witness"))
            }
            return .success(.view(v))
        case "render", "r":
            let parts = arg?.split(separator: "-", omittingEmptySubsequences: false).compactMap { Int($0) } ?? []
            guard parts.count == 2, parts[0] >= 0, parts[0] <= parts[1] else {
                return .failure(ParseError(message: "render: give a frame range A-B, e.g. render 100-200"))
            }
            return .success(.render(parts[0]...parts[1]))
        case "snapshot", "snap", "s":
            guard let a = arg else { return .success(.snapshot(nil)) }
            let wh = a.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
            guard wh.count == 2, let w = wh[0], let h = wh[1], (16...16384).contains(w), (16...16384).contains(h) else {
                return .failure(ParseError(message: "snapshot: give a size WxH from 16 to 16384, e.g. snapshot 1920x1080"))
            }
            return .success(.snapshot((w, h)))
        default:
            return .failure(ParseError(message: "unknown command '\(echo(verb))'; \(usage)"))
        }
    }

    /// What was typed, as a message quotes it: at most 20 columns (cut with `…`), so that the reason after it stays
    /// on the line (300 pasted digits left `goto:…`).
    static func echo(_ typed: String) -> String {
        DisplayWidth.shortened(typed, columns: 20, mark: "…")
    }

    struct ParseError: Error, Equatable {
        var message: String
    }
}
