// SSHLogin: the hosts of a farm run, as GNU parallel's sshloginfile and --sshlogin spell them.

import RenderJobs
import SceneModel

/// One host GNU parallel logs in to: `host`, `user@host`, `4/host`, `ssh -p 2222 host`, `@group/2/host` or `:`
/// (this computer, no ssh).
public struct SSHLogin: Sendable, Equatable, Codable {
    /// As written in the file or list.
    public var text: String
    /// Without host groups and CPU count: what parallel writes in the joblog's Host column and its `--tag` prefix.
    public var login: String
    /// The `ncpus/` prefix, when given.
    public var cpus: Int?

    /// Parses one entry. Throws for an empty entry or a malformed prefix.
    public init(_ text: String) throws {
        self.text = text
        var rest = Substring(text.trimmingSpaces())
        guard !rest.isEmpty else { throw FarmError.usage("sshlogin: an empty entry") }
        // [@hostgroups/]: parallel's optional host groups.
        if rest.hasPrefix("@") {
            guard let slash = rest.firstIndex(of: "/") else {
                throw FarmError.usage("sshlogin '\(text)': a host group (@group/) without a host")
            }
            rest = rest[rest.index(after: slash)...]
        }
        // [ncpus/]: digits then a slash. `//usr/bin/myssh …` is a CPU count left out before an absolute program.
        if let slash = rest.firstIndex(of: "/") {
            let head = rest[..<slash]
            if !head.isEmpty && head.allSatisfy({ $0.isASCII && $0.isNumber }) {
                guard let n = Int(head), n >= 1 else { throw FarmError.usage("sshlogin '\(text)': the CPU count must be 1 or more") }
                cpus = n
                rest = rest[rest.index(after: slash)...]
            } else if head.isEmpty && rest.hasPrefix("//") {
                rest = rest.dropFirst()
            }
        }
        guard !rest.isEmpty else { throw FarmError.usage("sshlogin '\(text)': no host after the prefix") }
        login = String(rest)
    }

    /// Whether this is `:`, the computer running parallel.
    public var isLocal: Bool { login == ":" }

    /// A short name for progress lines: `user@host:port` from `ssh -p PORT user@host`, `local` for `:`.
    public var label: String {
        if isLocal { return "local" }
        let words = login.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count > 1, let host = words.last else { return login }
        var port: String?
        var i = 1
        while i < words.count - 1 {
            if words[i] == "-p", i + 1 < words.count - 1 { port = words[i + 1]; i += 2; continue }
            if words[i].hasPrefix("-p"), words[i].count > 2 { port = String(words[i].dropFirst(2)) }
            i += 1
        }
        return port.map { "\(host):\($0)" } ?? host
    }

    /// The entries of an sshloginfile: one per line; blank lines and `#` comments skipped; duplicates refused.
    public static func parseFile(_ contents: String, name: String) throws -> [SSHLogin] {
        var logins: [SSHLogin] = []
        let lines = contents.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }  // "\r\n": one Character
        for (n, raw) in lines.enumerated() {
            let line = String(raw).trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let login: SSHLogin
            do { login = try SSHLogin(line) } catch let e as JobError {
                throw FarmError.usage("\(name):\(n + 1): \(e.message)")
            }
            if let other = logins.first(where: { $0.login == login.login }) {
                throw FarmError.usage("\(name):\(n + 1): '\(login.login)' is listed twice (also as '\(other.text)')")
            }
            logins.append(login)
        }
        guard !logins.isEmpty else { throw FarmError.usage("\(name): no hosts (one sshlogin per line)") }
        return logins
    }

    /// `--sshlogin LIST`: entries separated by commas (parallel's `\,` and `,,` stand for a literal comma).
    public static func parseList(_ text: String) throws -> [SSHLogin] {
        var entries: [String] = [], current = ""
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if c == "\\", chars.first == "," { current.append(","); chars = chars.dropFirst(); continue }
            if c == ",", chars.first == "," { current.append(","); chars = chars.dropFirst(); continue }
            if c == "," { entries.append(current); current = ""; continue }
            current.append(c)
        }
        entries.append(current)
        var logins: [SSHLogin] = []
        for e in entries {
            guard !e.trimmingSpaces().isEmpty else { throw FarmError.usage("--sshlogin '\(text)': an empty entry") }
            let login: SSHLogin
            do { login = try SSHLogin(e) } catch let e as JobError { throw FarmError.usage("--sshlogin: \(e.message)") }
            guard !logins.contains(where: { $0.login == login.login }) else {
                throw FarmError.usage("--sshlogin: '\(login.login)' is listed twice")
            }
            logins.append(login)
        }
        return logins
    }

    /// The entry as an sshloginfile line for GNU parallel, which splits on commas unless they are doubled.
    public var fileLine: String {
        var out = ""
        for c in text.trimmingSpaces() { out += c == "," ? ",," : String(c) }
        return out
    }
}
