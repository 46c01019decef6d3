// SceneLoader+Depth: a pre-scan of a scene's text that bounds how deep its YAML nests, before Yams (which
// composes recursively) builds a single node.

extension SceneLoader {
    /// Where nesting may first pass `maxDepth` (line, column), or nil. An upper bound on the real depth, so no
    /// text that passes can recurse deeper than `maxDepth` in Yams:
    /// - block nesting: the line's indentation (each block level indents at least one more space), plus the
    ///   compact indicators that open the line (`- ? - : ` each open a level on the same line; anchors `&a`
    ///   and tags `!t` between them are skipped);
    /// - flow nesting: open `[` / `{` brackets, plus one level per bracket holding a single-pair mapping
    ///   in a sequence (`[? …` or `[a: …`);
    /// - aliases: `*a` repeats a node anchored earlier, at most as deep as anything before it, so an alias counts
    ///   as the depth where it stands plus the deepest depth seen so far (aliases of aliases keep adding).
    /// Quoting is ignored, so the check errs towards refusing.
    static func tooDeep(_ text: String) -> (Int, Int)? {
        var scan = DepthScan()
        let u = Array(text.utf8)
        var line = 1, lineStart = 0
        var i = 0
        func isBlank(_ k: Int) -> Bool { k >= u.count || u[k] == 0x20 || u[k] == 0x0A || u[k] == 0x0D || u[k] == 0x09 }
        func isSeparator(_ k: Int) -> Bool {  // what may follow an indicator inside flow brackets
            isBlank(k) || u[k] == 0x2C || u[k] == 0x5D || u[k] == 0x7D
        }
        var indent = 0, leading = 0, atIndent = true, inLeadingRun = true
        while i < u.count {
            let c = u[i]
            if c == 0x0A {
                line += 1; lineStart = i + 1
                indent = 0; leading = 0; atIndent = true; inLeadingRun = true
                i += 1
                continue
            }
            if atIndent, c == 0x20 { indent += 1; i += 1; continue }
            atIndent = false
            var extra = 0  // levels an alias adds
            let indicator = c == 0x2D || c == 0x3F || c == 0x3A
            switch c {
            case 0x20, 0x09, 0x0D:
                break
            case _ where indicator && scan.flow.isEmpty && inLeadingRun && isBlank(i + 1):  // - ? : opening the line
                leading += 1
            case _ where c != 0x2D && indicator && !scan.flow.isEmpty && isSeparator(i + 1):  // ? or : in brackets
                if scan.flow[scan.flow.count - 1] == .sequence { scan.flow[scan.flow.count - 1] = .sequenceWithPair }
                inLeadingRun = false
            case 0x26, 0x21:  // &anchor, !tag: skipped, the run goes on
                while i + 1 < u.count, !isBlank(i + 1) { i += 1 }
            case 0x2A:  // *alias
                extra = scan.deepest
                while i + 1 < u.count, !isBlank(i + 1), u[i + 1] != 0x2C, u[i + 1] != 0x5D, u[i + 1] != 0x7D { i += 1 }
                inLeadingRun = false
            case 0x5B, 0x7B:
                scan.flow.append(c == 0x5B ? .sequence : .mapping)
                inLeadingRun = false
            case 0x5D, 0x7D:
                if !scan.flow.isEmpty { scan.flow.removeLast() }
                inLeadingRun = false
            default:
                inLeadingRun = false
            }
            let pairs = scan.flow.reduce(0) { $0 + ($1 == .sequenceWithPair ? 1 : 0) }
            let depth = indent + leading + scan.flow.count + pairs + extra
            scan.deepest = Swift.max(scan.deepest, depth)
            if depth > maxDepth {  // the column in characters, as the other messages count it
                return (line, u[lineStart...i].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) })
            }
            i += 1
        }
        return nil
    }

    /// The pre-scan's state across lines: open flow brackets (a sequence, one holding a single-pair mapping,
    /// or a mapping) and the deepest depth so far.
    private struct DepthScan {
        enum Bracket { case sequence, sequenceWithPair, mapping }
        var flow: [Bracket] = []
        var deepest = 0
    }
}
