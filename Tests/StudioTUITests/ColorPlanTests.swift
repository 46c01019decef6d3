// ColorPlanTests: which terminfo entry and colour depth the viewer starts with, for the terminals users have.

@testable import StudioTUI
import TerminalBlit
import XCTest

final class ColorPlanTests: XCTestCase {
    /// terminfo as Debian 12 ships it (ncurses-base, ncurses-term): colours and the RGB flag per entry.
    private func probe(_ name: String?, term: String) -> TerminalProbe? {
        let entries: [String: TerminalProbe] = [
            "xterm": TerminalProbe(colors: 8, hasRGB: false),
            "xterm-256color": TerminalProbe(colors: 256, hasRGB: false),
            "xterm-direct": TerminalProbe(colors: 1 << 24, hasRGB: true),
            "tmux-256color": TerminalProbe(colors: 256, hasRGB: false),
            "tmux-direct": TerminalProbe(colors: 1 << 24, hasRGB: true),
            "linux": TerminalProbe(colors: 8, hasRGB: false),
        ]
        return entries[name ?? term]
    }

    private func plan(_ env: [String: String], _ choice: ColorChoice = .auto) -> ColorPlan {
        ColorPlan.make(choice: choice, environment: env, probe: { self.probe($0, term: env["TERM"] ?? "") })
    }

    func testPlainXtermGetsItsEightColoursOnly() {
        let p = plan(["TERM": "xterm"])
        XCTAssertEqual(p.depth, .palette16)
        XCTAssertEqual(p.colors, 8)
        XCTAssertFalse(p.direct)
        XCTAssertNil(p.terminal, "$TERM's own entry is opened")
        XCTAssertEqual(p.available, [.palette16, .monochrome], "the c key never reaches 256 colours or RGB")
        XCTAssertEqual(PairTable(direct: p.direct, colors: p.colors, colorPairs: 64).ansiCount, 8)
        // COLORTERM does not override an 8-colour entry: terminfo's count is honoured.
        let withColorterm = plan(["TERM": "xterm", "COLORTERM": "truecolor"])
        XCTAssertEqual(withColorterm.depth, .palette16)
        XCTAssertNil(withColorterm.terminal)
        // Asking for 256 on it falls back, with a note.
        let forced = plan(["TERM": "xterm"], .palette256)
        XCTAssertEqual(forced.depth, .palette16)
        XCTAssertNotNil(forced.note)
    }

    func testXterm256ColorGetsThePalette() {
        let p = plan(["TERM": "xterm-256color"])
        XCTAssertEqual(p.depth, .palette256)
        XCTAssertFalse(p.direct)
        XCTAssertEqual(p.available, [.palette256, .palette16, .monochrome])
    }

    func testTruecolorFromTheDirectEntryOrCOLORTERM() {
        let direct = plan(["TERM": "xterm-direct"])
        XCTAssertEqual(direct.depth, .truecolor)
        XCTAssertTrue(direct.direct)
        XCTAssertNil(direct.terminal)
        // COLORTERM=truecolor on a 256-colour xterm opens xterm-direct instead.
        for value in ["truecolor", "24bit", "TrueColor"] {
            let p = plan(["TERM": "xterm-256color", "COLORTERM": value])
            XCTAssertEqual(p.terminal, "xterm-direct", value)
            XCTAssertEqual(p.depth, .truecolor, value)
        }
        XCTAssertEqual(plan(["TERM": "tmux-256color", "COLORTERM": "truecolor"]).terminal, "tmux-direct")
        // NO_COLOR wins over COLORTERM; an explicit flag wins over both.
        XCTAssertEqual(plan(["TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"]).depth, .monochrome)
        XCTAssertEqual(plan(["TERM": "xterm-256color", "NO_COLOR": "1"], .palette256).depth, .palette256)
    }

    func testEightColourPairTableFitsSixtyFourPairs() {
        // xterm has COLOR_PAIRS = 64: the static table (spaces (c, c) drawn with pair (0, c)) must fit, so no
        // pair is ever recycled or reset on an 8-colour terminal.
        let t = PairTable(direct: false, colors: 8, colorPairs: 64)
        XCTAssertNil(t.cache, "the static table fits")
        var used = Set<Int32>()
        for fg in Int32(0)..<8 {
            for bg in Int32(0)..<8 {
                let p = PairTable.ansiPair(fg: fg, bg: bg, count: 8)
                XCTAssertTrue((1...63).contains(p), "(\(fg), \(bg)) → pair \(p)")
                if fg != bg { XCTAssertTrue(used.insert(p).inserted, "pair \(p) used twice") }
            }
        }
        for c in Int32(0)..<8 { XCTAssertTrue(used.contains(PairTable.ansiPair(fg: c, bg: c, count: 8)) || c == 0, "space \(c) shares (0, \(c))") }
    }
}
