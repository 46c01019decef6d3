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
Prints `lowband ...` lines; with --check exits 1 when an aim is missed (mean <= 3, p99 <= 10, no stale cell,
bytes per frame under BYTES_AIM scaled to the screen: 30 KB at 200x60)."""
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
                self.screen.feed(data)
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
            self.screen.feed(data)
            self.bytes += len(data)
            n += len(data)
        return n

    def painted(self):
        try:
            with open(self.stats) as f:
                return int(f.read().strip() or 0)
        except (OSError, ValueError):
            return 0

    def wait_paint(self, after, limit=20.0):
        """Pumps until more than `after` frames were painted; returns the bytes read meanwhile (None: timeout)."""
        n = 0
        end = time.time() + limit
        while self.painted() <= after:
            if time.time() > end:
                return None
            n += self.pump(0.005)
        return n

    def settled_check(self, gap=0.06):
        """(stale cells, grid, bytes read) once the output is quiet for `gap` seconds and no frame was painted
        meanwhile; None if one was. (The painted count is written before the frame's update, so a frame whose
        count is seen has been sent once the output pauses; the status line alone may still change.)"""
        before = self.painted()
        n0 = self.quiet(gap)
        grid = vtscreen.read_grid(self.grid)
        n0 += self.pump(gap / 2)
        if grid is None or self.painted() != before or grid[0] != self.painted_grid_id(before):
            return None
        return vtscreen.stale_cells(self.screen, grid), grid, n0

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
    """Runs both phases; returns a dict of figures."""
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
            got = v.settled_check(gap=0.025)
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
            n0 = v.painted()
            v.send(b".")
            sent = v.wait_paint(n0)
            if sent is None:
                continue
            low = v.settled_check()
            if v.painted() != n0 + 1 or low is None:
                continue  # the full frame came too soon to look at the low-bandwidth one: skip the step
            frame_bytes.append(sent + low[2])
            low_px = vtscreen.pixels(v.screen, low[1][1], low[1][2], low[1][3], low[1][4])
            if v.wait_paint(n0 + 1) is None:
                continue
            full = v.settled_check()
            if full is None:
                continue
            full_px = vtscreen.pixels(v.screen, full[1][1], full[1][2], full[1][3], full[1][4])
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


def report(m):
    print(f"lowband size={m['size']} playing: {m['play_checks']} quiet moments checked, stale cells {m['play_stale']}")
    print(f"lowband size={m['size']} stepping: {m['steps']} low-bandwidth/full-precision pairs, stale cells "
          f"{m['step_stale']}, CIEDE2000 over {m['pixels']} pixels mean {m['mean']:.2f} p99 {m['p99']:.2f} "
          f"max {m['max']:.2f} (aims <= {AIM_MEAN}, <= {AIM_P99})")
    print(f"lowband size={m['size']} playing: {m['play_frames']} frames, {m['bytes_per_frame']} bytes per frame "
          f"(aim < {m['bytes_aim']}); a low-bandwidth frame after a still one: {m['step_bytes']} bytes")


def failures(m):
    out = []
    if m["play_checks"] == 0:
        out.append("no quiet moment to check while playing")
    if m["steps"] == 0:
        out.append("no step could be measured")
    if m["play_stale"] or m["step_stale"]:
        out.append(f"stale cells: {m['play_stale']} playing, {m['step_stale']} stepping")
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
    m = measure(binary, cols, rows, steps)
    report(m)
    bad = failures(m)
    for b in bad:
        print("FAIL " + b)
    if "--check" in sys.argv:
        sys.exit(1 if bad else 0)
