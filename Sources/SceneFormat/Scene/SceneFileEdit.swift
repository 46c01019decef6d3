// SceneFileEdit: adds marks to a scene file's text by inserting lines, so every comment, blank line and key order
// the author wrote stays exactly as it was.

import Geometry
import SceneModel

/// Line-level edits of a scene file's YAML text.
public enum SceneFileEdit {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// `marks:` is written in flow style (`marks: [...]`) on the given line: lines cannot be appended to it.
        case flowStyleMarks(line: Int)
        /// A mark's name holds a control character, which the scene loader refuses: saving it would leave a file
        /// that no longer loads.
        case controlCharacter(mark: String)
        public var description: String {
            switch self {
            case .flowStyleMarks(let l):
                return "line \(l): 'marks:' is written inline ([...]); write it as a block list to add marks"
            case .controlCharacter(let m):
                return "mark '\(m.unicodeScalars.map { SceneReader.isControl($0) ? "?" : String($0) }.joined())': "
                    + "a name with a control character cannot be saved (names are one line of visible text)"
            }
        }
    }

    /// The text with `marks` appended to the top-level `marks:` list (created at the end when absent), each as a
    /// block-style entry indented like the list's existing items.
    /// The file's own line ends (CRLF when it has any: Swift's `Character` takes "\r\n" as one, so a CRLF file
    /// was one long line and its `marks:` went unseen) and byte-order mark are kept.
    public static func appendingMarks(_ marks: [Mark], to text: String) throws -> String {
        guard !marks.isEmpty else { return text }
        if let bad = marks.first(where: { $0.name.unicodeScalars.contains(where: SceneReader.isControl) }) {
            throw Failure.controlCharacter(mark: bad.name)
        }
        let bom = text.unicodeScalars.first == "\u{FEFF}"
        let scalars = Array(bom ? text.unicodeScalars.dropFirst() : text.unicodeScalars[...])
        let crlf = zip(scalars, scalars.dropFirst()).contains { $0 == "\r" && $1 == "\n" }
        var lf = String.UnicodeScalarView()
        for (i, c) in scalars.enumerated() where !(crlf && c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n") {
            lf.append(c)
        }
        let edited = try appendingMarksLF(marks, to: String(lf))
        var out = String.UnicodeScalarView()
        if bom { out.append("\u{FEFF}") }
        for c in edited.unicodeScalars {
            if crlf && c == "\n" { out.append("\r") }
            out.append(c)
        }
        return String(out)
    }

    /// `appendingMarks` for text with "\n" line ends and no byte-order mark.
    static func appendingMarksLF(_ marks: [Mark], to text: String) throws -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        func isTopLevelKey(_ l: String) -> Bool {
            guard let c = l.first, c != " ", c != "\t", c != "#", c != "-" else { return false }
            return l.contains(":")
        }
        if let start = lines.firstIndex(where: { $0.hasPrefix("marks:") }) {
            let rest = lines[start].dropFirst("marks:".count).trimmingLeadingSpaces()
            if !rest.isEmpty && !rest.hasPrefix("#") { throw Failure.flowStyleMarks(line: start + 1) }
            // The block ends before the next top-level key; trailing blank and comment lines stay after the insert.
            var end = lines[(start + 1)...].firstIndex(where: isTopLevelKey) ?? lines.count
            while end > start + 1 && (lines[end - 1].trimmingLeadingSpaces().isEmpty || lines[end - 1].trimmingLeadingSpaces().hasPrefix("#")) {
                end -= 1
            }
            let item = lines[(start + 1)..<end].first { $0.trimmingLeadingSpaces().hasPrefix("- ") }
            let indent = item.map { String($0.prefix { $0 == " " }) } ?? "  "
            lines.insert(contentsOf: marks.flatMap { entry($0, indent: indent) }, at: end)
        } else {
            if let last = lines.last, !last.isEmpty { lines.append("") }
            lines.append("marks:")
            lines += marks.flatMap { entry($0, indent: "  ") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One mark as block-style YAML lines. Numbers are written exactly (the shortest decimal that reads back as
    /// the same double): a mark dropped on a take frame renders that frame. Rounded to 1 mm and 0.001°, a mark of
    /// a take's frame differed from it in 149 pixels of 82,944; focus rounded to 1 cm moved a calibrated lens.
    static func entry(_ m: Mark, indent: String) -> [String] {
        let pad = indent + "  "
        func n(_ x: Double) -> String { x == 0 ? "0" : "\(x)" }
        var out = [indent + "- name: " + quoted(m.name)]
        if let c = m.camera { out.append(pad + "camera: " + quoted(c)) }
        out.append(pad + "position: [\(n(m.position.x)), \(n(m.position.y)), \(n(m.position.z))]")
        out.append(pad + "pan_deg: \(n(m.panDegrees))")
        out.append(pad + "tilt_deg: \(n(m.tiltDegrees))")
        if m.rollDegrees != 0 { out.append(pad + "roll_deg: \(n(m.rollDegrees))") }
        if let f = m.focalLengthMM { out.append(pad + "focal_mm: \(n(f))") }
        if let f = m.focusDistanceM { out.append(pad + "focus_m: \(n(f))") }
        return out
    }

    /// A YAML double-quoted string. Control and line-break characters (U+0085, U+2028 and U+2029 included: YAML
    /// folds them like newlines, so a camera named with one no longer matched) are written as `\uXXXX` escapes.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20 || c.value == 0x7F || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029:
                out += "\\u" + hexDigits(c.value, atLeast: 4)
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}

extension StringProtocol {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " || $0 == "\t" }) }
}
