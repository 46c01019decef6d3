#!/usr/bin/env python3
"""tui-real-terminals.py BINARY: the TUI in real terminals under Xvfb — xterm (TERM=xterm; xterm-256color with
COLORTERM=truecolor; -ti vt340 with --graphics sixel) and kitty (--graphics kitty, Mesa's software GL) — paused on
frame 40 of the dolly take. Each window is screenshot with xwd; the viewport's picture (the bounding box of
non-black pixels above the chrome lines) is compared with the CLI render of that frame at the viewport's pixel size,
scaled to the box: a mean colour error bound per mode, and never a black viewport. Pure Python (XWD and PNG read
here), no window manager. Prints 'ok'/'FAIL' lines and 'N passed, M failed'; exits 1 on a failure, 77 when Xvfb,
xterm, kitty or xwd is missing. `--relay` is the pty relay it runs inside each terminal (keys in, bytes logged)."""
import os, pty, re, select, signal, struct, subprocess, sys, tempfile, time, zlib, fcntl, termios, tty, shutil

TAKE, FRAME = "dolly push-in", 40
SCENE = "Scenes/binhai-xr-stage.yaml"
CHROME_ROWS = 3              # timeline, status, hint (a take is loaded)
COLS, ROWS = 100, 30         # xterm geometry; kitty gets a window of about this many cells


def relay(args):
    """Runs args.cmd on a pty inside the terminal: terminal <-> pty, plus keys from FIFO; output logged to LOG and
    the terminal's winsize (with pixels) written to LOG.winsize."""
    fifo, log, cmd = args[0], args[1], args[2:]
    ws = fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8)
    with open(log + ".winsize", "w") as f:
        f.write("%d %d %d %d\n" % struct.unpack("HHHH", ws))
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, ws)
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

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/xrstudio")
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for tool in ("Xvfb", "xterm", "kitty", "xwd"):
    if not shutil.which(tool):
        print(f"SKIP: {tool} is not installed (make test-deps installs xvfb xterm kitty x11-apps)")
        sys.exit(77)
work = tempfile.mkdtemp(prefix="tui-real-")
procs = []
passed = failed = 0


def ok(cond, text):
    global passed, failed
    print(("ok   " if cond else "FAIL ") + text, flush=True)
    if cond: passed += 1
    else: failed += 1


def start(argv, **kw):
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, **kw)
    procs.append(p)
    return p


def stop(p):
    """Ends p and everything in its session (the terminal, the relay, the TUI), by process group."""
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
    for p in reversed(procs):
        stop(p)
    if not os.environ.get("TUI_REAL_KEEP"): shutil.rmtree(work, ignore_errors=True)
    else: print("kept", work)


# ---- images: XWD and PNG readers, box averaging --------------------------------------------------------------------

def read_xwd(data):
    """(width, height, rows of (r,g,b) tuples) from an xwd dump of a 24/32-bit TrueColor window (Xvfb's)."""
    h = struct.unpack(">25I", data[:100])
    header_size, fmt, depth, w, hgt = h[0], h[2], h[3], h[4], h[5]
    byte_order, bpp, bpl, ncolors = h[7], h[11], h[12], h[19]
    rmask, gmask, bmask = h[15], h[16], h[17]
    assert fmt == 2 and bpp in (24, 32), f"xwd: format {fmt}, {bpp} bits per pixel"
    off = header_size + 12 * ncolors
    shifts = [(m & -m).bit_length() - 1 for m in (rmask, gmask, bmask)]
    step = bpp // 8
    rows = []
    for y in range(hgt):
        line = data[off + y * bpl: off + y * bpl + w * step]
        row = []
        for x in range(w):
            px = int.from_bytes(line[x * step:(x + 1) * step], "little" if byte_order == 0 else "big")
            row.append(tuple((px >> s) & 255 for s in shifts))
        rows.append(row)
    return w, hgt, rows


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


def blocks(rows, x0, y0, x1, y1, gw, gh):
    """The mean colour of each cell of a gw x gh grid over the box [x0,x1) x [y0,y1)."""
    out = []
    for j in range(gh):
        ya, yb = y0 + (y1 - y0) * j // gh, y0 + (y1 - y0) * (j + 1) // gh
        for i in range(gw):
            xa, xb = x0 + (x1 - x0) * i // gw, x0 + (x1 - x0) * (i + 1) // gw
            s = [0, 0, 0]; n = 0
            for y in range(ya, max(yb, ya + 1)):
                for x in range(xa, max(xb, xa + 1)):
                    p = rows[y][x]; s[0] += p[0]; s[1] += p[1]; s[2] += p[2]; n += 1
            out.append((s[0] / n, s[1] / n, s[2] / n))
    return out


def write_png(path, w, h, rows):
    """A screenshot kept for a failed case (RGB, filter 0)."""
    raw = b"".join(b"\0" + bytes(v for p in row for v in p) for row in rows)
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


# ---- one terminal ------------------------------------------------------------------------------------------------

def run_case(name, display, terminal, tui_args, env_extra, bound):
    fifo, log = os.path.join(work, name + ".keys"), os.path.join(work, name + ".log")
    os.mkfifo(fifo)
    cmd = [sys.executable, os.path.abspath(__file__), "--relay", fifo, log, binary, "tui", SCENE, "--take", TAKE, *tui_args]
    stats = os.path.join(work, name + ".stats")
    env = dict(os.environ, DISPLAY=display, LANG="C.UTF-8", LC_ALL="C.UTF-8", XRSTUDIO_TUI_STATS=stats, **env_extra)
    for k in ("SSH_CONNECTION", "SSH_TTY", "NO_COLOR", "COLORTERM", "TMUX"):
        if k not in env_extra: env.pop(k, None)
    if terminal == "kitty":
        argv = ["kitty", "--config", "NONE", "-o", "font_family=DejaVu Sans Mono", "-o", "font_size=9",
                "-o", "remember_window_size=no", "-o", "initial_window_width=720", "-o", "initial_window_height=560",
                "-o", "window_padding_width=0", "-o", "cursor_blink_interval=0", "--", *cmd]
        env["LIBGL_ALWAYS_SOFTWARE"] = "1"
    else:
        argv = ["xterm", *terminal, "-geometry", f"{COLS}x{ROWS}+0+0", "-fa", "DejaVu Sans Mono", "-fs", "8",
                "-bg", "black", "-fg", "white", "-b", "0", "-xrm", "XTerm*allowSendEvents: false", "-e", *cmd]
    p = start(argv, cwd=root, env=env)
    end = time.time() + float(os.environ.get("TUI_REAL_TIMEOUT", "90"))

    def logged():
        try:
            return open(log, "rb").read()
        except OSError:
            return b""

    def wait_for(pred, what, limit):
        while time.time() < min(end, limit):
            if p.poll() is not None:
                return f"the terminal exited ({p.returncode}) while waiting for {what}"
            if pred(logged()):
                return None
            time.sleep(0.1)
        return f"timed out waiting for {what}"

    def painted():
        try:
            return int(open(stats).read().strip() or 0)
        except (OSError, ValueError):
            return 0

    try:
        err = wait_for(lambda b: b"frame " in b, "the TUI's first screen", time.time() + 20)
        if err: return ok(False, f"{name}: {err}")
        with open(fifo, "wb", 0) as k:
            k.write(b" ")
            time.sleep(0.3)
            k.write(b":goto %d\r" % FRAME)
        mark = len(logged())
        pixels = b"\x1b_Ga=T" if "kitty" in tui_args else b"\x1bPq" if "sixel" in tui_args else None
        painted0 = painted()
        # Frame 40 is on screen when a frame was painted after the goto, its number reached the screen (curses sends
        # only what changed: the timeline's "40/350"), the picture went out (pixel modes), and the TUI has then been
        # quiet for 1.5 times its last frame's render time (a frame still in flight would arrive within that).
        def done(b):
            tail = b[mark:]
            return painted() > painted0 and f"{FRAME}/".encode() in tail and (pixels is None or pixels in tail)
        err = wait_for(done, f"frame {FRAME} drawn", end)
        if err: return ok(False, f"{name}: {err}")
        quiet = len(logged())
        while time.time() < end:
            times = re.findall(rb"([0-9]+\.[0-9]) ms", logged())
            time.sleep(max(1.0, 1.5 * float(times[-1]) / 1000 if times else 1.0))
            n = len(logged())
            if n == quiet: break
            quiet = n
        time.sleep(0.5)            # the terminal draws what it read
        shot = os.path.join(work, name + ".xwd")
        subprocess.run(["xwd", "-root", "-silent", "-out", shot], env=env, check=True, timeout=20)
        rows, cols, xpix, ypix = map(int, open(log + ".winsize").read().split())
        if xpix == 0 or ypix == 0:
            return ok(False, f"{name}: the terminal reports no pixel size (TIOCGWINSZ)")
        cw, ch = xpix / cols, ypix / rows
        vrows = rows - CHROME_ROWS
        w, h, img = read_xwd(open(shot, "rb").read())
        # The text area's origin (xterm draws inside a border): the status line is the lowest band of mostly light
        # pixels (reverse video); the timeline row sits on it and the viewport's rows above that.
        def light(y):
            return sum(1 for x in range(0, w, 4) if sum(img[y][x]) > 450) > w / 4 * 0.4
        bottom = next((y for y in range(h - 1, -1, -1) if light(y)), None)
        if bottom is None:
            write_png(os.path.join(root, ".build", f"tui-real-{name}.png"), w, h, img)
            return ok(False, f"{name}: no status line in the screenshot (.build/tui-real-{name}.png)")
        status_top = bottom
        while status_top > 0 and light(status_top - 1): status_top -= 1
        top = max(0, round(status_top - (vrows + 1) * ch))
        left, right = 0, w
        # The picture: the bounding box of non-black pixels in the viewport's rows.
        ys = [y for y in range(top, top + int(vrows * ch)) if any(sum(img[y][x]) > 30 for x in range(left, right, 2))]
        xs = [x for x in range(left, right) if any(sum(img[y][x]) > 30 for y in range(top, top + int(vrows * ch), 2))]
        if not ys or not xs:
            write_png(os.path.join(root, ".build", f"tui-real-{name}.png"), w, h, img)
            return ok(False, f"{name}: the viewport is black (screenshot .build/tui-real-{name}.png)")
        x0, x1, y0, y1 = xs[0], xs[-1] + 1, ys[0], ys[-1] + 1
        # The expected picture: the CLI render of the frame at the viewport's pixel size, scaled to the box.
        vw, vh = int(cols * cw), int(vrows * ch)
        ref = os.path.join(work, name + "-ref")
        r = subprocess.run([binary, "render", SCENE, "--take", TAKE, "--frames", f"{FRAME}-{FRAME}", "--view", "camera",
                            "--size", f"{vw}x{vh}", "--out", ref, "--quiet"], cwd=root, capture_output=True, text=True, timeout=60)
        pngs = sorted(f for f in os.listdir(ref) if f.endswith(".png")) if r.returncode == 0 else []
        if not pngs:
            return ok(False, f"{name}: the CLI render failed: {r.stderr.strip()[:200]}")
        rw, rh, rimg = read_png(os.path.join(ref, pngs[0]))
        gw, gh = 32, 18
        got = blocks(img, x0, y0, x1, y1, gw, gh)
        want = blocks(rimg, 0, 0, rw, rh, gw, gh)
        err = sum(abs(a - b) for g, e in zip(got, want) for a, b in zip(g, e)) / (3 * gw * gh)
        lit = sum(1 for g in got if sum(g) > 30) / len(got)
        good = err <= bound and lit > 0.9
        if not good or os.environ.get("TUI_REAL_KEEP"):
            write_png(os.path.join(root, ".build", f"tui-real-{name}.png"), w, h, img)
        ok(good, f"{name}: picture {x1 - x0}x{y1 - y0} px of a {vw}x{vh} viewport ({cols}x{rows} cells of "
                 f"{cw:.1f}x{ch:.1f}), mean colour error {err:.1f} (bound {bound}), {100 * lit:.0f}% of blocks lit")
    finally:
        try:
            with open(fifo, "wb", 0) as k:
                k.write(b"q")
        except OSError:
            pass
        deadline = time.time() + 3
        while p.poll() is None and time.time() < deadline:
            time.sleep(0.1)
        stop(p)


def main():
    t0 = time.time()
    # A free display: no lock file and no socket.
    n = next(n for n in range(90, 200) if not os.path.exists(f"/tmp/.X{n}-lock") and not os.path.exists(f"/tmp/.X11-unix/X{n}"))
    display = f":{n}"
    start(["Xvfb", display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
    for _ in range(100):
        if os.path.exists(f"/tmp/.X11-unix/X{n}"): break
        time.sleep(0.05)
    else:
        ok(False, "Xvfb did not start"); return
    cases = [
        # name, terminal, TUI flags, environment, mean colour error bound (0-255 a channel, 32x18 blocks)
        ("xterm-16", ["-tn", "xterm"], ["--graphics", "off"], {}, 40),
        ("xterm-truecolor", ["-tn", "xterm-256color"], ["--graphics", "off"], {"COLORTERM": "truecolor"}, 12),
        ("xterm-sixel", ["-ti", "vt340", "-tn", "xterm-256color"], ["--graphics", "sixel"], {}, 12),
        ("kitty", "kitty", ["--graphics", "kitty"], {}, 12),
    ]
    only = os.environ.get("TUI_REAL_ONLY")
    for case in cases:
        if only and case[0] != only: continue
        run_case(case[0], display, *case[1:])
    print(f"{passed} passed, {failed} failed ({time.time() - t0:.0f} s)")


try:
    main()
finally:
    cleanup()
sys.exit(1 if failed else 0)
