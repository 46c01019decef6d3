// FileSlug: a name made safe for a file or folder: lower-case letters and digits (any script) joined by single dashes.

/// `name` as a file-name part ("Main Volume (A)" → "main-volume-a", "主屏 左" → "主屏-左"); `fallback` when nothing
/// is left. Letters and digits of any script are kept (a Chinese wall or camera name must not vanish: two such
/// names would share one file), everything else (spaces, punctuation, `/`, controls) becomes one dash. At most
/// `maxSlugBytes` bytes of UTF-8, cut at a character, so that a long name leaves room in a file name.
public func fileSlug(_ name: String, fallback: String) -> String {
    var out = ""
    var bytes = 0
    for ch in name.lowercased() {
        let keep = ch.isLetter || ch.isNumber
        let piece = keep ? String(ch) : (!out.isEmpty && !out.hasSuffix("-") ? "-" : "")
        if piece.isEmpty { continue }
        let n = piece.utf8.count
        if bytes + n > maxSlugBytes { break }
        out += piece
        bytes += n
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? fallback : out
}

/// The longest slug, in bytes of UTF-8: 80 (27 Chinese characters), a third of a file name's 255.
public let maxSlugBytes = 80

/// Slugs of `names` that never meet each other or `taken`: a name whose slug is already used gets `-2`, `-3`…
/// (in order), so two outputs never share a file.
public func uniqueFileSlugs(_ names: [String], fallback: String, taken: Set<String> = []) -> [String] {
    var used = taken
    return names.map { name in
        let base = fileSlug(name, fallback: fallback)
        var slug = base, n = 2
        while used.contains(slug) {
            slug = base + "-\(n)"
            n += 1
        }
        used.insert(slug)
        return slug
    }
}
