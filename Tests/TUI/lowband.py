#!/usr/bin/env python3
"""lowband.py BINARY [COLSxROWS] [STEPS]: are low-bandwidth (moving-camera) frames faithful, and complete?

Runs `xrstudio tui Scenes/binhai-xr-stage.yaml --take "dolly push-in"` on a real pseudo-terminal with
TERM=xterm-direct (24-bit colour), feeds every byte it writes into a screen model (vtscreen.py), and asks the
viewer for its intended grid after each paint (XRSTUDIO_TUI_GRID) and its painted-frame count (XRSTUDIO_TUI_STATS).

1. While the take plays (a low-bandwidth frame every take frame): after every paint has been sent, the screen
   must show exactly the grid the viewer meant (no stale cell). "Sent" is exact, not a guess from a pause in the
   output: with XRSTUDIO_TUI_GRID the viewer writes the grid after the update that sent the paint, then an APC
   marker `ESC _ xrstudio-painted N ESC \` that terminals ignore; the screen is compared at the marker.
2. Paused, STEPS times: `.` steps one frame (the camera moved: a low-bandwidth frame), then 150 ms later the
   viewer sends the full-precision frame of the same camera. Both screens must equal their grids, and the
   CIEDE2000 between what the terminal showed for the two (per half-block pixel) gives the mean and 99th
   percentile. The low-bandwidth frame's bytes are counted (sent after a full-precision frame, so close to the
   cost of a playing frame).
Prints `lowband ...` lines; with --check exits 1 when an aim is missed (mean <= 3, p99 <= 10, no stale cell).
Bytes per frame (aim: under 30 KB at 200x60, scaled to the screen) are reported; a release build is needed for
them to mean anything (a debug build renders a few frames a second and each skips many take frames).
--pairs=N caps the colour pairs (XRSTUDIO_TUI_MAX_PAIRS) so that a frame needs more pairs than the terminal has:
then only "no stale cell" is judged (cells drawn in stand-in pairs must be re-sent, never left as they are)."""
import fcntl, os, pty, re, select, signal, struct, sys, tempfile, termios, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vtscreen  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AIM_MEAN, AIM_P99, BYTES_AIM_200x60 = 3.0, 10.0, 30_000
TAKE_FPS = 25  # the dolly take's frame rate (Scenes/binhai-xr-stage.yaml)


class Viewer:
    """The TUI on a pty, its bytes fed into a Screen."""

    def __init__(self, binary, cols, rows, env_extra=None, term="xterm-direct", args=None):
        self.stats = tempfile.NamedTemporaryFile(delete=False).name
        self.grid = tempfile.NamedTemporaryFile(delete=False).name
        os.unlink(self.grid)
        self.screen = vtscreen.Screen(cols, rows)
        self.bytes = 0
        self.last_painted = 0
        # Bytes read but not parsed yet (reading stays fast; the parser is slow), and the paint markers found in
        # them: (end offset in `unparsed`, paint, grid or None when the viewer had already painted again).
        self.unparsed = bytearray()
        self.parsed = 0  # bytes fed to the screen before `unparsed`
        self.scanned = 0
        self.marks = []
        # One entry per marker parsed: {"paint", "grid", "stale", "pixels", "at"}: the screen at the marker
        # (stale cells, half-block pixels) and the bytes written up to it.
        self.checks = []
        args = args or ["tui", "Scenes/binhai-xr-stage.yaml", "--take", "dolly push-in"]
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(ROOT)
            env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "SSH_CONNECTION", "SSH_TTY", "COLORTERM")}
            env.update(TERM=term, LANG="C.UTF-8", XRSTUDIO_TUI_STATS=self.stats, XRSTUDIO_TUI_GRID=self.grid)
            if term == "xterm-direct":
                env["COLORTERM"] = "truecolor"
            env.update(env_extra or {})
            os.execve(binary, [binary] + args + ["--graphics", "off"], env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def pump(self, seconds):
        """Reads and applies output for `seconds`; returns the byte count."""
        n = 0
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return n
            r, _, _ = select.select([self.fd], [], [], min(left, 0.02))
            if r:
                try:
                    data = os.read(self.fd, 1 << 16)
                except OSError:
                    return n
                self._take(data)
                n += len(data)

    def quiet(self, gap=0.06, limit=10.0):
        """Reads until nothing arrives for `gap` seconds; returns the byte count."""
        n = 0
        end = time.time() + limit
        while time.time() < end:
            r, _, _ = select.select([self.fd], [], [], gap)
            if not r:
                return n
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                return n
            self._take(data)
            n += len(data)
        return n

    MARK = re.compile(rb"\x1b_xrstudio-painted (\d+)\x1b\\")

    def _take(self, data):
        """Keeps bytes read for `sync`, noting each paint marker with the grid file as it is now. The viewer
        writes the grid of paint N, then the marker, after the last byte of that paint; it rewrites the file only
        after sending the next paint's bytes, so a grid read here that says N is the one the marker closes."""
        self.unparsed += data
        self.bytes += len(data)
        for m in self.MARK.finditer(self.unparsed, self.scanned):
            paint = int(m.group(1))
            try:
                with open(self.grid, "rb") as f:
                    raw = f.read()  # parsed in `sync`: reading stays fast
            except OSError:
                raw = b""
            self.marks.append((m.end(), paint, raw if vtscreen.grid_paint(raw) == paint else None))
            self.scanned = m.end()
        # A marker may be cut by the read: rescan the last few bytes next time.
        self.scanned = max(self.scanned, len(self.unparsed) - 40)

    def sync(self):
        """Applies every byte read so far to the screen, checking the screen at each paint marker against the
        grid it closes (`checks`); returns the screen."""
        done = 0
        for end, paint, raw in self.marks:
            self.screen.feed(bytes(self.unparsed[done:end]))
            done = end
            grid = raw and vtscreen.parse_grid(raw)
            check = {"paint": paint, "grid": grid, "stale": None, "pixels": None, "at": self.parsed + end}
            if grid:
                check["stale"] = vtscreen.stale_cells(self.screen, grid)
                check["pixels"] = vtscreen.pixels(self.screen, grid[1], grid[2], grid[3], grid[4])
            self.checks.append(check)
        self.screen.feed(bytes(self.unparsed[done:]))
        self.parsed += len(self.unparsed)
        self.unparsed = bytearray()
        self.scanned = 0
        self.marks = []
        return self.screen

    def check_of(self, paint, limit=10.0):
        """The check made at paint `paint`'s marker (pumping until it arrives); None on timeout, or when the
        viewer had painted again before its grid could be read."""
        end = time.time() + limit
        while True:
            self.sync()
            for c in self.checks:
                if c["paint"] == paint:
                    return c if c["grid"] else None
            if time.time() > end:
                return None
            self.pump(0.01)

    def painted(self):
        """Frames painted so far. The viewer rewrites the file in place, so a read can catch it empty: such reads
        are retried, and the count never goes back."""
        for _ in range(50):
            try:
                with open(self.stats) as f:
                    self.last_painted = max(self.last_painted, int(f.read().strip()))
                    break
            except (OSError, ValueError):
                time.sleep(0.001)
        return self.last_painted

    def wait_paint(self, after, limit=20.0):
        """Pumps until more than `after` frames were painted; returns the bytes read meanwhile (None: timeout)."""
        n = 0
        end = time.time() + limit
        while self.painted() <= after:
            if time.time() > end:
                return None
            n += self.pump(0.005)
        return n

    def idle(self, seconds=1.0, limit=30.0):
        """Pumps until no frame has been painted for `seconds` (the renderer has nothing left to do)."""
        end = time.time() + limit
        last, since = self.painted(), time.time()
        while time.time() < end:
            self.pump(0.02)
            now = self.painted()
            if now != last:
                last, since = now, time.time()
            elif time.time() - since >= seconds:
                return True
        return False

    def painted_grid_id(self, painted):
        """The painter's count matching the viewer's painted count (the first paint is 1 in both; overlays add
        paints, none are opened here)."""
        return painted

    def send(self, keys):
        os.write(self.fd, keys)

    def close(self):
        try:
            os.write(self.fd, b"q")
            self.pump(1.0)
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        for p in (self.stats, self.grid):
            try:
                os.unlink(p)
            except OSError:
                pass


def grid_pixels(grid):
    _, cols, rows, _, _, cells = grid
    out = []
    for ch, fg, bg in cells:
        fg, bg = vtscreen.direct(fg), vtscreen.direct(bg)
        out += [fg if ch == "▀" else bg, bg]
    return out


def measure(binary, cols=200, rows=60, steps=8, play_seconds=4.0, env_extra=None):
    """Runs both phases; returns a dict of figures. Every paint is judged at its marker, after its last byte and
    before any byte of the next one (`Viewer.sync`), however the output is timed."""
    vtscreen.selftest()
    v = Viewer(binary, cols, rows, env_extra=env_extra)
    try:
        if v.wait_paint(1, limit=60) is None:
            raise SystemExit("lowband: the viewer painted no frame in 60 s")
        # Phase 1: the take plays (it starts playing); every paint is checked at its marker.
        v.quiet(0.02, 2.0)
        v.sync()
        f0, b0 = v.painted(), v.bytes
        v.pump(play_seconds)
        f1 = v.painted()
        v.check_of(f1)
        play_bytes = v.bytes - b0
        played = [c for c in v.checks if f0 < c["paint"] <= f1]
        play_checks = sum(1 for c in played if c["grid"])
        play_stale = sum(c["stale"] for c in played if c["grid"])
        play_frames = f1 - f0
        # Phase 2: pause, then step.
        v.send(b" ")
        deltas, stale, frame_bytes, checked = [], 0, [], 0
        for _ in range(steps):
            v.idle()
            v.sync()
            # Up to three steps in a row, each pressed while the camera still counts as moving (within 150 ms of
            # the last), so the last frame holds cells of the one before, as while playing (a slow build, whose
            # frames take longer than that, measures a frame made after a still one instead).
            for j in range(3):
                n0 = v.painted()
                t = time.time()
                v.send(b".")
                got = v.wait_paint(n0)
                if got is None or j == 2 or time.time() - t > 0.1:
                    break
                v.pump(max(0.0, 0.05 - (time.time() - t)))
            if got is None:
                continue
            # The low-bandwidth frame is the last one painted; 150 ms later the full-precision frame follows.
            low_paint = v.painted()
            if v.wait_paint(low_paint) is None:
                continue
            low, before, full = v.check_of(low_paint), v.check_of(low_paint - 1), v.check_of(low_paint + 1)
            if not (low and full):
                continue
            if before:
                frame_bytes.append(low["at"] - before["at"])
            stale += low["stale"] + full["stale"]
            checked += 1
            deltas += [vtscreen.delta_e(a, b) for a, b in zip(low["pixels"], full["pixels"]) if a != b]
            deltas += [0.0] * sum(1 for a, b in zip(low["pixels"], full["pixels"]) if a == b)
    finally:
        v.close()
    return {
        "size": f"{cols}x{rows}", "play_checks": play_checks, "play_unchecked": len(played) - play_checks,
        "play_stale": play_stale, "steps": checked,
        "step_stale": stale, "pixels": len(deltas),
        "mean": sum(deltas) / max(len(deltas), 1), "p99": vtscreen.percentile(deltas, 99),
        "max": max(deltas) if deltas else 0.0,
        "step_bytes": sum(frame_bytes) // max(len(frame_bytes), 1),
        "play_frames": play_frames, "bytes_per_frame": play_bytes // max(play_frames, 1),
        "play_fps": play_frames / play_seconds, "bytes_per_s": int(play_bytes / play_seconds),
        "bytes_aim": BYTES_AIM_200x60 * cols * rows // (200 * 60),
    }


def report(m, debug=False):
    print(f"lowband size={m['size']} playing: {m['play_checks']} paints checked at their markers "
          f"({m['play_unchecked']} repainted before their grid was read), stale cells {m['play_stale']}")
    print(f"lowband size={m['size']} stepping: {m['steps']} low-bandwidth/full-precision pairs, stale cells "
          f"{m['step_stale']}, CIEDE2000 over {m['pixels']} pixels mean {m['mean']:.2f} p99 {m['p99']:.2f} "
          f"max {m['max']:.2f} (aims <= {AIM_MEAN}, <= {AIM_P99})")
    aim = "a debug build skips take frames: bytes are judged on release builds (make bench)" if debug \
        else f"aim < {m['bytes_aim']}"
    print(f"lowband size={m['size']} playing: {m['play_frames']} frames, {m['bytes_per_frame']} bytes per frame "
          f"({aim}); the last stepped low-bandwidth frames: {m['step_bytes']} bytes each")
    # Below the take's 25 fps every painted frame spans several take frames of camera motion, so it changes more
    # cells (a loaded machine: ~9 fps gives ~35 KB per painted frame but fewer bytes per second).
    print(f"lowband size={m['size']} playing: {m['play_fps']:.1f} frames/s (the take: {TAKE_FPS}), "
          f"{m['bytes_per_s']} bytes/s = {m['bytes_per_s'] // TAKE_FPS} bytes per take frame")


def failures(m, colour_aims=True):
    """What misses an aim (`colour_aims` False: only stale cells count, for a pair-starved terminal that cannot
    show every colour pair and draws stand-ins)."""
    out = []
    if m["play_checks"] == 0:
        out.append("no paint checked while playing")
    if m["steps"] == 0:
        out.append("no step could be measured")
    if m["play_stale"] or m["step_stale"]:
        out.append(f"stale cells: {m['play_stale']} playing, {m['step_stale']} stepping")
    if not colour_aims:
        return out
    if m["mean"] > AIM_MEAN:
        out.append(f"CIEDE2000 mean {m['mean']:.2f} > {AIM_MEAN}")
    if m["p99"] > AIM_P99:
        out.append(f"CIEDE2000 p99 {m['p99']:.2f} > {AIM_P99}")
    return out


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    binary = os.path.abspath(args[0] if args else ".build/debug/xrstudio")
    cols, rows = (int(v) for v in (args[1] if len(args) > 1 else "200x60").split("x"))
    steps = int(args[2]) if len(args) > 2 else 8
    pairs = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--pairs=")), None)
    debug = "debug" in binary
    m = measure(binary, cols, rows, steps, env_extra={"XRSTUDIO_TUI_MAX_PAIRS": pairs} if pairs else None)
    if pairs:
        print(f"lowband: at most {pairs} colour pairs (XRSTUDIO_TUI_MAX_PAIRS): stand-in pairs, no stale cell allowed")
    report(m, debug)
    bad = failures(m, colour_aims=pairs is None)
    for b in bad:
        print("FAIL " + b)
    if "--check" in sys.argv:
        sys.exit(1 if bad else 0)
