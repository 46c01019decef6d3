// SlurmScript: `xrstudio farm slurm`: a plan as a Slurm job-array batch script, one array task per chunk job
// (`#SBATCH --array=0-K`, SLURM_ARRAY_TASK_ID picks the command). Pure: text in, text out.

import FrameOutput

/// The `#SBATCH` settings a studio usually sets; nil leaves the cluster's default.
public struct SlurmOptions: Sendable, Equatable {
    /// Default: the plan's job name (`xrstudio-<take>`).
    public var jobName: String?
    public var partition: String?
    public var account: String?
    /// Wall-clock limit per array task: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS.
    public var time: String?
    /// Cores per task; also passed to the renders as `--threads` unless the plan sets threads.
    public var cpusPerTask: Int?
    /// Memory per node: a number with an optional K, M, G or T suffix.
    public var memory: String?
    /// At most this many array tasks at once (`--array=0-K%N`).
    public var maxRunning: Int?
    /// The folder for one log per task (`%x-%A_%a.out`); Slurm's default (slurm-%A_%a.out in the working folder)
    /// when nil. It must exist before the job starts.
    public var logDirectory: String?
    /// The tasks' working folder (`--chdir`), so relative paths in the commands resolve as they did here.
    public var workingDirectory: String

    public init(workingDirectory: String) { self.workingDirectory = workingDirectory }
}

public enum SlurmScript {
    /// The batch script. Throws a usage error naming the option for a value Slurm would reject or misread.
    public static func make(_ plan: FarmPlan, options o: SlurmOptions, version: String) throws -> String {
        let last = plan.jobs.count - 1
        guard plan.jobs.count <= FarmPlan.largestUsualArray else {
            throw FarmError.usage("--chunk \(plan.request.chunkSize): \(plan.jobs.count) jobs exceed Slurm's default MaxArraySize (\(FarmPlan.largestUsualArray)); use larger chunks")
        }
        let name = o.jobName ?? plan.jobName
        try checkWord(name, "--job-name")
        if let p = o.partition { try checkWord(p, "--partition", comma: true) }
        if let a = o.account { try checkWord(a, "--account") }
        if let t = o.time, !validTime(t) {
            throw FarmError.usage("--time '\(t)': expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS")
        }
        if let m = o.memory, !validMemory(m) {
            throw FarmError.usage("--mem '\(m)': expected a size such as 4096M or 8G")
        }
        // The cores become the renders' --threads (at most 64): a larger grant would write tasks that all fail.
        if let c = o.cpusPerTask, !(1...64).contains(c) {
            throw FarmError.usage("--cpus-per-task \(c): expected 1-64 (it is the renders' --threads; on larger nodes run several tasks a node)")
        }
        if let n = o.maxRunning, n < 1 { throw FarmError.usage("--max-running \(n): expected 1 or more") }
        for (flag, path) in [("--chdir", o.workingDirectory), ("--log-dir", o.logDirectory ?? "")] {
            guard !path.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else {
                throw FarmError.usage("\(flag): a line break cannot go into a batch script")
            }
            guard !path.contains("%") else { throw FarmError.usage("\(flag) '\(path)': '%' is a pattern character in Slurm paths") }
        }
        let p = o.cpusPerTask.map { plan.withThreads($0) } ?? plan

        var s = "#!/bin/bash\n"
        s += "#SBATCH --job-name=\(name)\n"
        s += "#SBATCH --array=0-\(last)\(o.maxRunning.map { "%\($0)" } ?? "")\n"
        s += "#SBATCH --ntasks=1\n"
        if let c = o.cpusPerTask { s += "#SBATCH --cpus-per-task=\(c)\n" }
        if let m = o.memory { s += "#SBATCH --mem=\(m)\n" }
        if let t = o.time { s += "#SBATCH --time=\(sbatchValue(t))\n" }
        if let part = o.partition { s += "#SBATCH --partition=\(sbatchValue(part))\n" }
        if let a = o.account { s += "#SBATCH --account=\(sbatchValue(a))\n" }
        s += "#SBATCH --chdir=\(sbatchValue(o.workingDirectory))\n"
        if let dir = o.logDirectory {
            s += "#SBATCH --output=\(sbatchValue(joinPath(dir, "%x-%A_%a.out")))\n"
        }
        s += "#\n"
        s += "# Written by xrstudio \(version) (`xrstudio farm slurm`): take '\(plan.takeName)' of \(plan.request.scenePath)\n"
        s += "# into \(plan.outDirectory(for: nil)): \(p.summary).\n"
        s += "# Array task i renders job i; every command keeps finished frames (--skip-existing), so a requeued or\n"
        s += "# resubmitted task only renders what is missing.\n"
        s += "#   submit:  sbatch THIS_FILE       retry one task:  sbatch --array=I THIS_FILE\n"
        s += "#   check:   xrstudio farm verify \(ShellQuote.line(plan.planArguments))\n"
        s += "set -eu\n"
        s += "task=\"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch: each array task renders one chunk}\"\n"
        s += "case \"$task\" in\n"
        for job in p.jobs {
            let view = job.view.map { ", view \($0.rawValue)" } ?? ""
            s += "  \(job.index)) # frames \(job.chunk.rangeText)\(view)\n"
            s += "    exec \(job.command) ;;\n"
        }
        s += "  *) echo \"xrstudio farm: no chunk for array task $task (this script has 0-\(last))\" >&2; exit 2 ;;\n"
        s += "esac\n"
        return s
    }

    /// Slurm time limits: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`, all digits.
    static func validTime(_ t: String) -> Bool {
        let digits = { (s: Substring) in !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
        let dayParts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard dayParts.count <= 2 else { return false }
        if dayParts.count == 2 {
            guard digits(dayParts[0]) else { return false }
            let hms = dayParts[1].split(separator: ":", omittingEmptySubsequences: false)
            return (1...3).contains(hms.count) && hms.allSatisfy(digits)
        }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        return (1...3).contains(parts.count) && parts.allSatisfy(digits)
    }

    /// `4096`, `4096M`, `8G`, `1T`, `512K`.
    static func validMemory(_ m: String) -> Bool {
        var body = Substring(m)
        if let last = body.last, "KMGTkmgt".contains(last) { body = body.dropLast() }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func checkWord(_ w: String, _ flag: String, comma: Bool = false) throws {
        let ok = !w.isEmpty && w.allSatisfy { c in
            FarmPlan.isTokenCharacter(c) || (comma && c == ",")
        }
        guard ok else {
            throw FarmError.usage("\(flag) '\(w)': use letters, digits, '.', '_' and '-'\(comma ? " (',' between names)" : "")")
        }
    }

    /// A value as an `#SBATCH` line must hold it: sbatch splits the line's words at spaces and ends it at an
    /// unquoted `#`, so a path with either (`/shows/农场 输出`, `#2`) goes in double quotes, `"` and `\` escaped
    /// with a backslash (sbatch's own rules, `_get_argument`); a plain value stays as it is.
    static func sbatchValue(_ value: String) -> String {
        guard value.contains(where: { " \t#\"'\\".contains($0) }) else { return value }
        var out = "\""
        for ch in value {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out + "\""
    }
}
