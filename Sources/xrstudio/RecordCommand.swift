// RecordCommand: `xrstudio record` — record a live FreeD or OpenTrackIO stream to a take file.

import Geometry
import ArgumentParser
import FoundationEssentials
import FrameOutput
import LiveTracking
import RenderJobs
import TakeFormats
import Takes

#if canImport(Glibc)
import Glibc
import SceneModel
#endif

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a live FreeD or OpenTrackIO stream to a take file.",
        discussion: """
            Listens on HOST:PORT (IPv4 UDP; 0.0.0.0 for every interface; a multicast group such as 239.1.2.3 \
            is joined on every interface) until --duration elapses or Ctrl-C \
            (SIGINT/SIGTERM), printing the packet rate and rejected packets as it goes, then writes the take \
            atomically in the format OUT's extension names (.csv, .freed, .d1, .jsonl, .json). Bad datagrams \
            (checksum, length, type, NaN or absurd values) are counted and skipped. FreeD samples are timed \
            by arrival (seconds from the first sample); OpenTrackIO samples keep their timecode.
              xrstudio record --freed 0.0.0.0:40000 --out take1.csv --duration 60
            A closed SSH session or terminal (SIGHUP) stops the recording like Ctrl-C and writes the take. \
            While it records, every kept datagram is also appended to OUT.journal (written every 100 ms, \
            synced every second), which is removed once the take is written: if the recording is killed \
            (kill -9, out of memory, a crash, a power cut), 'xrstudio take recover OUT.journal' writes the \
            take from it. A recording does not start while OUT.journal exists.
            Exit codes: 0 after --duration, 130 after Ctrl-C, SIGTERM or SIGHUP (the file is complete), \
            1 failure, 2 usage.
            """)

    @Flag(help: "Receive FreeD D1 (one 29-byte packet per datagram).")
    var freed = false

    @Flag(help: "Receive OpenTrackIO (16-byte header, Fletcher-16, JSON payload).")
    var opentrackio = false

    @Argument(help: ArgumentHelp("Address and port to listen on, e.g. 0.0.0.0:40000.", valueName: "HOST:PORT"))
    var address: String

    @Option(help: ArgumentHelp("The take file to write (.csv, .freed, .d1, .jsonl, .json).", valueName: "FILE"))
    var out: String

    @Option(help: ArgumentHelp("Stop after this many seconds (default: until Ctrl-C).", valueName: "S"))
    var duration: Double?

    @Option(name: .customLong("camera-id"),
            help: ArgumentHelp("Keep only samples from this camera (FreeD camera id, OpenTrackIO sourceNumber).", valueName: "N"))
    var cameraID: Int?

    @Flag(help: "Replace an existing output file.")
    var overwrite = false

    @Option(name: .customLong("freed-lens"),
            help: ArgumentHelp("What FreeD zoom/focus hold, received and written: raw (encoder counts) or mm (zoom = focal mm×100, focus = mm×10).",
                               valueName: "MODE"))
    var freedLens = "raw"

    @OptionGroup var memory: MemoryBudgetArguments

    func run() throws {
        guard freed != opentrackio else { throw JobError.usage("record: give exactly one of --freed and --opentrackio") }
        try memory.apply()
        guard let endpoint = UDPEndpoint(parsing: address) else {
            throw JobError.usage("\(address): expected HOST:PORT with an IPv4 HOST (or localhost) and PORT 0-65535")
        }
        guard let format = TakeFileFormat(path: out) else {
            throw JobError.usage("\(out): cannot tell the format from the extension (.csv, .freed, .d1, .jsonl, .json)")
        }
        if let d = duration, !(d.isFinite && d > 0) { throw JobError.usage("--duration \(d): expected seconds > 0") }
        if let id = cameraID, id < 0 { throw JobError.usage("--camera-id \(id): expected 0 or more") }
        // Before listening: a recording cannot be made again, so its file must be writable when it ends, and a journal
        // of one that was killed is the only copy of its take.
        let journal = LiveJournal.path(for: out)
        // A recording into the same file running now (its journal is its only copy until it stops); a stopped one's
        // journal that holds nothing (removed, and said); one with samples (recovered first); a file there that is no
        // journal at all (not this tool's to remove, nor a recording's samples). Looked at under the journal's lock.
        switch LiveJournal.examine(path: journal) {
        case .none:
            break
        case .removedEmpty:
            noticeOnStderr("removed \(journal): a stopped recording's journal that holds no samples")
        case .running:
            throw JobError.input("\(journal): a recording to \(out) is running (it holds this journal); record to another "
                                 + "file, or stop that one first")
        case .notJournal(let why):
            throw JobError.input("\(why); a recording to \(out) keeps its journal there: move that file away to record")
        case .holdsSamples:
            throw JobError.input("\(journal): a recording to \(out) was stopped before its take was written, and this "
                                 + "journal holds its samples: recover them with 'xrstudio take recover \(journal)' "
                                 + "(or remove the journal to record again)")
        }
        try preflightOutput(out, overwrite: overwrite)

        guard let lensEncoding = FreeDCapture.LensEncoding(name: freedLens) else {
            throw JobError.usage("--freed-lens \(freedLens): expected raw or mm")
        }
        if freed { fputs("warning: FreeD carries no timecode: samples are timed by arrival from 0\n", stderr) }
        let receiver = LiveReceiver(.init(format: freed ? .freed : .openTrackIO, endpoint: endpoint, cameraID: cameraID,
                                          freedLens: lensEncoding))
        let hold: LiveJournal.Hold
        do {
            hold = try receiver.journal(to: journal, header: LiveJournal.Header(
                format: freed ? .freed : .openTrackIO, freedLens: lensEncoding, out: out))
        } catch {
            throw JobError.input("\(error)")
        }
        if !hold.locked {
            fputs("warning: \(journal) cannot be locked (a filesystem without locks): a second recording to \(out) "
                  + "will not be noticed\n", stderr)
        }
        do {
            try receiver.start()
        } catch {
            hold.removeJournal(at: journal)  // nothing recorded
            throw JobError.input("\(error)")
        }
        // What a recording killed while writing (kill -9, a second Ctrl-C) left in the folder.
        if let removed = AtomicFile.removeStaleTemporariesNotice(in: AtomicFile.folder(of: out)) { noticeOnStderr(removed) }
        // Installed until the take is written: a signal while it is encoded or written only marks the run as
        // interrupted (exit 130); a second one kills at once.
        StopSignal.install()
        defer { StopSignal.uninstall() }
        let tty = StandardError.redrawsLines
        let started = monotonicSeconds()
        var samples: [LiveSample] = []
        var lastStatus = started
        let statusEvery = tty ? 0.5 : 5.0
        status("listening on \(endpoint.host):\(receiver.boundPort) (\(freed ? "FreeD" : "OpenTrackIO")) -> \(out)", tty: tty, final: true)
        // The samples are held until the end (a flood of 200,000 packets a second grew by 160 MB a second): the
        // recording stops where the memory budget would be passed, and says so once the take is written.
        let maxSamples = RecordCommand.maxSamples(budget: MemoryBudget.bytes)
        var full = false
        var journalWarned = false
        while StopSignal.received == nil {
            let now = monotonicSeconds()
            if let d = duration, now - started >= d { break }
            receiver.drain(into: &samples)
            if samples.count >= maxSamples { full = true; break }
            if now - lastStatus >= statusEvery {
                lastStatus = now
                let stats = receiver.stats()
                if let why = stats.journalFailure, !journalWarned {
                    journalWarned = true
                    status("warning: \(journal) stopped being written (\(why)): the samples since are only in memory "
                           + "until the take is written", tty: tty, final: true)
                }
                status("\(formatFixed(now - started, 1)) s  \(stats.line)", tty: tty, final: false)
            }
            usleep(20_000)
        }
        receiver.stop()
        receiver.drain(into: &samples)
        let stats = receiver.stats()
        status("\(formatFixed(monotonicSeconds() - started, 1)) s  \(stats.line)", tty: tty, final: true)

        let (take, outOfLine) = LiveRecording.take(from: samples)
        // A take of no samples is one no reader accepts ("no usable samples"): say the tracker sent nothing usable.
        guard take.count > 0 else {
            hold.removeJournal(at: journal)
            throw JobError.input("\(out): no samples arrived (\(stats.received) datagrams, \(stats.rejected) rejected"
                                 + (stats.filtered > 0 ? ", \(stats.filtered) filtered by camera id" : "") + "): nothing written")
        }
        // The journal stays where the take is not written (it may be whole when the rescue copy is not).
        let kept = stats.journalFailure == nil && RecordCommand.exists(journal)
            ? "; the journal \(journal) is kept ('xrstudio take recover \(journal) --out FILE' writes the take from it)" : ""
        let bytes: [UInt8]
        do {
            bytes = try TakeJobs.encode(take, as: format, freedLens: lensEncoding)
        } catch {
            // The samples cannot be said in the asked format (FreeD raw lens counts from a source in millimetres):
            // they are kept as CSV, which holds every sample.
            throw JobError.input("\(out): \(error)" + RecordCommand.rescue(TakeCSV.write(take), count: take.count, ext: "csv")
                                 + kept)
        }
        do {
            try AtomicFile.write(bytes, to: out, overwrite: overwrite)
        } catch {
            // The folder passed the check before listening but fails now (a full disk, a removed folder).
            throw JobError.input("\(error)" + RecordCommand.rescue(bytes, count: take.count, ext: format.rawValue) + kept)
        }
        hold.removeJournal(at: journal)  // the take is written: its journal has done its work
        var summary = "\(out) (\(format.rawValue)): \(take.count) samples, \(stats.rejected) rejected, \(stats.dropped) dropped"
        if stats.kernelDropped > 0 {
            summary += " (and \(stats.kernelDropped) the kernel dropped before they were read: the sender outran the reader)"
        }
        if stats.filtered > 0 { summary += ", \(stats.filtered) filtered by camera id" }
        if let why = stats.journalFailure { summary += " (the journal stopped being written: \(why))" }
        if outOfLine > 0 { summary += ", \(outOfLine) left out (their clock out of line with the take's by over 60 s)" }
        if stats.distortionIgnored > 0 { summary += ", \(stats.distortionIgnored) with their lens distortion ignored" }
        summary += ", \(stats.received) datagrams"
        print(summary)
        // A real gap in the tracker's clock (more than a few samples either side) is kept: said, as its readers
        // refuse it without --allow-gaps. A span over a day comes last in `check`'s list and is said first: no flag
        // reads that one, so --allow-gaps is not offered for it.
        if let fault = TakeTimes.check(take.samples.map(\.time), limit: 1).last {
            switch fault {
            case let .outOfLine(_, _, step, _):
                fputs("warning: \(out): its clock jumps \(formatFixed(step, 2)) s (the tracker's timecode restarted?): "
                      + "`take info` and the renders need --allow-gaps to read it\n", stderr)
            case let .tooLong(_, _, span):
                fputs("warning: \(out): its clocks span \(formatFixed(span, 0)) s, more than a day: no command reads it "
                      + "(the samples came on several clocks: keep one clock's rows to use it)\n", stderr)
            }
        }
        let listed = stats.firstRejects.prefix(5)
        for r in listed { print("  rejected: \(r)") }
        if stats.rejected > listed.count { print("  … \(stats.rejected - listed.count) more rejected") }
        for n in stats.firstNotes.prefix(5) { print("  ignored: \(n)") }
        if StopSignal.received != nil { throw ExitCode(130) }
        if full {
            throw JobError.input("the recording stopped early at \(samples.count) samples, what the memory budget of "
                                 + "\(MemoryBudget.format(MemoryBudget.bytes)) holds (--memory-budget raises it); they were written")
        }
    }

    /// The most samples a recording holds under `budget` bytes: each costs its own storage, its copy in the take
    /// and the encoded file's bytes, and the array's growth; about four strides in all.
    static func maxSamples(budget: Int) -> Int {
        max(1000, budget / (4 * MemoryLayout<LiveSample>.stride))
    }

    /// A recording that could not be written as asked goes to `$TMPDIR/xrstudio-record-PID.EXT` rather than being
    /// lost; the sentence to add to the error ("; the 50 samples were saved to ..."), or "" when that fails too.
    static func rescue(_ bytes: [UInt8], count: Int, ext: String) -> String {
        let path = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/xrstudio-record-\(getpid()).\(ext)"
        guard (try? AtomicFile.write(bytes, to: path, overwrite: false)) != nil else { return "" }
        return "; the \(count) samples were saved to \(path)"
    }

    /// Whether something (a file, a dangling link) is at `path`.
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The live line on stderr: rewritten in place on a terminal, one line per call otherwise.
    private func status(_ text: String, tty: Bool, final: Bool) {
        let line = tty ? "\r\u{1B}[K" + text + (final ? "\n" : "") : text + "\n"
        _ = line.withCString { fputs($0, stderr) }
        fflush(stderr)
    }
}
