// SceneError: a problem in a scene file, located by line and column: `FILE:LINE:COLUMN: error: message`.

/// A located scene-file error (YAML syntax, unknown key, wrong type, value out of range, missing file).
public struct SceneError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}
