// StageImport: where a stage's imported screens came from, and what the import left out.

/// The record of a stage read from the playback system's own description (an nDisplay config), so `info` can say
/// what was imported and what was skipped.
public struct StageImport: Sendable, Equatable {
    /// The config file as the scene names it (resolved against the scene file's folder).
    public var file: String
    /// The format and version, for example "nDisplay 5.00 (.ndisplay)" or "nDisplay 4.23 (.cfg)".
    public var format: String
    /// The imported screens' names, in the config's order.
    public var screens: [String]
    /// One line per viewport or screen left out, with the reason (another projection policy, no viewport, ...).
    public var skipped: [String]

    public init(file: String, format: String, screens: [String], skipped: [String]) {
        self.file = file
        self.format = format
        self.screens = screens
        self.skipped = skipped
    }
}
