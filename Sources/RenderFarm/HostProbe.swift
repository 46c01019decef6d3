// HostProbe: the pre-flight of `farm run` as one shell line, run on all hosts at once (`parallel --nonall --tag`),
// and the reading of the hosts' tagged answers into `HostCheck`s. Both pure.

/// The probe's shell line and the reading of its answers.
public enum HostProbe {
    /// Every answer line starts with this word, then a check name, `ok` or `fail`, and a message.
    static let marker = "xrstudio-probe"

    /// One `sh` line: `xrstudio --version`; the scene readable and loadable (`xrstudio info`); the plan valid there
    /// (`xrstudio farm plan` with the same options: scene, take, frames); a file created and removed in the
    /// output folder (created when missing, as render would).
    public static func script(plan: FarmPlan) -> String {
        let x = ShellQuote.word(plan.request.executable)
        let s = ShellQuote.word(plan.request.scenePath)
        let o = ShellQuote.word(plan.request.outDirectory)
        let planArgs = ShellQuote.line(plan.planArguments)
        // flat: a message on one line (tagged output is read line by line).
        let flat = "tr '\\n\\t' '  ' | cut -c1-300"
        let say = "printf '\(marker) %s %s %s\\n'"
        return [
            "x=\(x); s=\(s); o=\(o)",
            "v=$(\"$x\" --version 2>&1); r=$?; v=$(printf '%s' \"$v\" | \(flat))",
            "if [ $r -eq 0 ]; then \(say) version ok \"$v\"; else \(say) version fail \"$v\"; fi",
            "if [ -r \"$s\" ]; then e=$(\"$x\" info \"$s\" 2>&1 >/dev/null); r=$?; else e=\"cannot read $s\"; r=1; fi",
            "if [ $r -eq 0 ]; then \(say) scene ok -; else \(say) scene fail \"$(printf '%s' \"$e\" | \(flat))\"; fi",
            "e=$(\"$x\" farm plan \(planArgs) 2>&1 >/dev/null); r=$?",
            "if [ $r -eq 0 ]; then \(say) plan ok -; else \(say) plan fail \"$(printf '%s' \"$e\" | \(flat))\"; fi",
            "t=\"$o/.xrstudio-probe-$$\"",
            "if mkdir -p \"$o\" 2>/dev/null && ( : > \"$t\" ) 2>/dev/null && rm -f \"$t\"; then \(say) out ok -; else \(say) out fail \"cannot create files in $o\"; fi",
        ].joined(separator: "; ")
    }

    /// Reads `parallel --nonall --tag` output (each line `LOGIN<TAB>text`, stdout and stderr merged) into one
    /// check per login. A host with no version answer was not reached; its other lines (ssh's complaint) say why.
    public static func parse(_ output: String, logins: [SSHLogin], expectedVersion: String) -> [HostCheck] {
        var answers: [String: [String: (ok: Bool, message: String)]] = [:]
        var other: [String: [String]] = [:]
        // Lines end in \n, or in \r where ssh ends its own complaint with one.
        let lines = output.unicodeScalars.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { String(String.UnicodeScalarView($0)) }
        var untagged: [String] = []  // parallel's own complaints (a login it cannot parse, a line too long)
        for line in lines {
            guard let tab = line.firstIndex(of: "\t") else {
                if !line.trimmingSpaces().isEmpty { untagged.append(line.trimmingSpaces()) }
                continue
            }
            let tag = String(line[..<tab]), text = String(line[line.index(after: tab)...])
            let words = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            if words.count >= 3, words[0] == marker, words[2] == "ok" || words[2] == "fail" {
                answers[tag, default: [:]][words[1]] = (words[2] == "ok", words.count > 3 ? words[3] : "")
            } else if !text.trimmingSpaces().isEmpty {
                other[tag, default: []].append(text.trimmingSpaces())
            }
        }
        return logins.map { login in
            var check = HostCheck(login: login.login, label: login.label, version: nil, problems: [])
            let a = answers[login.login] ?? [:]
            guard let version = a["version"] else {
                let why = other[login.login]?.first ?? untagged.first.map { "GNU parallel said: \($0)" }
                    ?? "no answer within \(ParallelCommand.probeSeconds) s"
                check.problems.append("not reached: \(why)")
                return check
            }
            var checks = [("scene", "cannot load the scene"), ("plan", "cannot plan the take"),
                          ("out", "cannot write the output folder")]
            if version.ok {
                check.version = version.message.trimmingSpaces()
                if check.version != expectedVersion {
                    check.problems.append("xrstudio \(check.version ?? "?"), expected \(expectedVersion)")
                }
            } else {
                // Without a working xrstudio the scene and plan checks only repeat that.
                check.problems.append("cannot run xrstudio: \(version.message.trimmingSpaces())")
                checks.removeFirst(2)
            }
            for (key, what) in checks {
                guard let r = a[key] else { check.problems.append("\(what): no answer"); continue }
                if !r.ok { check.problems.append("\(what): \(r.message.trimmingSpaces())") }
            }
            return check
        }
    }
}
