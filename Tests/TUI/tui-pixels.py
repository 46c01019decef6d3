#!/usr/bin/env python3
"""tui-pixels.py BINARY: the viewer's pixel protocols on a pseudo-terminal that answers like kitty, like a sixel
terminal, and like tmux (DA1 only). Checks that the probe is a DA1-fenced query, that the picture then arrives as
kitty graphics (and is deleted on exit) or as sixel, and that without either the viewer draws cells. Prints
'ok'/'FAIL' lines and 'N passed, M failed'; exits 1 on a failure."""
import os, pty, select, struct, sys, fcntl, termios, time

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/xrstudio")
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
passed = failed = 0

def ok(cond, text):
    global passed, failed
    print(("ok   " if cond else "FAIL ") + text)
    if cond: passed += 1
    else: failed += 1

def run(reply, extra=()):
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(root)
        env = {k: v for k, v in os.environ.items() if k not in ("SSH_CONNECTION", "SSH_TTY", "NO_COLOR")}
        env.update(TERM="xterm-256color", LANG="C.UTF-8")
        os.execve(binary, [binary, "tui", "Scenes/lantern-flat-wall.yaml", *extra], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 800, 480))
    out = bytearray()
    answered = False
    end = time.time() + 25
    seen_frame = False
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                out += os.read(fd, 1 << 16)
            except OSError:
                break
        if not answered and b"\x1b[c" in out:
            os.write(fd, reply)
            answered = True
        if (b"\x1b_Ga=T" in out or b"\x1bPq" in out or b"LED " in out) and time.time() > 0 and not seen_frame:
            seen_frame = True
            end = min(end, time.time() + 3)
    os.write(fd, b"q")
    tail_end = time.time() + 5
    while time.time() < tail_end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    _, status = os.waitpid(pid, 0)
    return bytes(out), os.waitstatus_to_exitcode(status), answered

out, code, asked = run(b"\x1b_Gi=31;OK\x1b\\\x1b[?62;c")
ok(asked, "the probe ends with DA1 (ESC [ c), which every terminal answers")
ok(b"\x1b_Gi=31,s=1,v=1,a=q" in out, "the kitty query action is sent before DA1")
ok(b"\x1b_Ga=T,f=24,s=800" in out, "a kitty terminal gets the picture as kitty graphics (800 px wide for 100 cells)")
ok(b"\x1b_Ga=d,d=A" in out, "the pictures are deleted on exit")
ok(code == 0, f"q exits 0 (got {code})")

out, code, _ = run(b"\x1b[?63;1;2;4;6;9;15;22c")
ok(b"\x1bPq\"1;1;800;" in out, "a sixel terminal (DA1 attribute 4) gets the picture as sixel")
ok(code == 0, f"q exits 0 (got {code})")

out, code, _ = run(b"\x1b[?1;2c")
ok(b"\x1b_Ga=T" not in out and b"\x1bPq" not in out, "a terminal with neither (tmux's DA1) gets cells")
ok("▀".encode() in out, "… drawn with half blocks")

out, code, _ = run(b"\x1b_Gi=31;OK\x1b\\\x1b[?62;c", ["--graphics", "off"])
ok(b"\x1b_Gi=31" not in out and b"\x1b_Ga=T" not in out, "--graphics off sends no query and no picture")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
