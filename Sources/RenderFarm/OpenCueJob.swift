// OpenCueJob: `xrstudio farm opencue`: a plan as an OpenCue job: a PyOutline script (Shell layers) or a job
// spec XML (cjsl DTD) for cuebot. One layer per view; OpenCue cuts the layer's frame range into chunks itself and
// puts each chunk's first and last frame in place of #FRAME_START# and #FRAME_END#. Pure: text in, text out.

import Geometry

/// The job's identity and resources on the cue.
public struct OpenCueOptions: Sendable, Equatable {
    /// The show the job belongs to (it must exist on the cuebot).
    public var show: String
    /// Default: the take's name.
    public var shot: String?
    public var user: String
    /// Default: the plan's job name (`xrstudio-<take>`); cuebot prefixes show-shot-user_.
    public var jobName: String?
    /// The layer's service (PyOutline's default: shell).
    public var service: String?
    /// Cores per frame (a chunk); also passed to the renders as `--threads` unless the plan sets threads.
    public var cores: Int?
    /// Memory per frame, e.g. 4g.
    public var memory: String?
    /// Retries of a failed chunk (job-level `maxretries`, XML only; PyOutline takes it at launch).
    public var maxRetries: Int?

    public init(show: String, user: String) { self.show = show; self.user = user }
}

public enum OpenCueJob {
    /// The tokens cuebot replaces in a layer's command for each chunk it dispatches.
    public static let frameStartToken = "#FRAME_START#", frameEndToken = "#FRAME_END#"
    /// The job spec DTD version written (`cjsl-1.13.dtd`, served by cuebot under /spcue/dtd/).
    public static let specVersion = "1.13"

    /// OpenCue's frame-range syntax for the plan's frames: `0-349`, `0-348x2` (every 2nd), `7`.
    public static func frameRange(_ frames: [Int], every: Int) throws -> String {
        guard let first = frames.first, let last = frames.last else { throw FarmError.input("no frames to render") }
        guard first >= 0 else { throw FarmError.input("frame \(first): OpenCue frame ranges start at 0 or later") }
        guard frames == Array(stride(from: first, through: last, by: every)) else {
            throw FarmError.input("the take's frames \(first)-\(last) are not evenly spaced by \(every): OpenCue needs one frame range")
        }
        if first == last { return "\(first)" }
        return every == 1 ? "\(first)-\(last)" : "\(first)-\(last)x\(every)"
    }

    /// One layer per view (`render`, or `render_<view>`): its name and its command with the chunk tokens.
    public static func layers(_ plan: FarmPlan) -> [(name: String, command: String)] {
        let views: [FarmView?] = plan.request.views.isEmpty ? [nil] : plan.request.views.map { $0 }
        return views.map { v in
            (v.map { "render_" + FarmPlan.asciiToken($0.folder) } ?? "render",
             ShellQuote.line(plan.renderArguments(view: v, frames: "\(frameStartToken)-\(frameEndToken)")))
        }
    }

    /// A PyOutline script that builds the job and launches it (`python3 FILE` where pyoutline is installed).
    public static func outline(_ plan: FarmPlan, options o: OpenCueOptions, version: String) throws -> String {
        let (p, range, name, shot) = try prepare(plan, o)
        var s = "#!/usr/bin/env python3\n"
        s += "# OpenCue job written by xrstudio \(version) (`xrstudio farm opencue`): take '\(p.takeName)' of\n"
        s += "# \(p.request.scenePath) into \(p.outDirectory(for: nil)): \(p.summary).\n"
        s += "# OpenCue runs each layer's frame range in chunks of \(p.request.chunkSize) frames: one task per chunk, with\n"
        s += "# #FRAME_START# and #FRAME_END# replaced by the chunk's first and last frame. Finished frames are kept\n"
        s += "# (--skip-existing), so a retried task only renders what is missing.\n"
        s += "#   submit:  python3 THIS_FILE   (with OpenCue's pyoutline installed and the cuebot configured)\n"
        s += "#   check:   xrstudio farm verify \(ShellQuote.line(plan.planArguments))\n\n"
        s += "import outline\nimport outline.cuerun\nimport outline.modules.shell\n\n"
        s += "job = outline.Outline(\(py(name)), show=\(py(o.show)), shot=\(py(shot)), user=\(py(o.user)))\n"
        for layer in layers(p) {
            s += "job.add_layer(outline.modules.shell.Shell(\n"
            s += "    \(py(layer.name)),\n"
            s += "    type=\"Render\",\n"
            s += "    command=[\(py(layer.command))],\n"
            s += "    range=\(py(range)),\n"
            s += "    chunk=\(p.request.chunkSize),\n"
            if let service = o.service { s += "    service=\(py(service)),\n" }
            if let cores = o.cores { s += "    cores=\(cores),\n    overrideCores=True,\n" }
            if let memory = o.memory { s += "    memory=\(py(memory)),\n" }
            s += "))\n"
        }
        // use_pycuerun=False: cuebot runs the command as written, with its frame tokens replaced.
        s += "\nif __name__ == \"__main__\":\n"
        s += "    outline.cuerun.launch(job, use_pycuerun=False\(o.maxRetries.map { ", maxretries=\($0)" } ?? ""))\n"
        return s
    }

    /// The job spec XML cuebot accepts (`opencue.api.launchSpec`, or CueSubmit's spec upload).
    public static func spec(_ plan: FarmPlan, options o: OpenCueOptions, version: String) throws -> String {
        let (p, range, name, shot) = try prepare(plan, o)
        var s = "<?xml version=\"1.0\"?>\n"
        s += "<!DOCTYPE spec PUBLIC \"SPI Cue Specification Language\" \"http://localhost:8080/spcue/dtd/cjsl-\(specVersion).dtd\">\n"
        s += "<!-- " + comment("Written by xrstudio \(version) (xrstudio farm opencue): take '\(p.takeName)', \(p.summary).") + " -->\n"
        s += "<spec>\n"
        s += "  <show>\(xml(o.show))</show>\n  <shot>\(xml(shot))</shot>\n  <user>\(xml(o.user))</user>\n"
        s += "  <job name=\"\(xml(name))\">\n"
        s += "    <paused>False</paused>\n"
        if let r = o.maxRetries { s += "    <maxretries>\(r)</maxretries>\n" }
        s += "    <layers>\n"
        for layer in layers(p) {
            s += "      <layer name=\"\(xml(layer.name))\" type=\"Render\">\n"
            s += "        <cmd>\(xml(layer.command))</cmd>\n"
            s += "        <range>\(range)</range>\n"
            s += "        <chunk>\(p.request.chunkSize)</chunk>\n"
            if let cores = o.cores { s += "        <cores>\(cores)</cores>\n" }
            if let memory = o.memory { s += "        <memory>\(xml(memory))</memory>\n" }
            s += "        <services>\n          <service>\(xml(o.service ?? "shell"))</service>\n        </services>\n"
            s += "      </layer>\n"
        }
        s += "    </layers>\n  </job>\n  <depends/>\n</spec>\n"
        return s
    }

    /// Checks the options and derives what both formats need.
    static func prepare(_ plan: FarmPlan, _ o: OpenCueOptions) throws
        -> (plan: FarmPlan, range: String, name: String, shot: String) {
        let shot = o.shot ?? plan.takeToken
        let name = o.jobName ?? plan.jobName
        for (flag, value) in [("--show", o.show), ("--shot", shot), ("--user", o.user), ("--job-name", name)] {
            guard !value.isEmpty, value.allSatisfy(FarmPlan.isTokenCharacter) else {
                throw FarmError.usage("\(flag) '\(value)': use letters, digits, '.', '_' and '-' (an OpenCue name)")
            }
        }
        if let service = o.service {
            guard !service.isEmpty, service.allSatisfy(FarmPlan.isTokenCharacter) else {
                throw FarmError.usage("--service '\(service)': use letters, digits, '.', '_' and '-'")
            }
        }
        // The cores become the renders' --threads (at most 64): a larger grant would write tasks that all fail.
        if let c = o.cores, !(1...64).contains(c) {
            throw FarmError.usage("--cores \(c): expected 1-64 (it is the renders' --threads; on larger hosts run several frames a host)")
        }
        if let m = o.memory, !SlurmScript.validMemory(m) { throw FarmError.usage("--memory '\(m)': expected a size such as 4g or 4096m") }
        if let r = o.maxRetries, !(0...100).contains(r) { throw FarmError.usage("--max-retries \(r): expected 0-100") }
        let p = o.cores.map { plan.withThreads($0) } ?? plan
        return (p, try frameRange(plan.frames, every: plan.request.every), name, shot)
    }

    /// A Python string literal (double quotes; backslash, quote and control characters escaped).
    static func py(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let h = String(u.value, radix: 16)
                    out += "\\x" + (h.count < 2 ? "0" : "") + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Text for an XML comment: no `--` (XML forbids it there), no markup.
    static func comment(_ s: String) -> String {
        var out = xml(s)
        while out.contains("--") { out = out.replacing("--", with: "- -") }
        return out.hasSuffix("-") ? out + " " : out
    }

    /// Text for XML content and attribute values.
    static func xml(_ s: String) -> String { xmlEscaped(s) }
}
