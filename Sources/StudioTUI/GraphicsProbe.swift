// GraphicsProbe: asks the terminal, before curses starts, whether it shows kitty graphics or sixel — a query fenced
// by DA1 (which every terminal answers), read in raw mode with a deadline, so it never hangs, not even over SSH.

import TerminalBlit

#if canImport(Glibc)
    import Glibc
#endif

/// `--graphics`: how the viewport may show real pixels.
public enum GraphicsChoice: String, CaseIterable, Sendable {
    /// Probe when the session is local; never over SSH (COLORTERM and friends do not cross it, and a slow link pays
    /// for every image).
    case auto
    case kitty, sixel
    /// Cells only.
    case off
}

enum GraphicsProbe {
    /// The protocol to use for `choice` in this environment: forced choices as given; `auto` probes the terminal on
    /// stdin/stdout (local sessions only) and prefers kitty.
    static func decide(_ choice: GraphicsChoice, environment: [String: String]) -> PixelProtocol? {
        switch choice {
        case .off: return nil
        case .kitty: return .kitty
        case .sixel: return .sixel
        case .auto:
            if environment["SSH_CONNECTION"] != nil || environment["SSH_TTY"] != nil { return nil }
            if (environment["TERM"] ?? "dumb") == "dumb" { return nil }
            guard let found = probe(deadlineMilliseconds: 500) else { return nil }
            return found.contains(.kitty) ? .kitty : found.contains(.sixel) ? .sixel : nil
        }
    }

    /// Writes the query and reads the reply until DA1's answer or the deadline, in raw mode; the terminal's modes
    /// are restored before returning. nil when stdin is not a terminal or nothing complete came back.
    static func probe(deadlineMilliseconds: Int) -> Set<PixelProtocol>? {
        exchange(PixelGraphics.probeQuery, deadlineMilliseconds: deadlineMilliseconds, parse: PixelGraphics.parseProbeReply)
    }

    /// Writes `query` (which ends with DA1, so every terminal answers) and reads until `parse` makes sense of the
    /// reply or the deadline passes, in raw mode; the terminal's modes are restored before returning (also when
    /// curses owns them). nil when stdin is not a terminal or nothing complete came back.
    static func exchange<T>(_ query: [UInt8], deadlineMilliseconds: Int, parse: ([UInt8]) -> T?) -> T? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        defer { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        _ = query.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        var reply = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 256)
        var waited = 0
        while waited < deadlineMilliseconds {
            var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, 20)
            waited += 20
            guard ready > 0 else { continue }
            let n = read(STDIN_FILENO, &buffer, buffer.count)
            if n <= 0 { continue }
            reply += buffer[0..<n]
            if let found = parse(reply) { return found }
        }
        return nil
    }
}
