// YAMLSyntaxMessage: libyaml's syntax errors said in our words, at the line where the mistake is.

import Yams

/// Turns a Yams syntax error into a `SceneError` a scene author can act on.
///
/// libyaml reports where parsing gave up, often the end of the file or the line after the mistake ("did not find
/// expected ',' or ']'" at the next key, for a `[` never closed). Where the cause is an opening bracket or quote,
/// the error points at it; otherwise at libyaml's mark, with the structure that was being read.
enum YAMLSyntaxMessage {
    static func error(file: String, problem: String, context: (text: String, mark: Yams.Mark)?, mark: Yams.Mark,
                      yaml: String) -> SceneError {
        func at(_ line: Int, _ column: Int, _ message: String) -> SceneError {
            SceneError(file: file, line: line, column: column, message: message)
        }
        let here = (mark.line, mark.column)
        let opened = context.map { "\($0.mark.line):\($0.mark.column)" } ?? ""
        // An unclosed flow list or mapping: point at its opening bracket.
        if problem.hasPrefix("did not find expected ',' or ']'") || problem.hasPrefix("did not find expected ',' or '}'")
            || (problem == "did not find expected node content" && context?.text.contains("flow") == true) {
            if let (line, column, bracket) = unclosedBracket(in: yaml, before: here) {
                let closer = bracket == "[" ? "]" : "}"
                return at(line, column, "'\(bracket)' is never closed: expected ',' or '\(closer)' before line \(here.0), column \(here.1)")
            }
        }
        switch problem {
        case "found unexpected end of stream" where context?.text.contains("quoted scalar") == true:
            let c = context!.mark
            return at(c.line, c.column, "quoted text is never closed (its closing quote is missing)")
        case "mapping values are not allowed in this context":
            return at(here.0, here.1, "':' here starts a value where none may be: check the indentation, or quote text that contains ': '")
        case "did not find expected key":
            return at(here.0, here.1, "expected 'key: value' here, in the mapping that starts at line \(context?.mark.line ?? here.0): check the indentation")
        case "did not find expected '-' indicator":
            return at(here.0, here.1, "expected a list item '- ' here, in the list that starts at line \(context?.mark.line ?? here.0): check the indentation")
        case "block sequence entries are not allowed in this context":
            return at(here.0, here.1, "a list item '- ' may not start here: check the indentation")
        case "could not find expected ':'":
            let c = context?.mark ?? mark
            return at(c.line, c.column, "a key without ':' (a line in a mapping reads 'key: value')")
        case "found character that cannot start any token":
            return at(here.0, here.1, "a value may not start with this character: quote the text")
        case "found undefined alias", "found unknown anchor":
            return at(here.0, here.1, "an alias '*name' refers to no anchor '&name' above it")
        default:
            let where_ = opened.isEmpty ? "" : " (in the \(readable(context!.text)) from line \(context!.mark.line), column \(context!.mark.column))"
            return at(here.0, here.1, "YAML syntax: \(problem)\(where_)")
        }
    }

    /// "while parsing a flow sequence" -> "flow sequence".
    static func readable(_ context: String) -> String {
        for prefix in ["while parsing a ", "while parsing an ", "while scanning a ", "while scanning an "] where context.hasPrefix(prefix) {
            return String(context.dropFirst(prefix.count))
        }
        return context
    }

    /// The innermost `[` or `{` still open at `position` (1-based line, column), skipping quoted text and
    /// comments; nil when every bracket before it is closed.
    static func unclosedBracket(in yaml: String, before position: (Int, Int)) -> (Int, Int, Character)? {
        var stack: [(Int, Int, Character)] = []
        var line = 1, column = 0
        var quote: Character?
        var comment = false
        var previous: Character = "\n"
        for ch in yaml {
            column += 1
            if (line, column) >= position { break }
            defer { previous = ch }
            if ch == "\n" {
                line += 1
                column = 0
                comment = false
                continue
            }
            if comment { continue }
            if let q = quote {
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "\"", "'": if previous == " " || previous == "[" || previous == "{" || previous == "," || previous == ":" || previous == "\n" { quote = ch }
            case "#": if previous == " " || previous == "\n" { comment = true }
            case "[", "{": stack.append((line, column, ch))
            case "]", "}": if !stack.isEmpty { stack.removeLast() }
            default: break
            }
        }
        return stack.last
    }
}
