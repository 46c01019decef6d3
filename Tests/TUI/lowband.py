#!/usr/bin/env python3
"""lowband.py BINARY [COLSxROWS] [STEPS]: are low-bandwidth (moving-camera) frames faithful, and complete?

Runs `xrstudio tui Scenes/binhai-xr-stage.yaml --take "dolly push-in"` on a real pseudo-terminal with
TERM=xterm-direct (24-bit colour), feeds every byte it writes into a screen model (vtscreen.py), and asks the
viewer for its intended grid after each paint (XRSTUDIO_TUI_GRID) and its painted-frame count (XRSTUDIO_TUI_STATS).

1. While the take plays (a low-bandwidth frame every take frame): whenever the output is quiet between frames,
   the screen must show exactly the grid the viewer meant (no stale cell).
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
import fcntl, os, pty, select, signal, struct, sys, tempfile, termios, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vtscreen  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AIM_MEAN, AIM_P99, BYTES_AIM_200x60 = 3.0, 10.0, 30_000


class Viewer:
    """The TUI on a pty, its bytes fed into a Screen."""

    def __init__(self, binary, cols, rows, env_extra=None, term="xterm-direct", args=None):
        self.stats = tempfile.NamedTemporaryFile(delete=False).name
        self.grid = tempfile.NamedTemporaryFile(delete=False).name
        os.unlink(self.grid)
        self.screen = vtscreen.Screen(cols, rows)
        self.bytes = 0
        self.last_painted = 0
        # Bytes read but not parsed yet: reading stays fast (the parser is slow), so "quiet" means the viewer
        # really wrote nothing, not that the parser fell behind.
        self.pending = []
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
                self.pending.append(data)
                self.bytes += len(data)
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
            self.pending.append(data)
            self.bytes += len(data)
            n += len(data)
        return n

    def sync(self):
        """Applies every byte read so far to the screen; returns it."""
        for data in self.pending:
            self.screen.feed(data)
        self.pending = []
        return self.screen

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

    def settled_check(self, gap=0.02):
        """(stale cells, grid, bytes read) for the frame painted last, once the output has paused for `gap`
        seconds with no other frame painted meanwhile; None if one was. The viewer writes its grid, then its
        painted count, then sends the frame in one update (the status line may follow on its own), so once the
        count is seen and the output pauses, the terminal has everything of that frame."""
        before = self.painted()
        grid = vtscreen.read_grid(self.grid)
        n0 = self.quiet(gap)
        if grid is None or self.painted() != before or grid[0] != self.painted_grid_id(before):
            return None
        return vtscreen.stale_cells(self.sync(), grid), grid, n0

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


def measure(binary, cols=200, rows=60, steps=8, play_seconds=4.0, env_extra=None, play_gap=0.02):
    """Runs both phases; returns a dict of figures. `play_gap`: the pause in the output (seconds) taken as "the
    frame has been sent" while playing (a release build at 200x60 sends a frame or a status line every ~16 ms)."""
    vtscreen.selftest()
    v = Viewer(binary, cols, rows, env_extra=env_extra)
    try:
        if v.wait_paint(1, limit=60) is None:
            raise SystemExit("lowband: the viewer painted no frame in 60 s")
        # Phase 1: the take plays (it starts playing); check every quiet moment between frames.
        play_checks = play_stale = 0
        v.quiet(0.02, 2.0)
        end = time.time() + play_seconds
        f0, b0 = v.painted(), v.bytes
        while time.time() < end:
            n = v.wait_paint(v.painted(), limit=5)
            if n is None:
                break
            got = v.settled_check(play_gap)
            if got:
                play_checks += 1
                play_stale += got[0]
        play_frames = v.painted() - f0
        v.quiet(0.02, 1.0)
        play_bytes = v.bytes - b0
        # Phase 2: pause, then step.
        v.send(b" ")
        deltas, stale, frame_bytes, checked = [], 0, [], 0
        for _ in range(steps):
            v.idle()
            # Up to three steps in a row, each pressed while the camera still counts as moving (within 150 ms of
            # the last), so the last frame holds cells of the one before, as while playing (a slow build, whose
            # frames take longer than that, measures a frame made after a still one instead).
            sent = 0
            for j in range(3):
                n0 = v.painted()
                t = time.time()
                v.send(b".")
                got = v.wait_paint(n0)
                if got is None:
                    break
                sent = got
                if j == 2 or time.time() - t > 0.1:
                    break
                v.pump(max(0.0, 0.05 - (time.time() - t)))
            if got is None:
                continue
            n0 = v.painted() - 1
            low = v.settled_check()
            if low is None:
                continue  # the full frame came before the output paused: this step cannot be judged
            frame_bytes.append(sent + low[2])
            low_px = vtscreen.pixels(v.sync(), low[1][1], low[1][2], low[1][3], low[1][4])
            if v.wait_paint(n0 + 1) is None:
                continue
            full = v.settled_check()
            if full is None:
                continue
            full_px = vtscreen.pixels(v.sync(), full[1][1], full[1][2], full[1][3], full[1][4])
            stale += low[0] + full[0]
            checked += 1
            deltas += [vtscreen.delta_e(a, b) for a, b in zip(low_px, full_px) if a != b]
            deltas += [0.0] * sum(1 for a, b in zip(low_px, full_px) if a == b)
    finally:
        v.close()
    return {
        "size": f"{cols}x{rows}", "play_checks": play_checks, "play_stale": play_stale, "steps": checked,
        "step_stale": stale, "pixels": len(deltas),
        "mean": sum(deltas) / max(len(deltas), 1), "p99": vtscreen.percentile(deltas, 99),
        "max": max(deltas) if deltas else 0.0,
        "step_bytes": sum(frame_bytes) // max(len(frame_bytes), 1),
        "play_frames": play_frames, "bytes_per_frame": play_bytes // max(play_frames, 1),
        "bytes_aim": BYTES_AIM_200x60 * cols * rows // (200 * 60),
    }


def report(m, debug=False):
    print(f"lowband size={m['size']} playing: {m['play_checks']} quiet moments checked, stale cells {m['play_stale']}")
    print(f"lowband size={m['size']} stepping: {m['steps']} low-bandwidth/full-precision pairs, stale cells "
          f"{m['step_stale']}, CIEDE2000 over {m['pixels']} pixels mean {m['mean']:.2f} p99 {m['p99']:.2f} "
          f"max {m['max']:.2f} (aims <= {AIM_MEAN}, <= {AIM_P99})")
    aim = "a debug build skips take frames: bytes are judged on release builds (make bench)" if debug \
        else f"aim < {m['bytes_aim']}"
    print(f"lowband size={m['size']} playing: {m['play_frames']} frames, {m['bytes_per_frame']} bytes per frame "
          f"({aim}); the last stepped low-bandwidth frames: {m['step_bytes']} bytes each")


def failures(m, colour_aims=True):
    """What misses an aim (`colour_aims` False: only stale cells count, for a pair-starved terminal that cannot
    show every colour pair and draws stand-ins)."""
    out = []
    if m["play_checks"] == 0:
        out.append("no quiet moment to check while playing")
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
    m = measure(binary, cols, rows, steps, play_gap=0.02 if debug else 0.01,
                env_extra={"XRSTUDIO_TUI_MAX_PAIRS": pairs} if pairs else None)
    if pairs:
        print(f"lowband: at most {pairs} colour pairs (XRSTUDIO_TUI_MAX_PAIRS): stand-in pairs, no stale cell allowed")
    report(m, debug)
    bad = failures(m, colour_aims=pairs is None)
    for b in bad:
        print("FAIL " + b)
    if "--check" in sys.argv:
        sys.exit(1 if bad else 0)
