// TakeRecoverCommand: `xrstudio take recover` — the take of a recording that was killed, from its journal.

#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import FoundationEssentials
import FrameOutput
import Geometry
import LiveTracking
import RenderJobs
import SceneModel
import TakeFormats

struct TakeRecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Write the take of a recording that was killed, from the journal it left (OUT.journal).",
        discussion: """
            'xrstudio record' appends every kept datagram to OUT.journal as it records and removes it once \
            the take is written. A recording killed before that (kill -9, out of memory, a crash, a power \
            cut) leaves the journal: this decodes its datagrams again with the recording's own options and \
            writes the take 'record' would have written from them, atomically, to OUT (the journal's name \
            without .journal) or --out, in the format the extension names. The last record a kill cut short \
            is left out and said. The journal is removed once the take is written, unless --keep-journal.
              xrstudio take recover take1.csv.journal
              xrstudio take recover take1.csv.journal --out take1.jsonl
            """)

    @Argument(help: ArgumentHelp("The journal a stopped recording left.", valueName: "JOURNAL"))
    var journal: String

    @Option(help: ArgumentHelp("The take file to write (.csv, .freed, .d1, .jsonl, .json); default: JOURNAL without .journal.",
                               valueName: "FILE"))
    var out: String?

    @Flag(help: "Replace an existing output file.")
    var overwrite = false

    @Flag(name: .customLong("keep-journal"), help: "Keep the journal after the take is written.")
    var keepJournal = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @OptionGroup var memory: MemoryBudgetArguments

    /// What `--json` prints.
    struct Report: Encodable {
        var journal: String
        var out: String
        var format: String
        var started: String
        var samples: Int
        var records: Int
        var undecodable: Int
        var leftOutOfLine: Int
        var cutShortBytes: Int
        /// Bytes of damage skipped between whole records.
        var damagedBytes: Int
        var journalRemoved: Bool
    }

    func run() throws {
        try memory.apply()
        guard let target = out ?? LiveJournal.takePath(for: journal) else {
            throw JobError.usage("\(journal): the journal's name does not end in .journal; say where the take goes with --out")
        }
        // The take written over its own journal, then the journal removed, left neither (a link to it is refused too).
        if LiveJournal.sameFile(target, journal) {
            throw JobError.usage("--out \(target) is the journal \(journal) itself: write the take to another file")
        }
        guard let format = TakeFileFormat(path: target) else {
            throw JobError.usage("\(target): cannot tell the format from the extension (.csv, .freed, .d1, .jsonl, .json)")
        }
        // A running recording's journal is its only copy: recovering it would remove it under the recorder. With
        // --keep-journal it is only read: the take holds what the journal had so far.
        let running = LiveJournal.isHeld(path: journal)
        if running && !keepJournal {
            throw JobError.input("\(journal): a recording is writing this journal now; stop it first (it writes its take "
                                 + "itself), or --keep-journal to write what it holds so far")
        }
        let recovered: LiveJournal.Recovered
        do {
            // As many samples as `record` holds under the same budget: a journal it wrote fits.
            recovered = try LiveJournal.read(path: journal, maxSamples: RecordCommand.maxSamples(budget: MemoryBudget.bytes))
        } catch {
            throw JobError.input("\(error)")
        }
        try preflightOutput(target, overwrite: overwrite, hint: ", or --out to write elsewhere")
        guard !recovered.samples.isEmpty else {
            var why = "\(journal): holds no samples"
            if recovered.isEmpty {
                // Nothing in it to keep (it would stop the next recording to that take): removed.
                why += " (the recording was stopped before any arrived)"
                if !keepJournal && unlink(journal) == 0 { why += "; removed it" }
            }
            if let first = recovered.firstUndecodable { why += "; \(recovered.undecodable) records do not decode: \(first)" }
            throw JobError.input(why + "; nothing written")
        }
        let (take, outOfLine) = LiveRecording.take(from: recovered.samples)
        let lens = FreeDCapture.LensEncoding(rawValue: recovered.header.freedLens) ?? .raw
        let bytes: [UInt8]
        do {
            bytes = try TakeJobs.encode(take, as: format, freedLens: lens)
        } catch {
            throw JobError.input("\(target): \(error) (a .csv holds every sample)")
        }
        do {
            try AtomicFile.write(bytes, to: target, overwrite: overwrite)
        } catch {
            throw JobError.input("\(error)")
        }
        // A journal with damage in it, or more left at its end than a kill cuts short, is kept: someone may want
        // to look at it (a journal with one flipped byte lost all the samples after it, and was then removed).
        let removed = !keepJournal && recovered.isSpent && unlink(journal) == 0
        let damagedBytes = recovered.damaged.reduce(0) { $0 + $1.bytes }
        if json {
            try printJSON(Report(journal: journal, out: target, format: format.rawValue, started: recovered.header.started,
                                 samples: take.count, records: recovered.records, undecodable: recovered.undecodable,
                                 leftOutOfLine: outOfLine, cutShortBytes: recovered.leftBytes, damagedBytes: damagedBytes,
                                 journalRemoved: removed))
            return
        }
        let source = recovered.header.format == LiveFormat.freed.rawValue ? "FreeD" : "OpenTrackIO"
        var text = "\(target) (\(format.rawValue)): \(take.count) samples recovered from \(journal) "
            + "(\(source), recording started \(visibleText(recovered.header.started)))"
        if outOfLine > 0 { text += ", \(outOfLine) left out (clock more than 60 s out of line with their neighbours)" }
        // As `record` said while recording: the same decoder leaves out the same implausible distortions.
        if let first = recovered.firstDistortionNote {
            text += ", \(recovered.distortionIgnored) with their lens distortion ignored (the first: \(first))"
        }
        print(text)
        if running { print("  a recording is still writing \(journal): the take is what it held so far") }
        if recovered.leftBytes > 0 {
            print("  the last \(recovered.leftBytes) bytes (from byte \(recovered.leftOffset)) are not a whole record "
                  + "(the stop cut it short, or damage): left out")
        }
        if !recovered.damaged.isEmpty {
            let first = recovered.damaged[0]
            print("  \(damagedBytes) damaged bytes in \(recovered.damaged.count) place\(recovered.damaged.count == 1 ? "" : "s") "
                  + "(the first at byte \(first.offset), \(first.bytes) bytes) were skipped; the records after them are in the take")
        }
        if let first = recovered.firstUndecodable {
            print("  \(recovered.undecodable) records do not decode and were left out; the first: \(first)")
        }
        if removed {
            print("  removed \(journal)")
        } else if !keepJournal {
            print("  kept \(journal): it has damage or more than a cut-short record left over")
        }
    }
}
