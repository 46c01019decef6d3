// PlanDrawing+Foot: the band along the page's foot: a scale bar and north arrow, the legend (cameras and their
// takes, the problem ranges of the shot analysis) and the title block (scene, take, timecode range, scale, paper,
// date).

import Geometry
import StagePasses

extension PlanDrawing {
    /// The title block's width (mm).
    static let titleWidth = 88.0
    /// Legend rows are this far apart (mm).
    static let legendLead = 2.9
    /// Legend rows wider than this (mm) are wrapped: a problem row is about 55 mm, a camera row with three
    /// footprint timecodes about 90 mm.
    static let legendWrap = 100.0

    mutating func drawFoot() {
        let size = layout.pageSize
        let top = size.y - PlanLayout.margin - PlanLayout.footHeight + 3
        let bottom = size.y - PlanLayout.margin
        let left = PlanLayout.margin, right = size.x - PlanLayout.margin
        drawTitleBlock(x: right - Self.titleWidth, y: top, width: Self.titleWidth, height: bottom - top)
        let legendRight = right - Self.titleWidth - 4
        drawScaleBar(x: left, y: top + 3, maxWidth: legendRight - left)
        drawLegend(x: left, y: top + 13, right: legendRight, bottom: bottom)
    }

    /// A scale bar of the round length (1, 2, 5, 10, 20, 50 m) up to 70 mm, metre blocks alternating, labelled in
    /// metres, with the scale and a north arrow after it, all within `maxWidth` mm (the arrow sat 58 mm past the
    /// bar, over A4 portrait's title block).
    func drawScaleBar(x: Double, y: Double, maxWidth: Double) {
        let k = layout.mmPerMetre
        let scaleText = "1:\(layout.scale)  (1 m = \(formatNumber(k)) mm on \(layout.paper.name))"
        // What follows the bar: 6 mm, the scale, 5 mm, the arrow and "N (−Z)".
        let after = 6 + page.textWidth(scaleText, size: Self.labelText, bold: true) + 5 + 2.5
            + page.textWidth("N (−Z)", size: Self.smallText)
        let length = [50.0, 20, 10, 5, 2, 1].first { $0 * k <= min(70, maxWidth - after) } ?? 1
        let step = length <= 10 ? 1.0 : length / 10
        page.color(Self.ink)
        page.stroke(width: 0.2)
        var m = 0.0, i = 0
        while m < length - 1e-9 {
            page.rectangle(x: x + m * k, y: y, width: step * k, height: 1.6, fill: i % 2 == 0)
            page.rectangle(x: x + m * k, y: y, width: step * k, height: 1.6)
            m += step; i += 1
        }
        page.text("0", at: [x, y + 4.4], size: Self.smallText, anchor: 0.5)
        page.text("\(Int(length)) m", at: [x + length * k, y + 4.4], size: Self.smallText, anchor: 0.5)
        page.text(scaleText, at: [x + length * k + 6, y + 1.6], size: Self.labelText, bold: true)
        // North (-Z) up.
        let n = SIMD2(x + length * k + after - 2.5 - page.textWidth("N (−Z)", size: Self.smallText) - 1.4, y - 1)
        page.polyline([n, n + [-1.4, 4], n + [1.4, 4]], closed: true, fill: true)
        page.text("N (−Z)", at: n + [2.5, 3.6], size: Self.smallText)
    }

    /// The legend: what the colours mean, each camera with its take, then every problem range (rule, camera,
    /// timecode range), in columns between `x` and `right` (the title block's edge), a row too wide for a column
    /// wrapped onto more lines; what does not fit ends in one "… N more" line pointing to `xrstudio analyze`. The
    /// columns ran on over the title block.
    func drawLegend(x: Double, y: Double, right: Double, bottom: Double) {
        var rows: [(text: String, colour: SIMD3<Double>, swatch: Bool)] = [
            ("LED walls, cabinet columns, dimensions", Self.wallColour, true),
            ("Marks: name, position, heading", Self.markColour, true),
        ]
        if content.stage.ledSurfaces.contains(where: { $0.kind == .floor }) {
            rows.insert(("LED floors: area hatched, size, cabinets", Self.floorColour, true), at: 1)
        }
        for c in content.cameras {
            let frames = c.footprints.map { c.path[$0].timecode.description }.joined(separator: ", ")
            rows.append(("Camera \(c.name), take '\(c.take)': path, ticks every second; frustum at \(frames)",
                         Self.paper(c.colours.inner), true))
        }
        if content.takeName != nil && !content.analysed {
            rows.append(("Shot analysis: not run (--no-analysis)", Self.dimensionColour, false))
        } else if content.takeName != nil {
            let n = content.problems.count
            rows.append((n == 0 ? "Shot analysis: no problem ranges" : "Shot analysis: \(n) problem range\(n == 1 ? "" : "s") (red on the path)",
                         Self.problemColour, true))
            for pr in content.problems {
                rows.append(("P\(pr.number)  \(pr.rule)  \(pr.camera ?? "wall")  \(pr.firstTimecode)–\(pr.lastTimecode)"
                             + "  (\(pr.lastFrame - pr.firstFrame + 1) frames)\(pr.accepted ? "  accepted" : "")",
                             pr.accepted ? Self.dimensionColour : Self.problemColour, false))
            }
        }
        let indent = 7.0, hang = 2.0, columnGap = 4.0
        let perColumn = max(1, Int((bottom - y) / Self.legendLead))
        // Rows wrap at `legendWrap` mm, or the legend's width when narrower, so one long row (a camera's many
        // footprint timecodes) leaves room for further columns.
        let wrapWidth = min(Self.legendWrap, right - x - indent - hang)
        /// A row's lines (the first at the indent, the rest `hang` further in) and its widest line's extent.
        func block(_ text: String) -> (lines: [String], width: Double) {
            let lines = wrap(text, width: wrapWidth, size: Self.smallText)
            let width = lines.enumerated().map { (i, l) in (i == 0 ? 0 : hang) + page.textWidth(l, size: Self.smallText) }.max() ?? 0
            return (lines, indent + width)
        }
        let blocks = rows.map { block($0.text) }
        /// Where blocks `0..<k`, then `note`, go (column x, line in the column); nil when a column would pass `right`.
        func placed(_ k: Int, note: (lines: [String], width: Double)?) -> [(x: Double, line: Int)]? {
            let items = Array(blocks.prefix(k)) + (note.map { [$0] } ?? [])
            var out: [(x: Double, line: Int)] = []
            var cx = x, line = 0, width = 0.0
            for b in items {
                if line > 0 && line + b.lines.count > perColumn {
                    cx += width + columnGap
                    line = 0; width = 0
                }
                width = max(width, b.width)
                if cx + width > right + 1e-9 { return nil }
                out.append((cx, line))
                line += b.lines.count
            }
            return out
        }
        var shown = rows.count
        var note: (lines: [String], width: Double)?
        var spots = placed(shown, note: nil)
        while spots == nil && shown > 0 {
            shown -= 1
            note = block("… \(rows.count - shown) more: xrstudio analyze lists them all")
            spots = placed(shown, note: note)
        }
        guard let spots else { return }
        for (i, spot) in spots.enumerated() {
            let (lines, colour, swatch) = i < shown ? (blocks[i].lines, rows[i].colour, rows[i].swatch) : (note!.lines, Self.ink, false)
            page.color(colour)
            for (j, l) in lines.enumerated() {
                let ry = y + Double(spot.line + j) * Self.legendLead
                if swatch && j == 0 {
                    page.stroke(width: 0.8)
                    page.line([spot.x, ry - 0.7], [spot.x + 5, ry - 0.7])
                }
                page.text(l, at: [spot.x + indent + (j == 0 ? 0 : hang), ry], size: Self.smallText)
            }
        }
    }

    /// `text` in one line no wider than `width` mm at `size`, cut with "…" where it is wider.
    func cut(_ text: String, width: Double, size: Double, bold: Bool = false) -> String {
        guard page.textWidth(text, size: size, bold: bold) > width else { return text }
        var cut = text
        while !cut.isEmpty && page.textWidth(cut + "…", size: size, bold: bold) > width { cut.removeLast() }
        return cut + "…"
    }

    /// `text` broken at spaces into lines no wider than `width` mm at `size`; a word wider than a line is cut
    /// with "…".
    func wrap(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let joined = line.isEmpty ? word : line + " " + word
            if line.isEmpty || page.textWidth(joined, size: size) <= width {
                line = joined
                continue
            }
            lines.append(line.trimmingSpaces)
            line = word
        }
        lines.append(line.trimmingSpaces)
        return lines.map { cut($0, width: width, size: size) }
    }

    /// The title block: scene, take, timecode range and rate, scale and paper, date.
    func drawTitleBlock(x: Double, y: Double, width: Double, height: Double) {
        page.color(Self.ink)
        page.stroke(width: 0.35)
        page.rectangle(x: x, y: y, width: width, height: height)
        // Long names are cut to the block with "…" (the scene's at a smaller size first); the PDF's title has them whole.
        let nameSize = page.textWidth(content.sceneName, size: 3.4, bold: true) <= width - 6 ? 3.4 : 2.8
        page.text(cut(content.sceneName, width: width - 6, size: nameSize, bold: true), at: [x + 3, y + 6], size: nameSize,
                  bold: true)
        var rows: [(String, String)] = []
        rows.append(("Take", content.takeName ?? "— (stage and marks only)"))
        if let r = content.timecodeRange, let rate = content.rate {
            rows.append(("Timecode", "\(r.first) – \(r.last) at \(rate) fps"))
        }
        rows.append(("Scale", "1:\(layout.scale) on \(layout.paper.name) \(layout.orientation.rawValue)"))
        rows.append(("Date", content.date ?? "—"))
        rows.append(("Drawn by", "xrstudio plan · studio metres · north (−Z) up"))
        page.stroke(width: 0.15)
        for (i, r) in rows.enumerated() {
            let ry = y + 13 + Double(i) * 5.2
            page.line([x, ry - 3.6], [x + width, ry - 3.6])
            page.text(r.0, at: [x + 3, ry], size: Self.smallText, bold: true)
            page.text(cut(r.1, width: width - 23, size: Self.labelText), at: [x + 20, ry], size: Self.labelText)
        }
    }
}

extension String {
    /// Without trailing spaces (a wrapped line ends at a word).
    var trimmingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
