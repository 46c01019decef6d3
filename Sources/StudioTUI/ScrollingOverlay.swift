// ScrollingOverlay: a boxed text overlay (help, marks list) that shows what fits on the screen and scrolls the rest.

import Geometry

/// The state of an open overlay (its lines and scroll offset) and its layout on a screen of a given size (pure).
///
/// Lines wider than the box are wrapped at spaces (continuations indented like the text after a `key   ` column);
/// the offset counts wrapped rows. When the rows do not all fit, the top border says `^ more` while rows lie above
/// and the bottom border `v more` while rows lie below, with the keys that scroll.
struct ScrollingOverlay: Equatable {
    var lines: [String]
    /// First wrapped row shown (clamped to the screen by `layout`).
    var offset = 0

    init(lines: [String], offset: Int = 0) {
        self.lines = lines
        self.offset = offset
    }

    /// A scroll request.
    enum Scroll: Equatable {
        case lines(Int)
        case pages(Int)
        case top, bottom
    }

    /// What a key does while an overlay is open: up / down and `k` / `j` scroll a row, PgUp / PgDn (and space)
    /// a page, Home / End to either end; nil for every other key (the caller closes on Esc, `?`, `M`, quits on `q`).
    static func scroll(for key: KeyInput) -> Scroll? {
        switch key {
        case .character("j"), .code(CursesKey.down): return .lines(1)
        case .character("k"), .code(CursesKey.up): return .lines(-1)
        case .character(" "), .code(CursesKey.pageDown): return .pages(1)
        case .code(CursesKey.pageUp): return .pages(-1)
        case .code(CursesKey.home), .character("g"): return .top
        case .code(CursesKey.end), .character("G"): return .bottom
        default: return nil
        }
    }

    /// Applies `scroll` for a screen of `cols` x `rows` (the overlay's area: the screen above the chrome lines).
    mutating func apply(_ scroll: Scroll, cols: Int, rows: Int) {
        let l = layout(cols: cols, rows: rows)
        let page = max(1, l.visible.count - 1)
        switch scroll {
        case .lines(let n): offset = l.visible.lowerBound + n
        case .pages(let n): offset = l.visible.lowerBound + n * page
        case .top: offset = 0
        case .bottom: offset = l.rowCount
        }
        offset = layout(cols: cols, rows: rows).visible.lowerBound  // clamped
    }

    /// Where the box goes and what it shows.
    struct Layout: Equatable {
        var left: Int
        var top: Int
        var width: Int
        /// The box's text rows, borders included, each exactly `width` cells (empty when nothing fits).
        var rows: [String]
        /// The wrapped rows shown, as indices into all wrapped rows.
        var visible: Range<Int>
        var rowCount: Int
        /// Box row (index into `rows`) that holds wrapped row 0 (the title), if shown: drawn bold.
        var titleRow: Int?
        var moreAbove: Bool { visible.lowerBound > 0 }
        var moreBelow: Bool { visible.upperBound < rowCount }
    }

    /// The box centred on a `cols` x `rows` area: as wide as the widest line (up to the area), as tall as the lines
    /// (up to the area), showing wrapped rows from the offset clamped so the last page is full.
    func layout(cols: Int, rows: Int) -> Layout {
        let longest = lines.map { ViewerChrome.cells($0) }.max() ?? 0
        let width = min(longest + 4, max(cols, 0))
        let inner = width - 4
        guard inner >= 1, rows >= 3 else {
            return Layout(left: 0, top: 0, width: 0, rows: [], visible: 0..<0, rowCount: 0, titleRow: nil)
        }
        let wrapped = lines.flatMap { Self.wrap($0, width: inner) }
        let shown = min(wrapped.count, rows - 2)
        let first = min(max(offset, 0), wrapped.count - shown)
        let visible = first..<(first + shown)
        func border(_ label: String?) -> String {
            let dashes = width - 2
            guard let label, ViewerChrome.cells(label) + 2 <= dashes else { return "+" + String(repeating: "-", count: dashes) + "+" }
            let right = dashes - ViewerChrome.cells(label) - 2
            return "+-" + label + String(repeating: "-", count: right + 1) + "+"
        }
        let keys = ViewerChrome.cells(" v more: j/down PgDn ") + 2 <= width - 2 ? " v more: j/down PgDn " : " v more "
        var out = [border(visible.lowerBound > 0 ? (keys.hasPrefix(" v more:") ? " ^ more: k/up PgUp " : " ^ more ") : nil)]
        out += wrapped[visible].map { "| " + DisplayWidth.pad($0, inner) + " |" }
        out.append(border(visible.upperBound < wrapped.count ? keys : nil))
        let left = max(0, (cols - width) / 2), top = max(0, (rows - out.count) / 2)
        return Layout(left: left, top: top, width: width, rows: out, visible: visible, rowCount: wrapped.count,
                      titleRow: visible.contains(0) ? 1 : nil)
    }

    /// `line` broken at spaces into rows of at most `width` cells; continuation rows are indented to the text after a
    /// `key   ` column (the first run of two or more spaces) when that leaves room; a word longer than a row is split.
    static func wrap(_ line: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        let scalars = Array(line.unicodeScalars)
        if ViewerChrome.cells(line) <= width { return [line] }
        // The text column: after the first run of two or more spaces.
        var indent = 0
        if let i = scalars.indices.dropLast().first(where: { scalars[$0] == " " && scalars[$0 + 1] == " " }) {
            var j = i
            while j < scalars.count && scalars[j] == " " { j += 1 }
            if j < scalars.count { indent = j }
        }
        if indent > width / 2 { indent = 0 }
        var rows: [String] = []
        var current = ""
        var currentCells = 0
        for word in line.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var w = word
            let lead = rows.isEmpty ? 0 : indent
            let sep = currentCells > lead ? 1 : 0
            if currentCells + sep + ViewerChrome.cells(w) <= width {
                current += (sep == 1 ? " " : "") + w
                currentCells += sep + ViewerChrome.cells(w)
                continue
            }
            if currentCells > (rows.isEmpty ? 0 : indent) { rows.append(current) }
            current = String(repeating: " ", count: indent)
            currentCells = indent
            // A word wider than a row: split it.
            while currentCells + ViewerChrome.cells(w) > width {
                var head = DisplayWidth.prefix(w, columns: width - currentCells)
                // A row too narrow for even the first (wide) character takes it anyway: the loop must move on.
                if head.isEmpty { head = String(w.unicodeScalars.first!) }
                rows.append(current + head)
                w = String(String.UnicodeScalarView(w.unicodeScalars.dropFirst(head.unicodeScalars.count)))
            }
            current += w
            currentCells += ViewerChrome.cells(w)
        }
        if currentCells > (rows.isEmpty ? 0 : indent) || rows.isEmpty { rows.append(current) }
        return rows
    }
}
