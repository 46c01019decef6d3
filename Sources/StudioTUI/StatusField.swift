// StatusField: one item of the status or hint line, and fitting a line of them to a width by dropping whole items.

import Geometry

/// One item of a chrome line: its text, how much it matters, and the group it is written in.
///
/// Fields of the same `group` that sit next to each other are joined with a space (`LED 85% over 1.2% top`),
/// different groups with ` | `. Content is built elsewhere (`ViewerChrome.statusFields`); `ViewerChrome.fit` only
/// decides which fields a width keeps, so the line's content can change without touching the fitting.
struct StatusField: Equatable {
    var text: String
    /// Higher is kept longer; see `Priority` for the viewer's scale.
    var priority: Int
    var group: Int

    init(_ text: String, priority: Int, group: Int) {
        self.text = text
        self.priority = priority
        self.group = group
    }

    /// The viewer's priority scale: what is needed to read the picture stays longest.
    enum Priority {
        static let view = 100
        /// A warning the shot is wrong (overshoot past the wall, moiré, wall in focus).
        static let warning = 95
        static let frame = 90
        static let focalLength = 85
        static let coverage = 75
        static let focus = 70
        static let stop = 60
        static let fieldOfView = 50
        static let frameTime = 45
        static let camera = 40
        static let frameRate = 35
        static let display = 30
        static let position = 20
        static let sceneName = 10
    }
}

extension ViewerChrome {
    /// The fields that fit in `width` columns, in their order, joined: whole fields are dropped, lowest priority
    /// first (among equal priorities the rightmost first), so no number or word is ever cut. When even the most
    /// important field alone is too wide, its trailing words are dropped; a first word wider than `width` is cut
    /// and ends in `…` (`...` without Unicode). Widths count terminal columns (`DisplayWidth`).
    static func fit(fields: [StatusField], width: Int, unicode: Bool = true) -> String {
        guard width > 0 else { return "" }
        let kept = fields.filter { !$0.text.isEmpty }
        // The order in which fields go: lowest priority first, and of equals the rightmost.
        let dropOrder = kept.indices.sorted { a, b in
            kept[a].priority != kept[b].priority ? kept[a].priority < kept[b].priority : a > b
        }
        var alive = Array(repeating: true, count: kept.count)
        var line = join(kept, alive)
        for i in dropOrder where cells(line) > width {
            // Keep the last field standing: it is cut at a word boundary below instead.
            if alive.filter({ $0 }).count == 1 { break }
            alive[i] = false
            line = join(kept, alive)
        }
        if cells(line) <= width { return line }
        // One field left and still too wide: keep as many whole words as fit, or the first word cut with "…".
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let first = words.first ?? ""
        while !words.isEmpty, cells(words.joined(separator: " ")) > width { words.removeLast() }
        // A trailing "|" is no word worth keeping.
        while words.last == "|" { words.removeLast() }
        if words.isEmpty && !first.isEmpty { return shortened(first, columns: width, unicode: unicode) }
        return words.joined(separator: " ")
    }

    /// Kept fields written out: a space inside a group, ` | ` between groups.
    private static func join(_ fields: [StatusField], _ alive: [Bool]) -> String {
        var out = ""
        var lastGroup: Int?
        for (f, a) in zip(fields, alive) where a {
            if let g = lastGroup { out += g == f.group ? " " : " | " }
            out += f.text
            lastGroup = f.group
        }
        return out
    }

    /// Terminal cells a chrome string takes (`DisplayWidth`: a Chinese scene or take name takes two a character).
    static func cells(_ s: String) -> Int { DisplayWidth.of(s) }

    /// The key-hint line: `items` (most important first) then `q quit  ? help`, which stays at the end at any width
    /// of at least 20; items are dropped whole from the last one back until the line fits.
    static func hintLine(_ items: [String], width: Int) -> String {
        let tail = hintTail
        var kept = items.filter { !$0.isEmpty }
        func line() -> String { (kept + [tail]).joined(separator: "  ") }
        while !kept.isEmpty, cells(line()) > width { kept.removeLast() }
        let l = line()
        return cells(l) <= width ? l : ""
    }

    /// The hint line with a first item given in forms from longest to shortest: the longest form that fits beside
    /// `q quit  ? help` is kept (with as many of `items` as still fit), so a narrow terminal shortens the take's
    /// position (`take T 10:00:02:00 frame 250 (51/351) paused` → `frame 250 paused` → `frame 250`) instead of
    /// dropping it.
    static func hintLine(firstOf forms: [String], then items: [String], width: Int) -> String {
        for form in forms {
            let line = hintLine([form] + items, width: width)
            if line.hasPrefix(form + "  ") { return line }
        }
        return hintLine(items, width: width)
    }

    /// A message fitted to `width` cells: whole words while they fit, then `…` (`...` without Unicode); a first
    /// word wider than the line is cut. The hint line never ends in half a word.
    static func fitMessage(_ text: String, width: Int, unicode: Bool) -> String {
        guard width > 0 else { return "" }
        if cells(text) <= width { return text }
        let ellipsis = unicode ? "…" : "..."
        let room = width - cells(ellipsis)
        guard room > 0 else { return DisplayWidth.prefix(text, columns: width) }
        var kept = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let next = kept.isEmpty ? String(word) : kept + " " + word
            if cells(next) > room { break }
            kept = next
        }
        while kept.hasSuffix(" ") { kept.removeLast() }
        if kept.isEmpty { kept = DisplayWidth.prefix(text, columns: room) }
        return kept + ellipsis
    }

    /// What the hint line always ends with.
    static let hintTail = "q quit  ? help"

    /// The viewer's key hints, most useful first (`hintLine` appends `q quit  ? help`).
    static let hintItems = ["tab view", "wasd/rf fly", "arrows orbit", "+/- lens", "p png", "b blitter", "c colour"]
}
