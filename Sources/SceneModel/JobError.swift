// JobError: failures of a render job, split the way the command line reports them (usage vs input).

/// A failure the command line turns into one stderr line and an exit code.
public struct JobError: Error, CustomStringConvertible {
    public enum Kind: Sendable { case usage, input }
    public let kind: Kind
    public let message: String
    public var description: String { message }

    public static func usage(_ m: String) -> JobError { JobError(kind: .usage, message: m) }
    public static func input(_ m: String) -> JobError { JobError(kind: .input, message: m) }

    /// 2 for usage errors, 1 for bad input or failed output.
    public var exitCode: Int32 { kind == .usage ? 2 : 1 }
}
