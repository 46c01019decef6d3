// AtomicFileError: why an atomic write failed, naming the file and the system's reason.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An `AtomicFile` write failed; the description names the target path, the step and strerror's text, e.g.
/// "out/frame_0001.png: cannot create temporary file out/.frame_0001.png.tmp-41-9f3a: Permission denied".
public struct AtomicFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file that was to be written.
    public let path: String
    /// The step that failed, in words.
    public let step: String
    /// The errno value the system returned (0: xrstudio's own refusal, no system reason).
    public let code: Int32

    public init(path: String, step: String, code: Int32) {
        self.path = path
        self.step = step
        self.code = code
    }

    /// strerror's text for `code`, e.g. "No space left on device".
    public var reason: String {
        String(cString: strerror(code))
    }

    /// The step of a write that found its target already there (overwrite not allowed).
    static let refusalStep = "refusing to replace an existing file (overwrite not allowed)"

    /// The target appeared (or was there) and was kept: another writer finished the same file first.
    public var refusedExisting: Bool { code == EEXIST && step == AtomicFileError.refusalStep }

    /// "PATH: STEP: REASON"; without the reason for a refusal of xrstudio's own (`code` 0).
    public var description: String {
        code == 0 ? "\(path): \(step)" : "\(path): \(step): \(reason)"
    }
}
