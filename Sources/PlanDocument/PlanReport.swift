// PlanReport: what `xrstudio plan` wrote: one line for the terminal, or JSON with the page mapping for scripts.

import Geometry

/// What was written.
public struct PlanReport: Sendable {
    public var output: String
    public var format: PlanFormat
    public var layout: PlanLayout
    public var marks: Int
    public var cameras: [String]
    public var footprintTimecodes: [String]
    public var problems: Int

    /// One line for the terminal.
    public var text: String {
        let size = layout.pageSize
        var s = "\(output): \(format.rawValue.uppercased()) \(layout.paper.name) \(layout.orientation.rawValue) "
            + "(\(Int(size.x)) x \(Int(size.y)) mm), 1:\(layout.scale), \(marks) marks"
        if !cameras.isEmpty {
            s += ", cameras \(cameras.joined(separator: ", ")), footprints at \(footprintTimecodes.joined(separator: ", ")), "
                + "\(problems) problem range\(problems == 1 ? "" : "s")"
        }
        return s + "\n"
    }

    /// The report as JSON, with the page position of the studio origin so scripts can find points on the page.
    public var json: String {
        let o = layout.page(SIMD2(0, 0)), size = layout.pageSize
        return """
            {"output": \(jsonStringLiteral(output)), "format": "\(format.rawValue)", "paper": "\(layout.paper.rawValue)", \
            "orientation": "\(layout.orientation.rawValue)", "scale": \(layout.scale), \
            "page_mm": [\(formatNumber(size.x)), \(formatNumber(size.y))], "mm_per_metre": \(formatNumber(layout.mmPerMetre)), \
            "studio_origin_mm": [\(formatNumber(o.x)), \(formatNumber(o.y))], "marks": \(marks), \
            "cameras": [\(cameras.map(jsonStringLiteral).joined(separator: ", "))], \
            "footprints": [\(footprintTimecodes.map(jsonStringLiteral).joined(separator: ", "))], "problems": \(problems)}

            """
    }
}
