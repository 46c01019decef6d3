#!/usr/bin/env python3
"""tui-bytes.py BINARY [COLS ROWS SECONDS]: bytes the TUI sends per frame on a real pty.

Runs `xrstudio tui` on the default scene's take in a pseudo-terminal of COLSxROWS (default 200x60) with a
truecolor terminfo entry (xterm-direct), lets it settle, then plays the take (the camera moves every frame) for
SECONDS and counts every byte written to the terminal. Frames painted are read from the file the TUI rewrites
after each frame (XRSTUDIO_TUI_STATS). Prints one line per phase:
  tui-bytes phase=moving frames=N bytes=B bytes_per_frame=X
one for a still camera after the take is paused (the full-precision frame), and whole-screen repaints (Ctrl-L, as
after a resize or a view change) while the take plays (low-bandwidth colours) and when it is paused (full precision).
Then lowband.py's measure on the same size: stale cells while playing and stepping (a screen model fed every byte,
compared with the grid the viewer drew), CIEDE2000 between low-bandwidth and full-precision cells as a terminal
shows them (aims: mean <= 3, 99th percentile <= 10), and bytes per playing frame (aim: under 30 KB at 200x60).
"""
import fcntl, os, pty, re, select, struct, sys, tempfile, termios, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lowband  # noqa: E402

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/xrstudio")
cols = int(sys.argv[2]) if len(sys.argv) > 2 else 200
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 60
seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

stats = tempfile.NamedTemporaryFile(delete=False).name
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    env = dict(os.environ, TERM="xterm-direct", COLORTERM="truecolor", LANG="C.UTF-8", XRSTUDIO_TUI_STATS=stats)
    env.pop("NO_COLOR", None)
    os.execve(binary, [binary, "tui", "Scenes/binhai-xr-stage.yaml", "--take", "dolly push-in"], env)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

def pump(duration):
    """Reads everything for `duration` seconds; returns the bytes."""
    out = bytearray()
    end = time.time() + duration
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                out += os.read(fd, 1 << 16)
            except OSError:
                break
    return bytes(out)

last_painted = 0


def painted():
    """Frames painted so far; the viewer rewrites the file in place, so an empty read keeps the last count."""
    global last_painted
    try:
        with open(stats) as f:
            last_painted = max(last_painted, int(f.read().strip()))
    except (OSError, ValueError):
        pass
    return last_painted

pump(4.0)  # start-up, first frames, the analysis in the background
f0 = painted()
moving = pump(seconds)  # the take plays: the camera moves every frame
f1 = painted()

def full_repaint():
    """Ctrl-L, then every byte until the next frame has been painted: one whole-screen frame and its chrome."""
    pump(0.3)
    before = painted()
    os.write(fd, b"\x0c")
    data = bytearray()
    end = time.time() + 3
    while time.time() < end and painted() <= before:
        r, _, _ = select.select([fd], [], [], 0.002)
        if r:
            data += os.read(fd, 1 << 16)
    data += pump(0.02)  # the rest of that frame's refresh
    return bytes(data)

moving_full = full_repaint()  # while the take plays: coarse colours
os.write(fd, b" ")  # pause: the camera stops; the full-precision frame follows
still = pump(2.0)
full = full_repaint()
# Flying: a key every 10 ms (faster than any frame), so the viewer renders as fast as it can.
fly0, fly_bytes, t0 = painted(), 0, time.time()
while time.time() - t0 < 3.0:
    os.write(fd, b"wa"[int((time.time() - t0) * 2) % 2:][:1])
    fly_bytes += len(pump(0.01))
fly_frames = painted() - fly0
fly_seconds = time.time() - t0
pump(0.5)
os.write(fd, b"q")
pump(1.0)
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
os.unlink(stats)
n = max(f1 - f0, 1)
print(f"tui-bytes size={cols}x{rows} phase=moving frames={f1 - f0} bytes={len(moving)} bytes_per_frame={len(moving) // n}")
print(f"tui-bytes size={cols}x{rows} phase=stopping bytes={len(still)} (the full-precision frame after the camera stops)")
print(f"tui-bytes size={cols}x{rows} phase=flying frames={fly_frames} frames_per_s={fly_frames / fly_seconds:.1f} bytes_per_frame={fly_bytes // max(fly_frames, 1)}")
print(f"tui-bytes size={cols}x{rows} phase=full_repaint_moving bytes={len(moving_full)}")
print(f"tui-bytes size={cols}x{rows} phase=full_repaint_still bytes={len(full)}")
m = lowband.measure(binary, cols, rows, steps=8)
lowband.report(m)
for problem in lowband.failures(m) + ([f"bytes per frame {m['bytes_per_frame']} >= {m['bytes_aim']}"]
                                       if m["bytes_per_frame"] >= m["bytes_aim"] else []):
    print("tui-bytes MISSED AIM: " + problem)
