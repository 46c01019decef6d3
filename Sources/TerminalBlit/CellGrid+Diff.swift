// CellGrid+Diff: which cells changed since the previous frame, as runs, so the TUI sends only those.

/// A run of `count` changed cells in `row`, starting at `column`.
public struct CellSpan: Equatable, Hashable, Sendable {
    public var row: Int
    public var column: Int
    public var count: Int

    public init(row: Int, column: Int, count: Int) {
        self.row = row
        self.column = column
        self.count = count
    }
}

extension CellGrid {
    /// The runs of cells that differ from `previous`, row by row, left to right.
    ///
    /// With no previous grid, or one of another size, every row is one run (a full repaint). Runs closer than
    /// `joiningGap` unchanged cells are joined into one (fewer terminal calls for a few re-sent cells; 0 gives
    /// exactly the changed cells).
    public func diff(_ previous: CellGrid?, joiningGap: Int = 0) -> [CellSpan] {
        guard let previous, previous.cols == cols, previous.rows == rows else {
            return cols == 0 ? [] : (0..<rows).map { CellSpan(row: $0, column: 0, count: cols) }
        }
        var spans: [CellSpan] = []
        for row in 0..<rows {
            let base = row * cols
            var c = 0
            var open: CellSpan?
            while c < cols {
                if cells[base + c] != previous.cells[base + c] {
                    if var run = open, c - (run.column + run.count) <= joiningGap {
                        run.count = c - run.column + 1
                        open = run
                    } else {
                        if let run = open { spans.append(run) }
                        open = CellSpan(row: row, column: c, count: 1)
                    }
                }
                c += 1
            }
            if let run = open { spans.append(run) }
        }
        return spans
    }
}
