// JSONValueSplitter: cuts a JSON array, JSON Lines or a single JSON object into per-sample byte ranges.

/// Finds the top-level JSON objects of a file without parsing them, so each can be decoded (and rejected)
/// on its own with its line number. A file starting with `[` is one array of samples; otherwise objects
/// follow one another (JSON Lines, or one pretty-printed object). In that form a line starting in column 0
/// (with anything but `}` or `]`) while an object is still open starts a new record: the open one is
/// reported as truncated. In an array, anything but `,` or `]` after a value (a stray `}`) ends the split
/// with `.malformed` at its line and column: the rest of the file cannot be cut into samples.
enum JSONValueSplitter {
    enum Piece: Equatable {
        case value(Range<Int>, line: Int)
        case reject(line: Int, reason: String)
        /// The array's structure is broken at this line and column (1-based); nothing after it was split.
        case malformed(line: Int, column: Int, reason: String)
    }

    static func split(_ b: [UInt8]) -> [Piece] {
        var pieces: [Piece] = []
        b.withUnsafeBufferPointer { forEachPiece($0) { pieces.append($0); return true } }
        return pieces
    }

    /// The pieces one at a time, in file order, until `body` returns false: no list of them is made, so a file of
    /// a billion junk lines costs no memory here.
    static func forEachPiece(_ b: UnsafeBufferPointer<UInt8>, _ body: (Piece) -> Bool) {
        var i = 0, line = 1
        let n = b.count
        /// The 1-based column of byte `at` (bytes since the last newline).
        func column(_ at: Int) -> Int {
            var k = at
            while k > 0, b[k - 1] != 0x0A { k -= 1 }
            return at - k + 1
        }
        func unexpected(_ at: Int, expected: String) -> Piece {
            let c = b[at]
            let shown = c >= 0x21 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte \(c)"
            return .malformed(line: line, column: column(at), reason: "unexpected \(shown) in the sample array (expected \(expected))")
        }
        func skipSpace() {
            while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D {
                if b[i] == 0x0A { line += 1 }
                i += 1
            }
        }
        // Skips one value starting at i (an object, array, string or scalar); returns false when the end of
        // the file (or, for objects in sequence mode, a column-0 brace) comes first.
        func scanValue(breakAtColumnZero: Bool) -> Bool {
            var depth = 0, inString = false, escaped = false
            repeat {
                let c = b[i]
                if inString {
                    if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                    if c == 0x0A { line += 1 }
                } else {
                    if depth == 0 && (c == 0x7D || c == 0x5D) { return true }  // a scalar's end in an array
                    switch c {
                    case 0x22: inString = true
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D: depth -= 1
                    case 0x0A:
                        line += 1
                        if breakAtColumnZero, depth > 0, i + 1 < n, startsRecord(b[i + 1]) { i += 1; return false }
                    case 0x2C where depth == 0: return true
                    default: break
                    }
                }
                i += 1
                if depth == 0 && !inString && (c == 0x7D || c == 0x5D || c == 0x22) { return true }
            } while i < n
            return depth == 0 && !inString
        }
        /// In JSON Lines, a line that starts in column 0 with anything but a closing bracket begins a new
        /// record (pretty-printed objects indent their inner lines).
        func startsRecord(_ c: UInt8) -> Bool {
            !(c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A || c == 0x7D || c == 0x5D)
        }
        // A UTF-8 byte order mark (Windows Notepad, PowerShell 5) is no part of the JSON: skipped, as CSV does.
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        skipSpace()
        if i < n, b[i] == 0x5B {  // array
            i += 1
            while true {
                skipSpace()
                if i >= n { _ = body(.reject(line: line, reason: "truncated: the array is not closed")); return }
                if b[i] == 0x5D { break }
                let start = i, startLine = line
                if b[i] == 0x7D || b[i] == 0x5D || b[i] == 0x2C {  // a closer or comma where a value belongs
                    _ = body(unexpected(i, expected: "a sample"))
                    return
                }
                if scanValue(breakAtColumnZero: false) {
                    guard body(.value(start..<i, line: startLine)) else { return }
                } else {
                    _ = body(.reject(line: startLine, reason: "truncated JSON value at the end of the file"))
                    return
                }
                skipSpace()
                if i < n, b[i] == 0x2C {
                    i += 1
                } else if i < n, b[i] != 0x5D {  // every pass must advance: a stray byte ends the split
                    _ = body(unexpected(i, expected: "',' or ']'"))
                    return
                }
            }
            return
        }
        while true {
            skipSpace()
            if i >= n { break }
            let start = i, startLine = line
            guard b[i] == 0x7B else {
                while i < n, b[i] != 0x0A { i += 1 }
                guard body(.reject(line: startLine, reason: "not a JSON object")) else { return }
                continue
            }
            if scanValue(breakAtColumnZero: true) {
                guard body(.value(start..<i, line: startLine)) else { return }
            } else {
                guard body(.reject(line: startLine, reason: "truncated JSON object")) else { return }
            }
        }
    }
}
