// HostCheck: one host's answer to the pre-flight of `farm run` (same xrstudio, scene and take readable, output
// folder writable).

/// What one host answered.
public struct HostCheck: Sendable, Equatable, Codable {
    /// The sshlogin, as parallel tags the host's lines.
    public var login: String
    public var label: String
    /// `xrstudio --version` on the host, when it ran.
    public var version: String?
    /// One phrase per failed check; empty when the host is fit to render.
    public var problems: [String]

    public var ok: Bool { problems.isEmpty }

    /// `127.0.0.1:2201: ok (xrstudio 0.1.0)` or `127.0.0.1:2201: xrstudio 0.0.9, expected 0.1.0; cannot write …`.
    public var line: String {
        ok ? "\(label): ok (xrstudio \(version ?? "?"))" : "\(label): " + problems.joined(separator: "; ")
    }
}
