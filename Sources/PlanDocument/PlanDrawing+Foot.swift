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

    mutating func drawFoot() {
        let size = layout.pageSize
        let top = size.y - PlanLayout.margin - PlanLayout.footHeight + 3
        let bottom = size.y - PlanLayout.margin
        let left = PlanLayout.margin, right = size.x - PlanLayout.margin
        drawTitleBlock(x: right - Self.titleWidth, y: top, width: Self.titleWidth, height: bottom - top)
        let legendRight = right - Self.titleWidth - 4
        drawScaleBar(x: left, y: top + 3, maxWidth: min(70, legendRight - left - 14))
        drawLegend(x: left, y: top + 13, right: legendRight, bottom: bottom)
    }

    /// A scale bar of the round length (1, 2, 5, 10, 20, 50 m) up to `maxWidth` mm, metre blocks alternating,
    /// labelled in metres, with the scale and a north arrow.
    func drawScaleBar(x: Double, y: Double, maxWidth: Double) {
        let k = layout.mmPerMetre
        let length = [50.0, 20, 10, 5, 2, 1].first { $0 * k <= maxWidth } ?? 1
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
        page.text("1:\(layout.scale)  (1 m = \(formatNumber(k)) mm on \(layout.paper.name))", at: [x + length * k + 6, y + 1.6],
                  size: Self.labelText, bold: true)
        // North (-Z) up.
        let n = SIMD2(x + length * k + 6 + 58, y - 1)
        page.polyline([n, n + [-1.4, 4], n + [1.4, 4]], closed: true, fill: true)
        page.text("N (−Z)", at: n + [2.5, 3.6], size: Self.smallText)
    }

    /// The legend: what the colours mean, each camera with its take, then every problem range (rule, camera,
    /// timecode range), in columns; what does not fit ends in a "… more" line.
    func drawLegend(x: Double, y: Double, right: Double, bottom: Double) {
        var rows: [(text: String, colour: SIMD3<Double>, swatch: Bool)] = [
            ("LED walls, cabinet columns, dimensions", Self.wallColour, true),
            ("Marks: name, position, heading", Self.markColour, true),
        ]
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
        let perColumn = max(1, Int((bottom - y) / Self.legendLead))
        var cx = x, k = 0
        while k < rows.count {
            let column = Array(rows[k..<min(rows.count, k + perColumn)])
            let width = 7 + (column.map { page.textWidth($0.text, size: Self.smallText) }.max() ?? 0)
            let last = cx + width > right
            let fit = last ? max(0, perColumn - 1) : column.count
            let more = rows.count - k - fit
            for (j, r) in column.prefix(fit).enumerated() {
                let ry = y + Double(j) * Self.legendLead
                page.color(r.colour)
                if r.swatch {
                    page.stroke(width: 0.8)
                    page.line([cx, ry - 0.7], [cx + 5, ry - 0.7])
                }
                page.text(r.text, at: [cx + 7, ry], size: Self.smallText)
            }
            if last && more > 0 {
                page.color(Self.ink)
                page.text("… \(more) more: xrstudio analyze lists them all", at: [cx + 7, y + Double(fit) * Self.legendLead],
                          size: Self.smallText)
                return
            }
            k += fit
            cx += width + 4
        }
    }

    /// The title block: scene, take, timecode range and rate, scale and paper, date.
    func drawTitleBlock(x: Double, y: Double, width: Double, height: Double) {
        page.color(Self.ink)
        page.stroke(width: 0.35)
        page.rectangle(x: x, y: y, width: width, height: height)
        page.text(content.sceneName, at: [x + 3, y + 6], size: 3.4, bold: true)
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
            page.text(r.1, at: [x + 20, ry], size: Self.labelText)
        }
    }
}
