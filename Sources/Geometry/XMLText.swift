// XMLText: text made safe for XML content and attribute values, for the XML we write by hand (SVG plans, OpenCue
// job specs).

/// `s` with `&`, `<`, `>`, `"` and `'` as entities; other characters kept.
public func xmlEscaped(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(c)
        }
    }
    return out
}
