// CommandLineEditor: the `:` line being typed — text, backspace, Enter to run, Esc to close.

/// The command line while it is open.
struct CommandLineEditor {
    /// The text typed so far (nil: closed; keys are commands).
    private(set) var text: String?
    /// Unicode scalars in `text`, kept as keys arrive (counting them per key was quadratic in a pasted flood).
    private var scalars = 0

    enum Outcome: Equatable {
        /// Still typing (or a key it ignores).
        case editing
        /// Closed without running (Esc, or backspace on an empty line).
        case closed
        /// Enter: the parsed command, or the message saying what is wrong with the text.
        case run(ViewerCommand)
        case invalid(String)
    }

    var isOpen: Bool { text != nil }

    /// The longest line, in Unicode scalars.
    static let maxScalars = 4096

    mutating func open() {
        text = ""
        scalars = 0
    }

    /// One key while open.
    mutating func key(_ key: KeyInput) -> Outcome {
        guard var line = text else { return .closed }
        switch key {
        case .character("\u{1B}"):
            text = nil
            return .closed
        case .character("\n"), .character("\r"), .code(CursesKey.enter):
            text = nil
            switch ViewerCommand.parse(line) {
            case .failure(let e): return .invalid(e.message)
            case .success(let c): return .run(c)
            }
        case .character("\u{7F}"), .character("\u{08}"), .code(CursesKey.backspace):
            if line.isEmpty {
                text = nil
                return .closed
            }
            let removed = line.removeLast()
            scalars -= removed.unicodeScalars.count
            text = line
            return .editing
        // Long enough for any camera, mark or file name a scene holds (a pasted flood stops here).
        case .character(let c) where c.value >= 32 && scalars < CommandLineEditor.maxScalars:
            line.unicodeScalars.append(c)
            scalars += 1
            text = line
            return .editing
        default:
            return .editing
        }
    }
}
