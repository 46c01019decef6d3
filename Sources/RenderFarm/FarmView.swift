// FarmView: the views a chunk command can ask `render --view` for, and the `--views a,b` list farm commands take.

/// A view of the stage that `xrstudio render --view V` writes. A farm plan without views renders the default
/// (virtual-world) view and passes no `--view` flag at all.
public enum FarmView: String, CaseIterable, Sendable, Codable {
    case camera, virtual, wall, plan, witness

    /// Parses `--views`: comma-separated names, or `all` for every view; no duplicates, no empty names.
    public static func parseList(_ text: String) throws -> [FarmView] {
        let known = allCases.map(\.rawValue).joined(separator: ", ")
        let names = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingSpaces() }
        if names == ["all"] { return allCases }
        var views: [FarmView] = []
        for name in names {
            guard !name.isEmpty else { throw FarmError.usage("--views '\(text)': an empty view name (write e.g. camera,wall)") }
            guard let v = FarmView(rawValue: name) else {
                throw FarmError.usage("--views: unknown view '\(name)' (known: \(known), or all)")
            }
            guard !views.contains(v) else { throw FarmError.usage("--views: '\(name)' is listed twice") }
            views.append(v)
        }
        return views
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
