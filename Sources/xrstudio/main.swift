// xrstudio entry point: parse the command line, run one subcommand, map failures to exit codes 0/1/2.

import ArgumentParser
import FoundationEssentials
import RenderJobs
import SceneFormat

#if canImport(Glibc)
import Glibc
import SceneModel
#endif

/// Exit codes: 0 ok, 1 failure (bad input, failed output), 2 usage.
func runMain() -> Int32 {
    do {
        var command = try XRStudio.parseAsRoot()
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
        let message = XRStudio.fullMessage(for: error)
        printError(message)
        // Argument errors (ArgumentParser's EX_USAGE) are usage errors: exit 2.
        return code == .validationFailure ? 2 : (code.rawValue == 0 ? 1 : (code.rawValue == 64 ? 2 : code.rawValue))
    }
}

/// One line on stderr: "xrstudio: error: ..." (red only when stderr is a terminal and TERM is not dumb).
func printError(_ message: String) {
    let tty = isatty(2) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    let lines = message.split(separator: "\n", omittingEmptySubsequences: true)
    let first = lines.first.map(String.init) ?? message
    let body = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
    let label = tty ? "\u{1B}[31merror:\u{1B}[0m" : "error:"
    var text = "xrstudio: \(label) \(body)\n"
    for l in lines.dropFirst() { text += "\(l)\n" }
    _ = text.withCString { fputs($0, stderr) }
}

SceneFile.warn = SceneWarnings.write
MemoryBudget.bytes = MemoryBudgetArguments.defaultBytes
exit(runMain())
