// PlanFormat: the vector formats a plan is written in (PDF, SVG), chosen by the output file's extension.

/// The vector formats a plan is written in, chosen by the output file's extension.
public enum PlanFormat: String, Sendable, CaseIterable {
    case pdf, svg

    /// The format of `path` by its extension (case-insensitive), or nil.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }
}
