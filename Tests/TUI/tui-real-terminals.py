#!/usr/bin/env python3
"""tui-real-terminals.py BINARY: the TUI in real terminals, each under its own Xvfb — xterm with TERM=xterm,
xterm-256color, xterm-256color with COLORTERM=truecolor, `xterm -ti vt340` with --graphics sixel, and kitty with
--graphics kitty (Mesa's software GL) — paused on frame 40 of the dolly take (space, `:goto 40`; `o` hides the plan
pane in the cell modes). Every window is 80x24 cells and all cases run at once.

When the TUI and the terminal are idle (no CPU time and no output for a second) and the screen's status line says
frame 40, the window is read with xwd. The picture's rectangle is where ViewportLayout puts it (the viewport's rows
letterboxed to 16:9, in cells of the size the terminal reports); its 32x18 block means are compared with those of
`xrstudio render --frames 40-40 --view camera` at that rectangle's pixel size (one render per size, shared): the
mean colour error (0-255 a channel) must stay within the mode's bound and at least 90% of the blocks must be lit
(never a black viewport). For sixel and kitty the picture the TUI sent is decoded from its bytes too and compared
the same way, which tells an encoder fault from a terminal's.

Prints one line per case and 'N passed, M failed'; exits 1 on a failure, 77 when Xvfb, xterm, kitty or xwd is
missing. Every process it starts (Xvfb, terminals, relays, TUIs) is ended, also on failure or ^C.
TUI_REAL_ONLY=NAME[,NAME] runs some cases; TUI_REAL_KEEP=1 keeps logs and screenshots (.build/tui-real-NAME.png).
`--relay` is the pty relay it runs inside each terminal (keys in, bytes logged)."""
import base64, fcntl, os, pty, re, select, shutil, signal, struct, subprocess, sys, tempfile, termios, threading
import math, time, tty, zlib

TAKE, FRAME, FRAMES = "dolly push-in", 40, 351
SCENE = "Scenes/binhai-xr-stage.yaml"
CHROME_ROWS = 3              # timeline, status, hint (a take is loaded)
COLS, ROWS = 80, 24
ASPECT = 16 / 9              # the scene's render size, 1920x1080
GRID = (32, 18)              # comparison blocks
# name, terminal argv, TUI flags, the TUI's environment, mean colour error bound (0-255 a channel, 32x18 blocks),
# least share of lit blocks. Bounds are the errors measured on Debian 12 (xterm 379, kitty 0.26.5; Docs/tui.md,
# 'Real terminals') with margin. TERM=xterm has 8 colours (terminfo colors#8): this dark frame comes out mostly
# black, in the TUI's own cells as on screen, hence its loose bound and its lower share of lit blocks.
CASES = [
    ("xterm-8", ["xterm", "-tn", "xterm"], ["--graphics", "off"], {}, 36, 0.5),
    ("xterm-256", ["xterm", "-tn", "xterm-256color"], ["--graphics", "off"], {}, 10, 0.9),
    ("xterm-truecolor", ["xterm", "-tn", "xterm-256color"], ["--graphics", "off"], {"COLORTERM": "truecolor"}, 5, 0.9),
    ("xterm-sixel", ["xterm", "-ti", "vt340", "-tn", "xterm-256color"], ["--graphics", "sixel"], {}, 4, 0.9),
    ("kitty", ["kitty"], ["--graphics", "kitty"], {}, 2, 0.9),
]


def relay(args):
    """Runs args.cmd on a pty inside the terminal: terminal <-> pty, plus keys from FIFO; output logged to LOG, the
    terminal's winsize (with pixels) to LOG.winsize and the relay's and the program's pids to LOG.pid."""
    fifo, log, cmd = args[0], args[1], args[2:]
    ws = fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8)
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, ws)
    with open(log + ".pid", "w") as f:
        f.write("%d %d\n" % (os.getpid(), pid))
    with open(log + ".winsize", "w") as f:
        f.write("%d %d %d %d\n" % struct.unpack("HHHH", ws))
    tty.setraw(0)
    keys = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    with open(log, "wb") as out:
        while True:
            r, _, _ = select.select([0, fd, keys], [], [])
            if fd in r:
                try:
                    b = os.read(fd, 1 << 16)
                except OSError:
                    break
                if not b:
                    break
                out.write(b); out.flush()
                os.write(1, b)
            if 0 in r:
                os.write(fd, os.read(0, 4096))
            if keys in r:
                os.write(fd, os.read(keys, 4096))
    os.waitpid(pid, 0)


if len(sys.argv) > 1 and sys.argv[1] == "--relay":
    relay(sys.argv[2:])
    sys.exit(0)

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import vtscreen  # noqa: E402

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/xrstudio")
root = os.path.dirname(os.path.dirname(here))
for tool in ("Xvfb", "xterm", "kitty", "xwd"):
    if not shutil.which(tool):
        print(f"SKIP: {tool} is not installed (make test-deps installs xvfb xterm kitty x11-apps)")
        sys.exit(77)
if not os.access(binary, os.X_OK):
    print(f"FAIL: no binary at {binary}")
    sys.exit(1)
keep = bool(os.environ.get("TUI_REAL_KEEP"))
timeout = float(os.environ.get("TUI_REAL_TIMEOUT", "100"))
work = tempfile.mkdtemp(prefix="tui-real-")
lock = threading.Lock()
procs = []                   # Popen objects, each the leader of its own session
pids = []                    # relays and TUIs (in the terminals' sessions)
results = []


def start(argv, **kw):
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, **kw)
    with lock:
        procs.append(p)
    return p


def stop(p):
    """Ends p and everything in its session (the terminal, or Xvfb), by process group."""
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(3)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def cleanup():
    for pid in pids:         # the relay and TUI live in the terminal's pty session, not in its process group
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    with lock:
        ps = list(reversed(procs))
    for p in ps:
        stop(p)
    if keep: print("kept", work)
    else: shutil.rmtree(work, ignore_errors=True)


def on_signal(sig, frame):
    raise KeyboardInterrupt


signal.signal(signal.SIGTERM, on_signal)


# ---- images: XWD, PNG, sixel and kitty payloads; block means ----------------------------------------------------

def read_xwd(data, box):
    """Rows of (r,g,b) of the box (x0, y0, x1, y1) of an xwd dump of a 24/32-bit TrueColor screen (Xvfb's)."""
    h = struct.unpack(">25I", data[:100])
    header_size, fmt, w, hgt = h[0], h[2], h[4], h[5]
    byte_order, bpp, bpl = h[7], h[11], h[12]
    rmask, gmask, bmask = h[14], h[15], h[16]          # red_mask, green_mask, blue_mask (XWDFileHeader)
    ncolors = h[19]
    assert fmt == 2 and bpp in (24, 32), f"xwd: format {fmt}, {bpp} bits per pixel"
    off = header_size + 12 * ncolors
    shifts = [(m & -m).bit_length() - 1 for m in (rmask, gmask, bmask)]
    step, order = bpp // 8, "little" if byte_order == 0 else "big"
    x0, y0, x1, y1 = box
    assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= hgt, f"xwd: box {box} outside {w}x{hgt}"
    rows = []
    for y in range(y0, y1):
        line = data[off + y * bpl: off + y * bpl + w * step]
        row = []
        for x in range(x0, x1):
            px = int.from_bytes(line[x * step:(x + 1) * step], order)
            row.append(tuple((px >> s) & 255 for s in shifts))
        rows.append(row)
    return rows


def read_png(path):
    """(width, height, rows of (r,g,b)) from an 8-bit RGB or RGBA PNG (what `xrstudio render` writes)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, bits, ctype = struct.unpack(">IIBB", body[:10])
            assert bits == 8 and ctype in (2, 6), f"{path}: {bits}-bit colour type {ctype}"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    ch = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * ch
    prev = bytearray(stride)
    rows = []
    i = 0
    for _ in range(h):
        f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - ch] if x >= ch else 0
            b = prev[x]
            c = prev[x - ch] if x >= ch else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * ch:x * ch + 3]) for x in range(w)])
        prev = line
    return w, h, rows


def decode_sixel(s):
    """Rows of (r,g,b) of a sixel picture (`ESC P … q … ESC \\`): raster size from `"`, `#n;2;r;g;b` registers
    (percent), `!n` repeats, `$` and `-`; pixels never drawn are black."""
    i = s.index(b"q") + 1
    n, w, h, pal, cur, x, y = len(s), 0, 0, {}, 0, 0, 0
    def num():
        nonlocal i
        j = i
        while i < n and 48 <= s[i] <= 57: i += 1
        return int(s[j:i] or b"0")
    def params():
        nonlocal i
        vals = [num()]
        while i < n and s[i] == 0x3B: i += 1; vals.append(num())
        return vals
    img = None
    while i < n:
        c = s[i]
        if c == 0x22:
            i += 1; v = params()
            if len(v) >= 4: w, h = v[2], v[3]
            img = [[(0, 0, 0)] * w for _ in range(h)]
            continue
        if c == 0x23:
            i += 1; v = params(); cur = v[0]
            if len(v) >= 5 and v[1] == 2: pal[cur] = tuple(round(p * 255 / 100) for p in v[2:5])
            continue
        rep = 1
        if c == 0x21:
            i += 1; rep = num(); c = s[i]
        i += 1
        if c == 0x24: x = 0
        elif c == 0x2D: x = 0; y += 6
        elif 63 <= c <= 126 and img is not None:
            bits, colour = c - 63, pal.get(cur, (0, 0, 0))
            for k in range(6):
                if bits >> k & 1 and y + k < h:
                    row = img[y + k]
                    for xx in range(x, min(x + rep, w)): row[xx] = colour
            x += rep
    return img or [[(0, 0, 0)]]


def decode_kitty(log, start):
    """Rows of (r,g,b) of the kitty picture (`a=T,f=24`) whose first chunk starts at `start` in the log."""
    m = re.match(rb"\x1b_Ga=T,f=24,s=(\d+),v=(\d+)", log[start:])
    w, h = int(m.group(1)), int(m.group(2))
    payload, pos = b"", start
    while True:
        semi, end = log.index(b";", pos), log.index(b"\x1b\\", pos)
        payload += log[semi + 1:end]
        if b"m=0" in log[pos:semi]: break
        pos = log.index(b"\x1b_G", end)
    rgb = base64.b64decode(payload)
    return [[tuple(rgb[3 * (y * w + x):3 * (y * w + x) + 3]) for x in range(w)] for y in range(h)]


def blocks(rows):
    """The mean colour of each cell of a GRID over the whole of rows."""
    gw, gh = GRID
    h, w = len(rows), len(rows[0])
    out = []
    for j in range(gh):
        ya, yb = h * j // gh, max(h * (j + 1) // gh, h * j // gh + 1)
        for i in range(gw):
            xa, xb = w * i // gw, max(w * (i + 1) // gw, w * i // gw + 1)
            s = [0, 0, 0]
            for y in range(ya, yb):
                for p in rows[y][xa:xb]:
                    s[0] += p[0]; s[1] += p[1]; s[2] += p[2]
            k = (yb - ya) * (xb - xa)
            out.append((s[0] / k, s[1] / k, s[2] / k))
    return out


def error(got, want):
    """Mean absolute channel difference of two block lists (0-255)."""
    return sum(abs(a - b) for g, e in zip(got, want) for a, b in zip(g, e)) / (3 * len(got))


def write_png(path, rows):
    """A screenshot kept for a failed case (RGB, filter 0)."""
    h, w = len(rows), len(rows[0])
    raw = b"".join(b"\0" + bytes(v for p in row for v in p) for row in rows)
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def swift_round(x):
    """Swift's .rounded(): halves away from zero (Python's round() takes halves to even)."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def picture_cells(cols, rows, k=2.0):
    """ViewportLayout's picture rectangle (col, row, cols, rows) for a viewport of cols x rows cells, each k times as
    tall as wide (2 for the cell modes; the terminal's own for pixel graphics), letterboxed to ASPECT and centred."""
    c, r = cols, rows
    if cols / (k * max(rows, 1)) > ASPECT:
        c = min(cols, max(1, swift_round(k * rows * ASPECT)))
    else:
        r = min(rows, max(1, swift_round(cols / (k * ASPECT))))
    return (cols - c) // 2, (rows - r) // 2, c, r


def shot_in(w, h):
    """PixelPresenter.shotSize: the ASPECT picture inside a w x h box, (x, y, width, height), centred."""
    if w / h > ASPECT:
        sw, sh = max(1, min(w, swift_round(h * ASPECT))), h
    else:
        sw, sh = w, max(1, min(h, swift_round(w / ASPECT)))
    return (w - sw) // 2, (h - sh) // 2, sw, sh


# ---- the reference renders (one per size, shared) ------------------------------------------------------------------

refs = {}


def reference(w, h):
    """Block means of the CLI render of the frame at w x h (rendered once per size; other cases wait for it)."""
    with lock:
        entry = refs.get((w, h))
        if entry is None:
            entry = refs[(w, h)] = {"done": threading.Event()}
            mine = True
        else:
            mine = False
    if mine:
        out = os.path.join(work, f"ref-{w}x{h}")
        p = start([binary, "render", SCENE, "--take", TAKE, "--frames", f"{FRAME}-{FRAME}", "--view", "camera",
                   "--size", f"{w}x{h}", "--out", out, "--quiet"], cwd=root)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            stop(p)
        png = os.path.join(out, "frame.%04d.png" % FRAME)
        if p.returncode == 0 and os.path.exists(png):
            entry["blocks"] = blocks(read_png(png)[2])
        entry["done"].set()
    entry["done"].wait(timeout)
    return entry.get("blocks")


# ---- one terminal ------------------------------------------------------------------------------------------------

def cpu_ticks(pid, skip=""):
    """User plus system CPU ticks of pid's threads, leaving out those whose name contains `skip`; None once it is
    gone. (The TUI runs the take's shot analysis once at start on Dispatch's global utility queue, whose threads
    are named "com.apple.root.utility-qos" (truncated to 15 characters); in a debug build that takes longer than
    the whole test, so the TUI's idleness is that of its other threads: the key loop and the render queue.)"""
    total = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                head, rest = open(f"/proc/{pid}/task/{tid}/stat").read().rsplit(")", 1)
            except OSError:
                continue
            if skip and skip in head.split("(", 1)[1]: continue
            f = rest.split()
            total += int(f[11]) + int(f[12])
    except (OSError, IndexError, ValueError):
        return None
    return total


def renice_analysis(pid):
    """Lowest priority (nice 19) for the TUI's take-analysis threads (see cpu_ticks): five TUIs' analyses would
    otherwise take most of two cores from the renders this test waits for."""
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                if "utility" in open(f"/proc/{pid}/task/{tid}/comm").read():
                    os.setpriority(os.PRIO_PROCESS, int(tid), 19)
            except OSError:
                pass
    except OSError:
        pass


def xvfb(width, height):
    """A fresh Xvfb; its display name (Xvfb picks a free number and says so on -displayfd)."""
    r, w = os.pipe()
    start(["Xvfb", "-displayfd", str(w), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"], pass_fds=(w,))
    os.close(w)
    number = b""
    end = time.time() + 20
    while time.time() < end and not number.endswith(b"\n"):
        ready, _, _ = select.select([r], [], [], max(0.0, end - time.time()))
        if not ready: break
        chunk = os.read(r, 16)
        if not chunk: break
        number += chunk
    os.close(r)
    return ":" + number.decode().strip() if number.strip() else None


def run_case(name, terminal, tui_args, env_extra, bound, min_lit):
    try:
        line = case(name, terminal, tui_args, env_extra, bound, min_lit)
    except Exception as e:               # a broken case is a failed case, never a crashed run
        line = (False, f"{name}: {type(e).__name__}: {e}")
    with lock:
        results.append(line)
        print(("ok   " if line[0] else "FAIL ") + line[1], flush=True)


def case(name, terminal, tui_args, env_extra, bound, min_lit):
    t0 = time.time()
    end = t0 + timeout
    display = xvfb(800, 480)
    if not display:
        return False, f"{name}: Xvfb did not start"
    fifo, log = os.path.join(work, name + ".keys"), os.path.join(work, name + ".log")
    os.mkfifo(fifo)
    # The TUI's own environment is set inside the terminal (xterm drops COLORTERM from the environment it passes on).
    cmd = [sys.executable, os.path.abspath(__file__), "--relay", fifo, log, "env", *[f"{k}={v}" for k, v in env_extra.items()],
           binary, "tui", SCENE, "--take", TAKE, *tui_args]
    stats = os.path.join(work, name + ".stats")
    env = dict(os.environ, DISPLAY=display, LANG="C.UTF-8", LC_ALL="C.UTF-8", XRSTUDIO_TUI_STATS=stats)
    for k in ("SSH_CONNECTION", "SSH_TTY", "NO_COLOR", "COLORTERM", "TMUX", "WINDOWID"):
        env.pop(k, None)
    if terminal[0] == "kitty":
        argv = ["kitty", "--config", "NONE", "-o", "font_family=DejaVu Sans Mono", "-o", "font_size=8",
                "-o", "remember_window_size=no", "-o", f"initial_window_width={COLS}c",
                "-o", f"initial_window_height={ROWS}c", "-o", "window_padding_width=0",
                "-o", "cursor_blink_interval=0", "-o", "background=#000000", "--", *cmd]
        env["LIBGL_ALWAYS_SOFTWARE"] = "1"
    else:
        argv = [*terminal, "-geometry", f"{COLS}x{ROWS}+0+0", "-fa", "DejaVu Sans Mono", "-fs", "8", "-bg", "black",
                "-fg", "white", "-b", "0", "-bw", "0", "-xrm", "XTerm*allowSendEvents: false", "-e", *cmd]
    term = start(argv, cwd=root, env=env)

    def logged():
        try:
            return open(log, "rb").read()
        except OSError:
            return b""

    def painted():
        try:
            return int(open(stats).read().strip() or 0)
        except (OSError, ValueError):
            return 0

    def wait_for(pred, what):
        while time.time() < end:
            if term.poll() is not None:
                return f"the terminal exited ({term.returncode}) while waiting for {what}"
            if pred():
                return None
            time.sleep(0.1)
        return f"timed out after {time.time() - t0:.0f} s waiting for {what}"

    err = wait_for(lambda: os.path.exists(log + ".pid") and b"frame " in logged(), "the TUI's first screen")
    if err: return False, f"{name}: {err}"
    relay_pid, tui_pid = map(int, open(log + ".pid").read().split())
    with lock:
        pids.extend([tui_pid, relay_pid])
    try:
        with open(fifo, "wb", 0) as k:
            k.write(b" ")                        # pause
            if "off" in tui_args: k.write(b"o")  # the plan pane off (cell modes draw it over the picture)
            k.write(b":goto %d\r" % FRAME)

        # Settled: a frame was painted, the status line says frame 40 paused, and for a second neither the TUI nor
        # the terminal used CPU time nor did the TUI write anything.
        rows_, cols_, xpix, ypix = map(int, open(log + ".winsize").read().split())
        if xpix == 0 or ypix == 0:
            return False, f"{name}: the terminal reports no pixel size (TIOCGWINSZ)"
        # Where the picture is, and its reference render, started now in the background.
        cw, ch = xpix / cols_, ypix / rows_
        pixels = "sixel" in tui_args or "kitty" in tui_args
        # Pixel graphics letterbox by the terminal's own cells, and the shot (16:9) sits centred in the cells' pixels
        # with black bars: those bars must be black, the shot must be the render of its own size.
        pc, pr, pcols, prows = picture_cells(cols_, rows_ - CHROME_ROWS, ch / cw if pixels else 2.0)
        box = (round(pc * cw), round(pr * ch), round((pc + pcols) * cw), round((pr + prows) * ch))
        sx, sy, pw, ph = shot_in(box[2] - box[0], box[3] - box[1]) if pixels else (0, 0, box[2] - box[0], box[3] - box[1])
        box_w, box_h = box[2] - box[0], box[3] - box[1]
        def crop(rows):
            return [row[sx:sx + pw] for row in rows[sy:sy + ph]]
        def bars(rows):
            return [p for y, row in enumerate(rows) for x, p in enumerate(row)
                    if not (sy <= y < sy + ph and sx <= x < sx + pw)]
        threading.Thread(target=reference, args=(pw, ph), daemon=True).start()
        want_status = f"frame {FRAME} ({FRAME + 1}/{FRAMES}) paused"
        state = {"screen": None}
        def settled():
            renice_analysis(tui_pid)
            if painted() < 1: return False
            a = (cpu_ticks(tui_pid, "utility"), cpu_ticks(term.pid), len(logged()))
            time.sleep(1.0)
            b = (cpu_ticks(tui_pid, "utility"), cpu_ticks(term.pid), len(logged()))
            if None in a or None in b or b[2] != a[2] or b[0] - a[0] > 3 or b[1] - a[1] > 3: return False
            screen = vtscreen.Screen(cols_, rows_)
            screen.feed(logged())
            text = ["".join(c[0] for c in row) for row in screen.cells]
            state["screen"], state["vt"] = text, screen
            return any(want_status in t for t in text[-CHROME_ROWS:])
        err = wait_for(settled, f"frame {FRAME} painted and the TUI idle")
        t_settled = time.time() - t0
        if err:
            last = (state["screen"] or [""])[-1].strip()
            return False, f"{name}: {err} (hint line: {last!r})"
        shot = os.path.join(work, name + ".xwd")
        subprocess.run(["xwd", "-root", "-silent", "-out", shot], env=env, check=True, timeout=20)
        data = open(shot, "rb").read()
        box_rows = read_xwd(data, box)
        got_rows = crop(box_rows)
        bar_pixels = bars(box_rows)
        want = reference(pw, ph)
        if want is None:
            return False, f"{name}: the CLI render at {pw}x{ph} failed"
        got = blocks(got_rows)
        err_screen = error(got, want)
        lit = sum(1 for g in got if sum(g) > 12) / len(got)
        # What the TUI sent, decoded (pixel modes): the last picture in the log.
        sent = ""
        log_bytes = logged()
        if "sixel" in tui_args:
            j = log_bytes.rfind(b"\x1bPq")
            sent_rows = decode_sixel(log_bytes[j:log_bytes.index(b"\x1b\\", j)]) if j >= 0 else None
        elif "kitty" in tui_args:
            j = log_bytes.rfind(b"\x1b_Ga=T")
            sent_rows = decode_kitty(log_bytes, j) if j >= 0 else None
        else:
            # The half-block picture the TUI's cells mean, in xterm's palette (vtscreen).
            px = vtscreen.pixels(state["vt"], pcols, prows, pc, pr)
            sent_rows = []
            for r in range(prows):
                sent_rows.append([px[2 * (r * pcols + c)] for c in range(pcols)])
                sent_rows.append([px[2 * (r * pcols + c) + 1] for c in range(pcols)])
        err_sent = None
        if sent_rows is None:
            return False, f"{name}: the TUI sent no picture"
        lit_bars = 0
        if sent_rows:
            if pixels:
                if (len(sent_rows[0]), len(sent_rows)) != (box_w, box_h):
                    return False, f"{name}: sent {len(sent_rows[0])}x{len(sent_rows)} px for a {box_w}x{box_h} px box"
                lit_bars = sum(1 for p in bars(sent_rows) if sum(p[:3]) > 0)
                sent_rows = crop(sent_rows)
            err_sent = error(blocks(sent_rows), want)
            sent = f"; sent {len(sent_rows[0])}x{len(sent_rows)}, error {err_sent:.2f}"
        # On screen the bars are the terminal's background or the sent black: dark either way.
        lit_bars += sum(1 for p in bar_pixels if sum(p[:3]) > 3 * 40)
        if lit_bars:
            sent += f"; {lit_bars} lit pixels in the letterbox bars"
        good = err_screen <= bound and lit >= min_lit and (err_sent is None or err_sent <= bound) and lit_bars == 0
        if not good or keep:
            write_png(os.path.join(root, ".build", f"tui-real-{name}.png"), got_rows)
        return good, (f"{name}: picture {pw}x{ph} px ({pcols}x{prows} cells of {cw:g}x{ch:g}) on screen, mean "
                      f"colour error {err_screen:.2f} (bound {bound}), {100 * lit:.0f}% of blocks lit (least {100 * min_lit:.0f}%){sent} "
                      f"({t_settled:.0f} s, {time.time() - t0:.0f} s)")
    finally:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.write(fd, b"q"); os.close(fd)
        except OSError:
            pass
        deadline = time.time() + 3
        while term.poll() is None and time.time() < deadline:
            time.sleep(0.1)
        stop(term)


def main():
    t0 = time.time()
    only = set(filter(None, os.environ.get("TUI_REAL_ONLY", "").split(",")))
    threads = [threading.Thread(target=run_case, args=c, daemon=True) for c in CASES if not only or c[0] in only]
    for t in threads: t.start()
    for t in threads: t.join()
    failed = sum(1 for ok, _ in results if not ok)
    print(f"{len(results) - failed} passed, {failed} failed ({time.time() - t0:.0f} s)")
    return failed


failed = 1
try:
    failed = main()
except KeyboardInterrupt:
    print("interrupted")
finally:
    cleanup()
sys.exit(1 if failed else 0)
