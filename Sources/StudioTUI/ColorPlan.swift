// ColorPlan: which terminfo entry to open and which colour depth to start in, from flags, environment and terminfo.

import TerminalBlit

/// What `--color` asked for.
public enum ColorChoice: String, CaseIterable, Sendable {
    case auto, truecolor
    case palette256 = "256"
    case palette16 = "16"
    case none

    /// The depth a forced choice names (nil for auto).
    var depth: ColorDepth? {
        switch self {
        case .auto: return nil
        case .truecolor: return .truecolor
        case .palette256: return .palette256
        case .palette16: return .palette16
        case .none: return .monochrome
        }
    }
}

/// The decision `ColorPlan.make` reaches before curses starts: pure, so every branch can be reasoned about.
///
/// Rules (see notes/terminal.md §0): direct colour when terminfo has `RGB` or 2^24 colours; or when
/// `COLORTERM` is `truecolor`/`24bit`, `$TERM`'s entry has at least 256 colours and the matching `-direct` entry
/// exists (`xterm*` → `xterm-direct`, `tmux*`/`screen*` → `tmux-direct`), which is then opened instead of `$TERM`;
/// else 256 colours when terminfo has them (indices 16-255); else 16 (or 8); `NO_COLOR` (non-empty) → none.
/// terminfo's colour count is honoured: an entry with 8 colours (`TERM=xterm`) is never sent a colour number
/// of 8 or more, whatever `COLORTERM` says (only `--color truecolor` asks for more). A `--color` other than auto wins over
/// the environment; a depth the terminal cannot show falls back to the best it can, with a note.
struct ColorPlan: Equatable {
    /// The terminfo entry to open; nil means `$TERM`.
    var terminal: String?
    /// The depth to start in.
    var depth: ColorDepth
    /// Whether colour numbers are 0xRRGGBB (direct-colour entry).
    var direct: Bool
    /// Colours of the opened entry (for 8- vs 16-colour terminals).
    var colors: Int
    /// A line for the status bar when something was not as asked (missing entry, fallback).
    var note: String?

    /// The depths this terminal can show, best first (what `c` cycles through).
    var available: [ColorDepth] {
        if direct { return [.truecolor, .palette256, .palette16, .monochrome] }
        if colors >= 256 { return [.palette256, .palette16, .monochrome] }
        if colors >= 8 { return [.palette16, .monochrome] }
        return [.monochrome]
    }

    /// The `-direct` entry that matches `term`, if there is one to try.
    static func directEntry(for term: String) -> String? {
        if term.hasPrefix("xterm") { return "xterm-direct" }
        if term.hasPrefix("tmux") || term.hasPrefix("screen") { return "tmux-direct" }
        return nil
    }

    /// Decides the plan from the flag, the environment and terminfo (`probe(nil)` is `$TERM`'s entry).
    static func make(choice: ColorChoice, environment env: [String: String],
                     probe: (String?) -> TerminalProbe?) -> ColorPlan {
        let term = env["TERM"] ?? ""
        var notes: [String] = []
        var opened: String?
        var caps: TerminalProbe
        if let p = probe(nil), !term.isEmpty {
            caps = p
        } else {
            // Unknown or missing TERM: newterm would fail; fall back to a common entry.
            opened = "xterm-256color"
            caps = probe(opened) ?? TerminalProbe(colors: 8, hasRGB: false)
            notes.append("unknown TERM '\(term)': using xterm-256color")
        }
        let colorterm = (env["COLORTERM"] ?? "").lowercased()
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let wantsTrue = choice == .truecolor
            || (choice == .auto && !noColor && (colorterm == "truecolor" || colorterm == "24bit") && caps.colors >= 256)
        if wantsTrue && !caps.isDirect {
            let candidate = directEntry(for: opened ?? term) ?? (choice == .truecolor ? "xterm-direct" : nil)
            if let candidate, let p = probe(candidate), p.isDirect {
                opened = candidate
                caps = p
            } else if let candidate {
                notes.append("no \(candidate) terminfo (install ncurses-term)")
            }
        }
        var plan = ColorPlan(terminal: opened, depth: .monochrome, direct: caps.isDirect, colors: caps.colors, note: nil)
        let wanted: ColorDepth
        switch choice {
        case .auto: wanted = noColor ? .monochrome : (plan.available.first ?? .monochrome)
        default: wanted = choice.depth!
        }
        if plan.available.contains(wanted) {
            plan.depth = wanted
        } else {
            let order = ColorDepth.allCases
            let start = order.firstIndex(of: wanted)!
            plan.depth = order[start...].first(where: plan.available.contains) ?? .monochrome
            notes.append("\(wanted.label) colours unavailable: using \(plan.depth.label)")
        }
        plan.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return plan
    }
}
