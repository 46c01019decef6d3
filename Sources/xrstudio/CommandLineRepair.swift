// CommandLineRepair: the argument list before ArgumentParser sees it: negative numbers and other dash-led values
// kept as values, and a did-you-mean for a misspelt subcommand or option.

import ArgumentParser
import SceneFormat
import SceneModel

/// What ArgumentParser gets wrong for a new user, fixed before parsing.
///
/// ArgumentParser reads `--camera -3,1,2` as the option `--camera` followed by the short flags `-3,1,2` ("Missing
/// value"), and reports a missing `--out` before a misspelt `--outt`. Here each option that takes a value and is
/// followed by a token that reads as a number (`-3`, `-0.5`, `-1e3`, `-3,1,2`) is joined as `--camera=-3,1,2`, for
/// every option of every command; and a word that is neither a known subcommand nor a known option is refused
/// first, with the nearest known name.
enum CommandLineRepair {
    struct Known {
        /// Option names (`--out`, `-h`) that take a value.
        var valued: Set<String> = []
        /// Flag names (no value), with `--no-x` forms spelt out.
        var flags: Set<String> = []
        /// The subcommands of the command, by name.
        var subcommands: [String: ParsableCommand.Type] = [:]
        var all: [String] { Array(valued) + Array(flags) }
    }

    /// The option table of `command` (a subcommand of `XRStudio`), read from its help screen so it always
    /// matches the declarations.
    static func known(_ command: ParsableCommand.Type) -> Known {
        var k = Known()
        for sub in command.configuration.subcommands { k.subcommands[sub._commandName] = sub }
        let help = command == XRStudio.self ? XRStudio.helpMessage(columns: 10_000)
            : XRStudio.helpMessage(for: command, includeHidden: true, columns: 10_000)
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(":") && !line.hasPrefix(" ") { inOptions = line == "OPTIONS:"; continue }
            guard inOptions, line.hasPrefix("  -") else { continue }
            // "  -h, --help   Show ..." / "  --camera <X,Y,Z>   ..." / "  --set-extension/--no-set-extension   ..."
            let spec = line.drop { $0 == " " }.split(separator: " ", omittingEmptySubsequences: false)
            var i = 0
            var names: [String] = []
            while i < spec.count, spec[i].hasPrefix("-") {
                // An inversion flag is printed "--x/--no-x" (or "--[no-]x" by other ArgumentParser versions).
                let word = spec[i].hasSuffix(",") ? spec[i].dropLast() : spec[i]
                names += word.split(separator: "/").map(String.init)
                i += 1
            }
            let takesValue = i < spec.count && spec[i].hasPrefix("<")
            for n in names {
                if n.hasPrefix("--[no-]") {
                    let base = n.dropFirst(7)
                    k.flags.insert("--\(base)")
                    k.flags.insert("--no-\(base)")
                } else if takesValue {
                    k.valued.insert(n)
                } else {
                    k.flags.insert(n)
                }
            }
        }
        return k
    }

    /// A token that starts like a negative number (a minus, then a digit, or a point and a digit): a value, not a
    /// flag (no option or flag name starts so). Besides numbers and lists (`-3`, `-1e3`, `-3,1,2`) this passes on
    /// values that are wrong in their own way (`--size -5x10`, `--frames -3--1`) so their option says what is
    /// wrong, instead of "Missing value".
    static func isNegativeNumber(_ s: String) -> Bool {
        let c = Array(s.utf8.prefix(3))
        guard c.count >= 2, c[0] == UInt8(ascii: "-") else { return false }
        func digit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        return digit(c[1]) || (c[1] == UInt8(ascii: ".") && c.count == 3 && digit(c[2]))
    }

    /// `arguments` (without the program name) ready for `parseAsRoot`, or a usage error naming the first unknown
    /// subcommand or option with the nearest known one.
    static func repair(_ arguments: [String]) throws -> [String] {
        var command: ParsableCommand.Type = XRStudio.self
        var known = self.known(command)
        var out: [String] = []
        var path = ["xrstudio"]  // the command as typed so far, for "see '... --help'"
        var i = 0
        var sawPositional = false
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if a == "--" {
                out.append(contentsOf: arguments[(i - 1)...])
                break
            }
            if a == "help" && !sawPositional && !known.subcommands.isEmpty {
                // `help SUB [SUB]`: each word a subcommand of the one before (an unknown one printed the top help, exit 0).
                var c: ParsableCommand.Type = command
                for w in arguments[i...] where !w.hasPrefix("-") {
                    let subs = self.known(c).subcommands
                    guard let sub = subs[w] else {
                        throw JobError.usage("unknown command '\(w)'" + hint(w, among: Array(subs.keys).sorted()))
                    }
                    c = sub
                }
                out.append(contentsOf: arguments[(i - 1)...])
                break
            }
            if !a.hasPrefix("-") || isNegativeNumber(a) {
                if !sawPositional, let sub = known.subcommands[a] {
                    command = sub
                    known = self.known(sub)
                    path.append(a)
                } else if !sawPositional && !known.subcommands.isEmpty && a != "help" {
                    throw JobError.usage("unknown command '\(a)'" + hint(a, among: Array(known.subcommands.keys).sorted()))
                } else {
                    sawPositional = true
                }
                out.append(a)
                continue
            }
            let name = a.hasPrefix("--") ? String(a.split(separator: "=", maxSplits: 1)[0]) : a
            if a.hasPrefix("--") && !known.valued.contains(name) && !known.flags.contains(name)
                && name != "--help" && name != "--version" && name != "--experimental-dump-help" {
                let near = hint(name, among: known.all.filter { $0.hasPrefix("--") }.sorted())
                // With no near name, where to find the real ones.
                throw JobError.usage("unknown option '\(name)'" + (near.isEmpty ? " (see '\(path.joined(separator: " ")) --help')" : near))
            }
            // A value that starts with a dash: a negative number, or a one-dash word that is no option of this
            // command (a take named `-dolly`, an `--out -renders` folder), is the option's value, joined as
            // `--opt=VALUE`.
            if a.hasPrefix("--"), known.valued.contains(name), !a.contains("="), i < arguments.count,
               isNegativeNumber(arguments[i]) || isDashValue(arguments[i], known) {
                out.append("\(a)=\(arguments[i])")
                i += 1
                continue
            }
            if known.valued.contains(name), !a.contains("="), i < arguments.count {
                // The option's value, whatever it looks like, is not a subcommand or positional argument.
                out.append(a)
                out.append(arguments[i])
                i += 1
                continue
            }
            out.append(a)
        }
        return out
    }

    /// A token that starts with one dash and names no option or flag of the command (`-dolly`, `-`): taken as a
    /// value after an option that needs one. A known name (`-h`) is not, and nothing that starts with `--` is: that
    /// is an option, perhaps misspelt (`--out --overwrit` must say "did you mean", not write a folder named so); a
    /// value that starts so goes as `--opt=--value`.
    static func isDashValue(_ s: String, _ known: Known) -> Bool {
        guard s.hasPrefix("-"), !s.hasPrefix("--") else { return false }
        return !known.valued.contains(s) && !known.flags.contains(s) && s != "-h"
    }

    static func hint(_ word: String, among names: [String]) -> String {
        DidYouMean.suggestion(for: word, among: names).map { "; did you mean '\($0)'?" } ?? ""
    }
}
