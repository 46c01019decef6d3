// xrstudio entry point: parse the command line, run one subcommand, map failures to exit codes 0/1/2.

import ArgumentParser
import FoundationEssentials
import FrameOutput
import Geometry
import RenderJobs
import SceneFormat

#if canImport(Glibc)
import Glibc
import SceneModel
#endif

/// Exit codes: 0 ok, 1 failure (bad input, failed output), 2 usage.
func runMain() -> Int32 {
    do {
        var command = try XRStudio.parseAsRoot(try CommandLineRepair.repair(Array(CommandLine.arguments.dropFirst())))
        try command.run()
        return 0
    } catch let e as ExitCode {
        // A command that reported its own outcome (e.g. `diff` finding differences) and sets the status.
        return e.rawValue
    } catch let e as JobError {
        printError(e.message)
        return e.exitCode
    } catch {
        let code = XRStudio.exitCode(for: error)
        if code == .success {
            print(XRStudio.fullMessage(for: error))
            return 0
        }
        if let m = FileErrorMessage.message(for: error) {
            printError(m)
            return 1
        }
        let message = XRStudio.fullMessage(for: error)
        // Argument errors (ArgumentParser's EX_USAGE) are usage errors: exit 2.
        let usage = code == .validationFailure || code.rawValue == 64
        printError(usage ? oneLineUsage(message) : message, oneLine: usage)
        return usage ? 2 : (code.rawValue == 0 ? 1 : code.rawValue)
    }
}

/// One line on stderr: "xrstudio: error: ..." (red only when stderr is a terminal and TERM is not dumb).
/// `oneLine`: xrstudio's own messages are one line by design, so a line break in them came from a name (a file
/// called `a\nb.csv`) and is shown as `\x0A`; ArgumentParser's own messages keep their lines.
func printError(_ message: String, oneLine: Bool = true) {
    let tty = StandardError.redrawsLines && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    let message = oneLine ? message.replacingOccurrences(of: "\n", with: "\\x0A") : message
    let lines = message.split(separator: "\n", omittingEmptySubsequences: true)
    let first = lines.first.map(String.init) ?? message
    let body = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
    let label = tty ? "\u{1B}[31merror:\u{1B}[0m" : "error:"
    // A located diagnostic (`FILE:LINE:COLUMN: error: message`) already says what and where: no second prefix.
    // The message's own control characters (ESC included: a file or take name could hold a terminal command) are
    // shown as \xNN; only the label's colour is sent as escape codes.
    var text: String
    if let r = located(body) {
        text = "\(visible(String(body[..<r.lowerBound])))\(label) \(visible(String(body[r.upperBound...])))\n"
    } else {
        text = "xrstudio: \(label) \(visible(body))\n"
    }
    for l in lines.dropFirst() { text += "\(visible(String(l)))\n" }
    _ = text.withCString { fputs($0, stderr) }
}

/// Control characters a file put into a message, as `\xNN` (`visibleText`).
func visible(_ text: String) -> String { visibleText(text) }

/// ArgumentParser's usage message (the error, then "Help:", "Usage:" and "See 'xrstudio SUB --help' for more
/// information." lines) as one line: the error and where to look ("... (see 'xrstudio render --help')").
func oneLineUsage(_ message: String) -> String {
    let lines = message.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard let first = lines.first else { return message }
    let trimmed = lines.map { $0.drop { $0 == " " } }
    guard let see = trimmed.last(where: { $0.hasPrefix("See '") }), let close = see.dropFirst(5).firstIndex(of: "'") else {
        return first
    }
    return first + " (see '" + see[see.index(see.startIndex, offsetBy: 5)..<close] + "')"
}

/// Where "error: " sits in `FILE:LINE[:COLUMN]: error: message`, or nil when the message is not located.
func located(_ message: String) -> Range<String.Index>? {
    guard let r = message.range(of: ": error: ") else { return nil }
    let parts = message[..<r.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count >= 2, let last = parts.last, Int(last) != nil else { return nil }
    return message.index(r.lowerBound, offsetBy: 2)..<r.upperBound
}

/// Flushes stdout: a report that could not be written (a full disk, `> /dev/full`) is a failure, exit 1, not a
/// silent success. Every command writes stdout through the C stream, so this one check covers them all.
func finishStandardOutput(_ code: Int32) -> Int32 {
    errno = 0
    if fflush(stdout) == 0 && ferror(stdout) == 0 { return code }
    // The reason recorded when a write failed (progress lines flush as they go); else this flush's; else EIO (a
    // closed stdout fails its writes with EBADF itself: `holdClosedStandardDescriptors`).
    let code0 = StandardOutput.failure != 0 ? StandardOutput.failure : errno != 0 ? errno : EIO
    let reason = String(cString: strerror(code0))
    printError("cannot write to standard output: \(reason.lowercased())")
    return code == 0 ? 1 : code
}

/// Keeps big frame buffers in the heap between frames. glibc serves allocations above its mmap threshold (at most
/// 32 MB when it adapts it itself) with fresh mappings and unmaps them on free, so every 4K frame's images and depth
/// planes (33-44 MB each) came back as zero pages, faulted in one 4 KB page at a time: about 30,000 page faults a 4K
/// in-camera frame. With the threshold at 256 MB (an 8K RGBA image is 133 MB) and trimming off, freed buffers are
/// reused. The price: memory a run has freed stays with the process until it exits, and arrays that grow by copying
/// leave their old buffers resident (`take info` of a 3-million-row CSV take: peak 581 -> 628 MB). The memory budget
/// still bounds what a frame or a file may take.
/// (`mallopt` is looked up at run time: Swift's Glibc module leaves out malloc.h; M_TRIM_THRESHOLD is -1 and
/// M_MMAP_THRESHOLD -3 in glibc's ABI. Without glibc's `mallopt` nothing changes.)
func keepFrameBuffersInTheHeap() {
    #if canImport(Glibc)
    typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
    guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
    let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
    _ = mallopt(-3, 256 << 20)  // M_MMAP_THRESHOLD: 256 MB (setting it also stops glibc adapting it)
    _ = mallopt(-1, Int32.max)  // M_TRIM_THRESHOLD: never give the top of the heap back
    #endif
}

/// Standard input, output or error closed by the caller (`>&-`) are held by /dev/null opened read-only, so that no
/// file the run opens takes their numbers (a scene opened as descriptor 1 received the report, and the failure read
/// "invalid argument"): a write to a closed stdout then fails as it should, with EBADF.
func holdClosedStandardDescriptors() {
    #if canImport(Glibc)
    for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
        let held = open("/dev/null", O_RDONLY)
        if held >= 0 && held != fd { _ = dup2(held, fd); close(held) }
    }
    #endif
}

holdClosedStandardDescriptors()
keepFrameBuffersInTheHeap()
SceneFile.warn = SceneWarnings.write
MemoryBudget.bytes = MemoryBudgetArguments.defaultBytes
exit(finishStandardOutput(runMain()))
