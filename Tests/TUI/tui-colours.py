#!/usr/bin/env python3
"""tui-colours.py BINARY [COLSxROWS]: the viewer in few colours, on a real pty, judged by what a terminal shows.

Runs `xrstudio tui` on the default scene's take (paused, then `:goto 0`: the same frame in every run) with TERM=xterm-direct (the reference:
24-bit colour, full precision once paused), TERM=xterm-256color, `--color 16` on it, and TERM=xterm (8 colours in
terminfo, also with COLORTERM=truecolor set, which must not override it). For each it reads every colour escape
(vtscreen.py) and compares the viewport with the reference as the eye would: the mean colour of each 4x4-cell
block (4x8 pixels) in linear light, then CIEDE2000 per block. Checks: no colour index the terminal
lacks (>= 8 on xterm, >= 16 with --color 16, and 0-15 unused in 256 colours, whose entries are themed), no 24-bit
escape outside truecolor, the picture not black, the block error within each mode's bound, and the hue of the
reference's bluest blocks (the dusk sky, the LED wall) kept. Prints ok/FAIL lines; exits 1 on a failure."""
import math, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lowband, vtscreen  # noqa: E402

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/xrstudio")
cols, rows = (int(v) for v in (sys.argv[2] if len(sys.argv) > 2 else "100x30").split("x"))
passed = failed = 0


def ok(cond, text):
    global passed, failed
    print(("ok   " if cond else "FAIL ") + text)
    if cond:
        passed += 1
    else:
        failed += 1


def still_frame(term, extra_args=(), env=None):
    """(screen, grid) of the paused first frame."""
    args = ["tui", "Scenes/binhai-xr-stage.yaml", "--take", "dolly push-in", *extra_args]
    v = lowband.Viewer(binary, cols, rows, term=term, args=args, env_extra=env)
    try:
        if v.wait_paint(1, limit=60) is None:
            raise SystemExit(f"FAIL {term}: no frame painted in 60 s")
        v.send(b" ")
        v.idle(1.0)
        v.send(b":goto 0\r")  # the same take frame in every run
        v.idle(1.5)
        v.quiet(0.1)
        grid = vtscreen.read_grid(v.grid)
        return v.sync(), grid
    finally:
        v.close()


def blocks(screen, grid):
    """Mean colour of each 4x4-cell block of the viewport (8 pixel rows: a whole Bayer tile for half blocks and
    for spaces, which are dithered per cell), as CIELAB."""
    _, gc, gr, c0, r0, _ = grid
    px = vtscreen.pixels(screen, gc, gr, c0, r0)
    # The picture is letterboxed to the scene's 16:9 (ViewportLayout: cells twice as tall as wide, centred):
    # blocks start at its top-left cell, so each covers whole dither tiles of the picture.
    aspect = 16 / 9
    if gc / (2 * gr) > aspect:
        pc, pr = min(gc, max(1, round(2 * gr * aspect))), gr
    else:
        pc, pr = gc, min(gr, max(1, round(gc / (2 * aspect))))
    left, top = (gc - pc) // 2, 2 * ((gr - pr) // 2)
    out = []
    for by in range(top, 2 * gr - 7, 8):
        for bx in range(left, gc - 3, 4):
            acc = [0.0, 0.0, 0.0]
            for y in range(by, by + 8):
                for x in range(bx, bx + 4):
                    cell = (y // 2) * gc + x
                    rgb = px[2 * cell + (y % 2)]
                    for k in range(3):
                        acc[k] += vtscreen._lin(rgb[k]) / 32
            enc = tuple(round(255 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055)) for v in acc)
            out.append(vtscreen.lab(enc))
    return out


def hue(lab):
    return math.degrees(math.atan2(lab[2], lab[1])) % 360


vtscreen.selftest()
ref_screen, ref_grid = still_frame("xterm-direct")
ref = blocks(ref_screen, ref_grid)
ok(ref_screen.rgb_seen > 100, f"reference (xterm-direct): {ref_screen.rgb_seen} 24-bit colour escapes")
# The bluest tenth of the reference's blocks with real chroma: sky and wall.
blue = sorted((i for i, b in enumerate(ref) if math.hypot(b[1], b[2]) > 8), key=lambda i: ref[i][2])[: max(1, len(ref) // 10)]

cases = [
    # TERM, flags, environment, colours, bound on the blocks' mean CIEDE2000, bound on the blue blocks' hue error.
    # Hue bounds sit above what the quantiser measures on this frame (Docs/tui.md: 41.3° for 16 colours, 32.5° for
    # 8 since camera A's lens file moved the frame to its entrance pupil and distorted it, 2026-12-06; 32.5° and
    # 18.6° on the pinhole frame before): the 16- and 8-colour hue is a known weak spot, guarded, not solved.
    ("xterm-256color", (), None, 256, 6.0, 12.0),
    ("xterm-256color", ("--color", "16"), None, 16, 10.0, 45.0),
    ("xterm", (), None, 8, 15.0, 36.0),
    ("xterm", (), {"COLORTERM": "truecolor"}, 8, 15.0, 36.0),
]
for term, extra, env, colours, bound, hue_bound in cases:
    name = f"TERM={term}" + (" " + " ".join(extra) if extra else "") + (" COLORTERM=truecolor" if env else "")
    screen, grid = still_frame(term, extra, env)
    idx = screen.indices
    ok(screen.rgb_seen == 0, f"{name}: no 24-bit colour escape (saw {screen.rgb_seen})")
    ok(all(i < colours for i in idx), f"{name}: colour indices below {colours} only (highest {max(idx) if idx else None})")
    if colours == 256:
        ok(not any(8 <= i < 16 for i in idx) and len([i for i in idx if i >= 16]) > 10,
           f"{name}: the picture uses entries 16-255 ({len([i for i in idx if i >= 16])} of them)")
    got = blocks(screen, grid)
    des = [vtscreen.ciede2000(a, b) for a, b in zip(ref, got)]
    mean = sum(des) / len(des)
    ok(mean <= bound, f"{name}: block colours vs truecolor, mean CIEDE2000 {mean:.2f} (bound {bound})")
    lum = sum(b[0] for b in got) / len(got)
    ref_lum = sum(b[0] for b in ref) / len(ref)
    ok(abs(lum - ref_lum) < 6, f"{name}: not black: mean L* {lum:.1f} (truecolor {ref_lum:.1f})")
    dh = []
    for i in blue:
        d = abs(hue(got[i]) - hue(ref[i]))
        dh.append(min(d, 360 - d))
    mh = sum(dh) / len(dh)
    ok(mh <= hue_bound, f"{name}: the bluest blocks keep their hue: mean error {mh:.1f} degrees over {len(blue)} blocks "
       f"(bound {hue_bound})")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
