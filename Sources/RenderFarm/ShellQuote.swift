// ShellQuote: words and command lines quoted for a POSIX shell, so a chunk command survives ssh, sbatch and RQD.

/// Quotes arguments for `sh`: plain words stay as they are, anything else goes in single quotes.
public enum ShellQuote {
    /// Characters that never need quoting in a word (no glob, expansion, separator, tilde or comment character).
    static let plain: Set<Character> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=@%+,")

    /// One argument as the shell must see it: `dolly push-in` → `'dolly push-in'`, `it's` → `'it'\''s'`.
    public static func word(_ s: String) -> String {
        if !s.isEmpty && s.allSatisfy({ plain.contains($0) }) { return s }
        var out = "'"
        for c in s {
            if c == "'" { out += "'\\''" } else { out.append(c) }
        }
        return out + "'"
    }

    /// A whole command line: each argument quoted, separated by one space.
    public static func line(_ argv: [String]) -> String {
        argv.map(word).joined(separator: " ")
    }
}
