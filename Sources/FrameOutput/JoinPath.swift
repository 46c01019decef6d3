// JoinPath: a file's path in a folder, as every writer and reader of output folders builds it.

/// `name` in folder `dir`, with one slash between them whether `dir` ends in one or not ("out/" and "out" give
/// "out/frame.png").
public func joinPath(_ dir: String, _ name: String) -> String { dir.hasSuffix("/") ? dir + name : dir + "/" + name }
