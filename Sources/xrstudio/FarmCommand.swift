// FarmCommand: `xrstudio farm plan|run|verify|slurm|opencue` — long renders split into frame-range chunks for
// GNU parallel over SSH, Slurm job arrays and OpenCue (flags here; the work is in RenderFarm).

import ArgumentParser
import Foundation
import FrameOutput
import RenderFarm
import RenderJobs
import SceneImaging
import SceneModel

struct FarmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "farm",
        abstract: "Split a take's render into chunks for render farms: GNU parallel over SSH, Slurm, OpenCue.",
        discussion: """
            Every chunk is one `xrstudio render SCENE --take T --out DIR --frames A-B --skip-existing --quiet`: \
            renders are deterministic and write each frame atomically, so chunks can run on any host, in any \
            order, be retried or overlap, and the frames are bit-identical to a one-machine render.
              xrstudio farm plan Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                --chunk 50 --out shot
              xrstudio farm run Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                --chunk 50 --out /shared/shot --hosts hosts.txt
            Docs/render-farm.md has the details for each scheduler.
            """,
        subcommands: [Plan.self, Run.self, Verify.self, Slurm.self, OpenCue.self])

    /// What to render and how to cut it (shared by every farm subcommand).
    struct PlanOptions: ParsableArguments {
        @Argument(help: "The scene file (.yaml, .yml).")
        var scene: String

        @Option(help: ArgumentHelp("The take: its name in the scene, or a take file.", valueName: "TAKE"))
        var take: String

        @Option(help: ArgumentHelp("Frames per chunk (one scheduler task each).", valueName: "N"))
        var chunk: Int

        @Option(help: ArgumentHelp("The output folder (shared by all hosts); views go to DIR/<view>.", valueName: "DIR"))
        var out: String

        @Option(help: ArgumentHelp("One job per chunk per view: camera, virtual, wall, plan, witness (comma-separated) or all. Default: render's default view. With a take set (--take SET), camera and virtual mean each camera's, in folders camera-NAME and virtual-NAME as render --view all writes them; camera:NAME or virtual:NAME picks one camera (a name with commas is taken whole: camera:A, left).", valueName: "LIST"))
        var views: String?

        @Option(help: ArgumentHelp("Only frames numbered A to B.", valueName: "A-B"))
        var frames: String?

        @Option(help: ArgumentHelp("Every Nth frame.", valueName: "N"))
        var every: Int = 1

        @Option(help: ArgumentHelp("Frame size (default: the scene's).", valueName: "WxH"))
        var size: String?

        @Option(help: ArgumentHelp("File names, printf style.", valueName: "NAME"))
        var pattern: String = SequenceRequest.defaultPattern

        @Option(help: ArgumentHelp("Render threads per chunk (default: all cores of the host).", valueName: "N"))
        var threads: Int?

        @Option(help: ArgumentHelp("Encoder threads per chunk.", valueName: "N"))
        var encoders: Int?

        @Flag(name: .customLong("burn-in"), help: "Stamp timecode, frame, camera, lens and take into each frame.")
        var burnIn = false

        @Option(help: ArgumentHelp("Smooth tracker jitter over N samples on each side.", valueName: "N"))
        var smooth: Int = 0

        @OptionGroup var memory: MemoryBudgetArguments

        @Flag(name: .customLong("allow-gaps"), help: "Keep a take whose clock jumps far out of line with its other samples (see render --help).")
        var allowGaps = false

        @Option(name: .customLong("png-compression"), help: ArgumentHelp("fast (default), default or best.", valueName: "LEVEL"))
        var pngCompression: String?

        @Option(name: .customLong("frame-format"), help: ArgumentHelp("png (default) or exr: the frames' file format, render's --format (named apart from farm opencue's --format, its job file's).", valueName: "FORMAT"))
        var frameFormat: String?

        @Option(name: .customLong("exr-compression"), help: ArgumentHelp("zip (default) or piz, with --frame-format exr.", valueName: "KIND"))
        var exrCompression: String?

        @Option(help: ArgumentHelp("EXR layers in each frame: virtual, P, alpha (see render --help).", valueName: "LIST"))
        var aov: [String] = []

        @Option(name: .customLong("xrstudio"), help: ArgumentHelp("The xrstudio the chunk commands run (a bare name is looked up on the hosts' PATH).", valueName: "PATH"))
        var executable: String = "xrstudio"

        func request() throws -> FarmPlanRequest {
            try memory.apply()
            var r = FarmPlanRequest(scenePath: scene, take: take, outDirectory: out, chunkSize: chunk)
            r.views = try views.map(FarmView.parseList) ?? []
            r.frames = try frames.map(parseFrameRange)
            r.every = every
            r.size = try size.map { try parseSize($0) }
            r.pattern = pattern
            r.threads = threads
            r.encoders = encoders
            r.burnIn = burnIn
            r.smoothing = smooth
            r.allowGaps = allowGaps
            r.memoryBudget = memory.memoryBudget
            r.pngCompression = pngCompression
            r.format = frameFormat?.lowercased()
            r.exrCompression = exrCompression?.lowercased()
            r.aovs = aov
            try Self.checkLayers(aov, views: r.views)
            r.executable = executable
            return r
        }

        /// The `--aov` layers against the views, as `render` checks them before it renders: every chunk of a plan
        /// that passed would fail (an unknown layer, a wall view with layers, alpha on the camera view alone).
        static func checkLayers(_ names: [String], views: [FarmView]) throws {
            let layers = try FrameAOV.parse(names)
            guard !layers.isEmpty else { return }
            for v in views.isEmpty ? [FarmView.Kind.virtual] : views.map(\.kind) {
                guard let view = XRView(name: v.rawValue) else { continue }
                try FrameAOV.check(layers, view: view)
            }
        }
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try enc.encode(value), as: UTF8.self))
    }

    static func note(_ s: String) {
        _ = (s + "\n").withCString { fputs($0, stderr) }
    }

    /// Writes a generated file atomically (mode 0755 for scripts; an existing file only with `overwrite`), or prints
    /// it when no path is given.
    static func emit(_ text: String, to path: String?, executable: Bool, overwrite: Bool) throws {
        guard let path else { print(text, terminator: ""); return }
        do {
            try AtomicFile.write(Array(text.utf8), to: path, overwrite: overwrite, mode: executable ? 0o755 : 0o644)
        } catch let e as AtomicFileError where e.refusedExisting {
            throw JobError.input("\(path): already exists (pass --overwrite to replace it)")
        } catch {
            throw JobError.input("\(error)")
        }
        note("wrote \(path)")
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one render command per chunk (and view), one per line: input for any scheduler.",
            discussion: """
                Paths are printed as given: run the commands from this folder, or pass absolute paths. With \
                --json, one object: scene, take, out, chunk, every, views, size, pattern, frames, first, last, \
                chunks and jobs (index, chunk, view, first, last, frames, out, command, argv).
                  xrstudio farm plan Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                    --chunk 50 --out shot | parallel
                """)

        @OptionGroup var plan: PlanOptions

        @Flag(help: "Print the plan as one JSON object instead of commands.")
        var json = false

        func run() throws {
            let p = try FarmPlan.load(try plan.request())
            if json { try FarmCommand.printJSON(p) } else { for c in p.commands { print(c) } }
            FarmCommand.note("farm: \(p.summary)")
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render the chunks on SSH hosts with GNU parallel, watch them, then check every frame.",
            discussion: """
                First every host is checked at once: it must run the same xrstudio version as this one (--xrstudio \
                names the program there), load the scene and plan the take, and create files in --out. Then GNU \
                parallel runs the chunk commands (--jobs per host, --retries attempts each, on another host after \
                a failure), logging each finished job to the joblog (default DIR/.farm/joblog.tsv; the jobs' output \
                goes to DIR/.farm/parallel.log). Progress (frames on disk, frames/s, ETA, jobs, per-host rates) \
                is a bar on a terminal, a line every 5 s otherwise. At the end every frame must exist, decode and \
                have the plan's size. --resume reruns only the failed and unfinished jobs of the joblog. \
                Hosts see the paths as this machine does: scene, take file and --out are made absolute, so they must \
                be on a file system every host mounts at the same path.
                  xrstudio farm run SCENE --take T --chunk 50 --out /shared/shot \\
                    --hosts hosts.txt
                  xrstudio farm run SCENE --take T --chunk 50 --out /shared/shot \\
                    --sshlogin "2/render1,2/render2"
                Exit codes: 0 every frame rendered and checked, 1 a host, a job or a frame failed, 2 bad usage.
                """)

        @OptionGroup var plan: PlanOptions

        @Option(help: ArgumentHelp("GNU parallel sshloginfile: one host per line (host, user@host, N/host, ssh -p PORT host, :).", valueName: "FILE"))
        var hosts: String?

        @Option(help: ArgumentHelp("Hosts as a comma-separated list, in the same forms.", valueName: "LIST"))
        var sshlogin: String?

        @Option(help: ArgumentHelp("Chunks at once on each host.", valueName: "N"))
        var jobs: Int = 1

        @Option(help: ArgumentHelp("Attempts per chunk (parallel --retries).", valueName: "N"))
        var retries: Int = 3

        @Option(help: ArgumentHelp("GNU parallel's joblog (default DIR/.farm/joblog.tsv).", valueName: "FILE"))
        var joblog: String?

        @Flag(help: "Run only the jobs the joblog does not show as done (failed or never run).")
        var resume = false

        @Option(help: ArgumentHelp("The ssh command for hosts whose sshlogin names none (parallel --ssh).", valueName: "CMD"))
        var ssh: String?

        @Option(help: ArgumentHelp("Progress on stderr: bar (default on a terminal) or plain.", valueName: "MODE"))
        var progress: String?

        @Flag(help: "No progress or host lines on stderr.")
        var quiet = false

        @Flag(help: "Print the final report as one JSON object.")
        var json = false

        func run() throws {
            var mode = FarmProgressDisplay.Mode.automatic
            if let progress {
                guard let m = FarmProgressDisplay.Mode(rawValue: progress), m != .quiet else {
                    throw JobError.usage("--progress must be bar or plain, got '\(progress)'")
                }
                mode = m
            }
            if quiet { mode = .quiet }
            var r = FarmRunRequest(plan: try plan.request(), version: XRStudioVersion.string, progress: mode)
            r.hostsFile = hosts
            r.sshLogins = sshlogin
            r.jobsPerHost = jobs
            r.retries = retries
            r.joblog = joblog
            r.resume = resume
            r.ssh = ssh
            let report = try FarmRun.run(r)
            if json {
                try FarmCommand.printJSON(report)
            } else {
                for line in report.summaryLines { print(line) }
            }
            if let failure = report.failure {
                if report.interrupted {
                    printError(failure)
                    throw ExitCode(130)
                }
                throw JobError.input(failure)
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that every frame of a plan exists, decodes and has the plan's size.",
            discussion: """
                For renders a scheduler ran (Slurm, OpenCue, a plan piped to parallel): the same options as the plan. \
                Lists missing and bad frames, then a summary. Exit codes: 0 all good, 1 frames missing or bad.
                  xrstudio farm verify Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                    --chunk 50 --out /shared/shot
                """)

        @OptionGroup var plan: PlanOptions

        @Flag(help: "Print the report as one JSON object.")
        var json = false

        func run() throws {
            let report = FarmVerify.run(try FarmPlan.load(try plan.request()))
            if json {
                try FarmCommand.printJSON(report)
            } else {
                for m in report.missing { print("missing \(m)") }
                for b in report.bad { print("bad \(b.file): \(b.error)") }
                for t in report.temporaries { print("leftover \(t)") }
                print(report.summary)
            }
            if !report.ok { throw ExitCode(1) }
        }
    }

    struct Slurm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a Slurm job-array script: array task i renders chunk job i.",
            discussion: """
                Paths in the commands are made absolute, and --chdir is this folder. Submit with `sbatch FILE`; \
                retry one task with `sbatch --array=I FILE`. --cpus-per-task also becomes the renders' --threads.
                  xrstudio farm slurm SCENE --take T --chunk 50 --out /shared/shot \\
                    --partition render --time 1:00:00 --script shot.sbatch
                """)

        @OptionGroup var plan: PlanOptions

        @Option(help: ArgumentHelp("Write the script here (mode 755) instead of printing it.", valueName: "FILE"))
        var script: String?

        @Flag(help: "Replace the --script file if it exists (without it, an existing file is kept and the command fails).")
        var overwrite = false

        @Option(name: .customLong("job-name"), help: ArgumentHelp("Slurm job name (default xrstudio-<take>).", valueName: "NAME"))
        var jobName: String?

        @Option(help: ArgumentHelp("#SBATCH --partition.", valueName: "NAME"))
        var partition: String?

        @Option(help: ArgumentHelp("#SBATCH --account.", valueName: "NAME"))
        var account: String?

        @Option(help: ArgumentHelp("#SBATCH --time per task: minutes, HH:MM:SS or D-HH:MM:SS.", valueName: "LIMIT"))
        var time: String?

        @Option(name: .customLong("cpus-per-task"), help: ArgumentHelp("#SBATCH --cpus-per-task, 1-64: also the renders' --threads.", valueName: "N"))
        var cpusPerTask: Int?

        @Option(help: ArgumentHelp("#SBATCH --mem, e.g. 8G.", valueName: "SIZE"))
        var mem: String?

        @Option(name: .customLong("max-running"), help: ArgumentHelp("At most N array tasks at once (--array=0-K%N).", valueName: "N"))
        var maxRunning: Int?

        @Option(name: .customLong("log-dir"), help: ArgumentHelp("One log per task here (created now); default: Slurm's slurm-%A_%a.out.", valueName: "DIR"))
        var logDir: String?

        func run() throws {
            let cwd = FileManager.default.currentDirectoryPath
            let p = try FarmPlan.loadAbsolute(try plan.request(), cwd: cwd)
            var o = SlurmOptions(workingDirectory: cwd)
            o.jobName = jobName; o.partition = partition; o.account = account; o.time = time
            o.cpusPerTask = cpusPerTask; o.memory = mem; o.maxRunning = maxRunning
            o.logDirectory = logDir.map { FarmPlan.absolute($0, cwd) }
            let text = try SlurmScript.make(p, options: o, version: XRStudioVersion.string)
            if let dir = o.logDirectory {
                do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw JobError.input(FileErrorMessage.message(for: error).map { "\(dir): cannot create the log folder (\($0))" }
                                         ?? "\(dir): cannot create the log folder")
                }
            }
            try FarmCommand.emit(text, to: script, executable: true, overwrite: overwrite)
            FarmCommand.note("farm: \(p.summary); submit with: sbatch \(script.map { ShellQuote.line([$0]) } ?? "FILE")")
        }
    }

    struct OpenCue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "opencue",
            abstract: "Write an OpenCue job: a PyOutline script (default) or a job spec XML.",
            discussion: """
                One layer per view; OpenCue splits the layer's frame range into --chunk sized tasks and fills in \
                #FRAME_START# and #FRAME_END#. Paths in the commands are made absolute.
                  xrstudio farm opencue SCENE --take T --chunk 50 --out /shared/shot \\
                    --show myshow --output shot.outline.py
                  python3 shot.outline.py
                The script needs pyoutline installed and cuebot configured. For opencue.api.launchSpec, write \
                a job spec instead:
                  xrstudio farm opencue ... --format xml --output shot.xml
                """)

        @OptionGroup var plan: PlanOptions

        @Option(help: ArgumentHelp("outline (a PyOutline Python script) or xml (a cjsl job spec).", valueName: "FORMAT"))
        var format: String = "outline"

        @Option(help: ArgumentHelp("Write the job here instead of printing it.", valueName: "FILE"))
        var output: String?

        @Flag(help: "Replace the --output file if it exists (without it, an existing file is kept and the command fails).")
        var overwrite = false

        @Option(help: ArgumentHelp("The OpenCue show (required; it must exist on the cuebot).", valueName: "NAME"))
        var show: String?

        @Option(help: ArgumentHelp("The shot (default: the take's name).", valueName: "NAME"))
        var shot: String?

        @Option(help: ArgumentHelp("The user (default: $USER).", valueName: "NAME"))
        var user: String?

        @Option(name: .customLong("job-name"), help: ArgumentHelp("Job name (default xrstudio-<take>).", valueName: "NAME"))
        var jobName: String?

        @Option(help: ArgumentHelp("Layer service (default shell).", valueName: "NAME"))
        var service: String?

        @Option(help: ArgumentHelp("Cores per task, 1-64: also the renders' --threads.", valueName: "N"))
        var cores: Int?

        @Option(help: ArgumentHelp("Memory per task, e.g. 4g.", valueName: "SIZE"))
        var memory: String?

        @Option(name: .customLong("max-retries"), help: ArgumentHelp("Retries of a failed task.", valueName: "N"))
        var maxRetries: Int?

        func run() throws {
            guard format == "outline" || format == "xml" else {
                throw JobError.usage("--format must be outline or xml, got '\(format)'")
            }
            guard let show else { throw JobError.usage("--show: the OpenCue show to submit to is required") }
            let env = ProcessInfo.processInfo.environment
            let cwd = FileManager.default.currentDirectoryPath
            let p = try FarmPlan.loadAbsolute(try plan.request(), cwd: cwd)
            var o = OpenCueOptions(show: show, user: user ?? env["USER"] ?? env["LOGNAME"] ?? "xrstudio")
            o.shot = shot; o.jobName = jobName; o.service = service; o.cores = cores; o.memory = memory
            o.maxRetries = maxRetries
            let text = format == "xml" ? try OpenCueJob.spec(p, options: o, version: XRStudioVersion.string)
                : try OpenCueJob.outline(p, options: o, version: XRStudioVersion.string)
            try FarmCommand.emit(text, to: output, executable: format == "outline", overwrite: overwrite)
            FarmCommand.note("farm: \(p.summary)")
        }
    }
}
