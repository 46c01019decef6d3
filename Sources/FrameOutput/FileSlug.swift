// FileSlug: a name made safe for a file or folder: lower-case ASCII letters and digits joined by single dashes.

/// `name` as a file-name part ("Main Volume (A)" → "main-volume-a"); `fallback` when nothing is left.
public func fileSlug(_ name: String, fallback: String) -> String {
    var out = ""
    for ch in name.lowercased() {
        if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) } else if !out.isEmpty && !out.hasSuffix("-") { out.append("-") }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? fallback : out
}
