// Curses: the one file that calls ncursesw (through CNcursesw and CCursesShims); the rest of the TUI calls this.

import CCursesShims
import CNcursesw
import Geometry

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A key read from the terminal: a character, or a curses key code (`KEY_UP`, `KEY_RESIZE`, ...).
enum KeyInput: Equatable {
    case character(Unicode.Scalar)
    case code(Int32)
    /// A mouse event at a cell (0-based column and row).
    case mouse(col: Int, row: Int, button: MouseButton)
}

extension KeyInput {
    /// `keys` without the terminal's replies to queries: a graphics probe that gave up waiting (500 ms) can still
    /// get its answer, which then arrived as keys (ESC opened the help, `2` and `4` changed the view, `c` the
    /// colours). Dropped: CSI replies that start `ESC [ ?` or `ESC [ >` (DA1, DA2, XTSMGRAPHICS) up to their final
    /// byte, and the DCS and APC replies `ESC P >`, `ESC P` digit (XTVERSION, DECRQSS) and `ESC _ G` (kitty's
    /// graphics) up to `ESC \`. No key the viewer reads starts so (ESC alone, ESC then `P`, and arrow keys, which
    /// ncurses decodes, stay).
    static func droppingTerminalReports(_ keys: [KeyInput]) -> [KeyInput] {
        func char(_ i: Int) -> Unicode.Scalar? {
            guard i < keys.count, case .character(let c) = keys[i] else { return nil }
            return c
        }
        var out: [KeyInput] = []
        var i = 0
        while i < keys.count {
            if char(i) == "\u{1B}", let next = char(i + 1) {
                if next == "[", let p = char(i + 2), p == "?" || p == ">" {
                    var j = i + 3
                    while let c = char(j), !(0x40...0x7E).contains(c.value) { j += 1 }
                    i = j + 1
                    continue
                }
                let third = char(i + 2)
                if (next == "P" && (third == ">" || third.map { ("0"..."9").contains($0) } == true))
                    || (next == "_" && third == "G") {
                    var j = i + 2
                    while j < keys.count, !(char(j) == "\u{1B}" && char(j + 1) == "\\") { j += 1 }
                    i = j + 2
                    continue
                }
            }
            out.append(keys[i])
            i += 1
        }
        return out
    }
}

/// The mouse events the viewer asks for.
enum MouseButton: Equatable {
    case click
    case wheelUp
    case wheelDown
}

/// Thin wrappers over the curses calls the TUI makes, each naming the C function it calls.
///
/// ncursesw on Debian is not the thread-safe build: call these from the UI thread only.
enum Curses {
    // MARK: Locale and terminal description

    /// `setlocale(LC_ALL, "")`: needed before `newterm` for wide characters to be drawn at all.
    static func adoptEnvironmentLocale() {
        _ = setlocale(LC_ALL, "")
    }

    /// Whether the locale's character set is UTF-8 (`nl_langinfo(CODESET)`).
    static func localeIsUTF8() -> Bool {
        guard let p = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: p).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// What terminfo says about `term` (nil: `$TERM`): its colour count and the RGB flag; nil if there is no
    /// such entry. Sends nothing to the terminal (`setupterm`, `tigetnum`, `tigetflag`, `del_curterm`).
    static func probe(_ term: String?) -> TerminalProbe? {
        var colors: Int32 = -1, rgb: Int32 = 0
        let found: Int32
        if let term {
            found = term.withCString { CCursesShims_probeTerminal($0, &colors, &rgb) }
        } else {
            found = CCursesShims_probeTerminal(nil, &colors, &rgb)
        }
        return found == 1 ? TerminalProbe(colors: Int(colors), hasRGB: rgb == 1) : nil
    }

    // MARK: Screen life cycle

    /// `newterm(term, stdout, stdin)` (nil: `$TERM`); nil when the terminal cannot be opened.
    static func openScreen(_ term: String?) -> OpaquePointer? {
        if let term { return term.withCString { CCursesShims_newtermStdio($0) } }
        return CCursesShims_newtermStdio(nil)
    }

    /// Input and output modes of a full-screen viewer: `cbreak` without XON/XOFF (Ctrl-S is a key, not a stop of all
    /// output), `noecho`, `nonl`, `keypad`, invisible
    /// cursor, `set_escdelay(25)` so Esc is not held for a second, and a `timeout` for polling reads.
    static func configure(pollMilliseconds: Int32) {
        let w = CCursesShims_stdscr()
        _ = cbreak()
        CCursesShims_noFlowControl()  // after cbreak, so ncurses keeps the mode without XON/XOFF
        _ = noecho()
        _ = nonl()
        _ = keypad(w, true)
        _ = curs_set(0)
        _ = set_escdelay(25)
        _ = leaveok(w, true)
        wtimeout(w, pollMilliseconds)
        // Clicks and the wheel (no motion reports: they would flood the input over SSH).
        // Releases too, read and ignored: outside the mask, a release made getmouse fail, and the failure drops the
        // input waiting after it (`discardWaitingInput`), which must only happen for a broken report.
        _ = mousemask(CCursesShims_button1Clicked() | CCursesShims_button1Pressed() | CCursesShims_button1Released()
                      | CCursesShims_button4Pressed() | CCursesShims_button5Pressed(), nil)
        _ = mouseinterval(0)
    }

    /// `start_color` if the terminal has colours; false otherwise.
    static func startColor() -> Bool {
        guard has_colors() else { return false }
        return start_color() == OK
    }

    /// `COLORS` and `COLOR_PAIRS` after `start_color`.
    static var colors: Int { Int(CCursesShims_colors()) }
    static var colorPairs: Int { Int(CCursesShims_colorPairs()) }

    /// `endwin` then `delscreen`: gives the terminal back as it was.
    static func closeScreen(_ screen: OpaquePointer) {
        _ = endwin()
        delscreen(screen)
    }

    // MARK: Input

    /// `wtimeout`: how long `readKey` waits (milliseconds; 0 = do not wait).
    static func setReadTimeout(_ milliseconds: Int32) {
        wtimeout(CCursesShims_stdscr(), milliseconds)
    }

    /// Reads and drops the input already waiting (at most 64 keys): the tail of a broken escape sequence, such as
    /// a mouse report cut short, is not taken as keys (`\e[<` then `\eOQ` quit the viewer through its `Q`).
    static func discardWaitingInput() {
        let w = CCursesShims_stdscr()
        let delay = wgetdelay(w)
        wtimeout(w, 0)
        var ch: wint_t = 0
        var dropped = 0
        while dropped < 64, wget_wch(w, &ch) != ERR { dropped += 1 }
        wtimeout(w, delay)
    }

    /// `wget_wch`: the next key, or nil when none arrived within the timeout.
    static func readKey() -> KeyInput? {
        var ch: wint_t = 0
        let rc = wget_wch(CCursesShims_stdscr(), &ch)
        if rc == KEY_CODE_YES && Int32(bitPattern: ch) == KEY_MOUSE {
            var event = MEVENT()
            guard getmouse(&event) == OK else { discardWaitingInput(); return nil }
            let b = event.bstate
            let button: MouseButton
            if b & CCursesShims_button4Pressed() != 0 {
                button = .wheelUp
            } else if b & CCursesShims_button5Pressed() != 0 {
                button = .wheelDown
            } else if b & (CCursesShims_button1Clicked() | CCursesShims_button1Pressed()) != 0 {
                button = .click
            } else {
                return nil
            }
            return .mouse(col: Int(event.x), row: Int(event.y), button: button)
        }
        if rc == KEY_CODE_YES { return .code(Int32(bitPattern: ch)) }
        if rc == OK, let s = Unicode.Scalar(UInt32(ch)) { return .character(s) }
        return nil
    }

    /// Which quit signal (SIGINT, SIGQUIT, SIGTERM, SIGHUP) arrived, or 0.
    static var quitSignal: Int32 { CCursesShims_quitSignal() }

    /// Catches SIGINT, SIGQUIT, SIGTERM and SIGHUP in a flag, so the loop can restore the terminal before exiting.
    static func installQuitSignals() { CCursesShims_installQuitSignals() }

    // MARK: Output

    /// The pixel size to render a `cols` x `rows` viewport at for a pixel protocol: the terminal's cell size in
    /// pixels (TIOCGWINSZ) when it reports one, else 8 x 16, at most 1600 pixels wide.
    static func viewportPixels(cols: Int, rows: Int) -> (width: Int, height: Int) {
        PixelPresenter(kind: .kitty).pictureSize(cols: cols, rows: rows, cellPixels: cellPixels())
    }

    /// One cell's size in pixels as the terminal reports it (TIOCGWINSZ); 8 x 16 when it reports none.
    static func cellPixels() -> (width: Double, height: Double) {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_xpixel > 0, ws.ws_col > 0, ws.ws_ypixel > 0, ws.ws_row > 0 {
            return (Double(ws.ws_xpixel) / Double(ws.ws_col), Double(ws.ws_ypixel) / Double(ws.ws_row))
        }
        return (8, 16)
    }

    /// The screen's size in cells (`getmaxyx(stdscr)`).
    static func screenSize() -> (cols: Int, rows: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        CCursesShims_getmaxyx(CCursesShims_stdscr(), &rows, &cols)
        return (Int(cols), Int(rows))
    }

    /// `werase(stdscr)`: blank the whole screen on the next update.
    static func erase() { _ = werase(CCursesShims_stdscr()) }

    /// `clearok(curscr)`: repaint everything from scratch on the next update (after the terminal was disturbed).
    static func forceFullRepaint() { _ = clearok(CCursesShims_curscr(), true) }

    /// `wnoutrefresh(stdscr)` + `doupdate()`: send the changes.
    static func update() {
        _ = wnoutrefresh(CCursesShims_stdscr())
        _ = doupdate()
    }

    /// Writes `bytes` straight to the terminal (stdout), outside curses' sight: pictures, markers. Retries short
    /// writes; stops at an error (the terminal has gone).
    static func writeRaw(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(STDOUT_FILENO, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { break }
                off += n
            }
        }
    }

    /// Writes cells at (row, col): glyph i in pair i (`setcchar` + `wadd_wchnstr`, in C).
    static func putCells(row: Int, col: Int, glyphs: UnsafePointer<UInt32>, pairs: UnsafePointer<Int32>, count: Int) {
        _ = CCursesShims_putCells(CCursesShims_stdscr(), Int32(row), Int32(col), glyphs, pairs, Int32(count),
                                  CCursesShims_attrNormal())
    }

    /// Writes `text` at (row, col), cut at `width` columns, in pair 0 with `style`.
    static func putText(row: Int, col: Int, _ text: String, width: Int, style: TextStyle = .plain) {
        guard width > 0 else { return }
        // Count columns, not bytes or characters: a Chinese name takes two columns a character.
        let utf8 = DisplayWidth.prefix(text, columns: width)
        _ = utf8.withCString { CCursesShims_putText(CCursesShims_stdscr(), Int32(row), Int32(col), $0, -1, style.attributes, 0) }
    }

    // MARK: Colour pairs

    /// `init_extended_pair(pair, fg, bg)`; colour numbers are palette indices, or 0xRRGGBB on direct-colour
    /// terminals.
    @discardableResult
    static func initPair(_ pair: Int32, fg: Int32, bg: Int32) -> Bool {
        init_extended_pair(pair, fg, bg) == OK
    }

    /// `reset_color_pairs()`: forget every pair (and repaint the screen on the next update).
    static func resetPairs() { reset_color_pairs() }
}

/// The curses key codes the viewer binds (so only this file imports the C modules).
enum CursesKey {
    static let left = KEY_LEFT, right = KEY_RIGHT, up = KEY_UP, down = KEY_DOWN
    static let shiftLeft = KEY_SLEFT, shiftRight = KEY_SRIGHT
    /// Shift-Up and Shift-Down arrive as "scroll backward" and "scroll forward".
    static let shiftUp = KEY_SR, shiftDown = KEY_SF
    static let resize = KEY_RESIZE
    static let backspace = KEY_BACKSPACE, enter = KEY_ENTER
    static let pageUp = KEY_PPAGE, pageDown = KEY_NPAGE, home = KEY_HOME, end = KEY_END
    static func function(_ n: Int32) -> Int32 { CCursesShims_keyF(n) }
}

/// Text attributes for the chrome (status line, hints, overlay).
enum TextStyle {
    case plain, reverse, bold, dim

    var attributes: attr_t {
        switch self {
        case .plain: return CCursesShims_attrNormal()
        case .reverse: return CCursesShims_attrReverse()
        case .bold: return CCursesShims_attrBold()
        case .dim: return CCursesShims_attrDim()
        }
    }
}
