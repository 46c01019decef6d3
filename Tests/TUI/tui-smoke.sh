#!/usr/bin/env bash
# tui-smoke.sh: drives `xrstudio tui` in a private, detached tmux server and checks what it draws.
#
# Usage: Tests/TUI/tui-smoke.sh [PATH/TO/xrstudio]   (default .build/debug/xrstudio)
# Environment: INNER_TERM (default tmux-256color; also xterm-256color, tmux-direct with ncurses-term),
#              TIMEOUT seconds per wait (default 45: a debug build on a loaded 2-core CI machine paints about one frame a second, and a key may wait behind several).
# Prints one line per check and "N passed, M failed"; exits 1 on any failure (or when tmux is missing).
# Method (notes/terminal.md §3): a private server (-L, -f /dev/null) of fixed size, polling capture-pane instead
# of sleeping, colours counted with capture-pane -e, the exit status recorded by the shell, not by tmux.
set -uo pipefail

APP=${1:-.build/debug/xrstudio}
INNER_TERM=${INNER_TERM:-tmux-256color}
TIMEOUT=${TIMEOUT:-45}

if ! command -v tmux >/dev/null 2>&1; then
    echo "tui-smoke: tmux is not installed (apt-get install tmux, or make test-tui installs it)"
    exit 1
fi
if [[ ! -x $APP ]]; then
    echo "tui-smoke: $APP is not an executable (build first: swift build)"
    exit 1
fi
APP=$(cd "$(dirname "$APP")" && pwd)/$(basename "$APP")

SOCK="xrtest-$$"                          # one socket per run: no clash, no kill-server/new-session race
work=$(mktemp -d)
status=$work/status
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() {
    local sp
    sp=$(tm display -p '#{socket_path}' 2>/dev/null) || true
    tm kill-server 2>/dev/null || true
    rm -rf "$work"
    [[ -z $sp ]] || rm -f "$sp"
}
trap cleanup EXIT

passed=0 failed=0
pass() { echo "ok   $1"; passed=$((passed + 1)); }
fail() {
    echo "FAIL $1"
    tm capture-pane -p -t t 2>/dev/null | tail -3 | sed 's/^/     | /'
    failed=$((failed + 1))
}
screen() { tm capture-pane -p -t t 2>/dev/null; }
# Distinct colour SGRs (palette and RGB) on the screen.
colours() { tm capture-pane -p -e -t t 2>/dev/null | grep -oE '[34]8;(2;[0-9]+;[0-9]+;[0-9]+|5;[0-9]+)' | sort -u | wc -l; }
# Polls the screen for a regex until TIMEOUT; never a bare sleep.
wait_for() {
    local re=$1 end=$((SECONDS + TIMEOUT))
    while ((SECONDS <= end)); do
        screen | grep -Eq -- "$re" && return 0
        sleep 0.05
    done
    return 1
}
# Polls until a shell condition holds.
wait_until() {
    local end=$((SECONDS + TIMEOUT))
    while ((SECONDS <= end)); do
        eval "$1" && return 0
        sleep 0.1
    done
    return 1
}
check() { # check NAME REGEX
    if wait_for "$2"; then pass "$1"; else fail "$1 (no /$2/ within ${TIMEOUT}s)"; fi
}

# The shell records the exit status and stays, so the pane shows the state the app left behind.
tm new-session -d -s t -x 100 -y 30 -c "$work" \
    "env TERM=$INNER_TERM LANG=C.UTF-8 NO_COLOR= COLORTERM= $APP tui; echo \$? > $status; exec sleep 120"

check "status line appears" '(^| )half \| (256|16|truecolor) \| .*mm hfov'
if wait_until '[[ $(screen | grep -c "▀") -ge 10 ]]'; then pass "viewport drawn with half blocks"
else fail "viewport drawn with half blocks ($(screen | grep -c '▀') lines with ▀)"; fi
if wait_until '(( $(colours) > 20 ))'; then pass "viewport has many colours ($(colours))"
else fail "viewport has many colours (only $(colours))"; fi
[[ $(tm display -p -t t '#{alternate_on}') == 1 ]] && pass "alternate screen in use" || fail "alternate screen in use"

tm send-keys -t t '?'
check "? opens the help overlay" 'orbit around the look-at point'
tm send-keys -t t '?'
if wait_until '! screen | grep -q "orbit around the look-at point"'; then pass "? closes the help overlay"
else fail "? closes the help overlay"; fi

tm send-keys -t t b
# The new blitter is said on the message line; the status line shows it too unless the shot's figures (a warning
# such as "over 0.3% top") crowd the display fields out of 100 columns.
check "b switches the blitter to quadrant" '(^| )quadrant \| |blitter quadrant'


lens0=$(screen | grep -oE '[0-9.]+mm hfov' | head -1)
cam0=$(screen | grep -oE 'cam [-0-9.,]+' | head -1)
tm send-keys -t t w Left +
if wait_until '[[ $(screen | grep -oE "[0-9.]+mm hfov" | head -1) != "$lens0" ]]'; then
    pass "w, Left, + move the camera and change the lens ($cam0, $lens0 -> $(screen | grep -oE '[0-9.]+mm hfov' | head -1))"
else
    fail "w, Left, + move the camera and change the lens"
fi

tm resize-window -t t -x 80 -y 24
if wait_until 'screen | sed -n 23p | grep -qE "^camera \\| LED"'; then pass "resized to 80x24: status line on row 23"
else fail "resized to 80x24: status line on row 23"; fi
if wait_until '[[ $(screen | wc -l) -eq 24 ]] && (( $(colours) > 20 )) && screen | head -20 | grep -q "[▘▝▀▖▌▞▛▗▚▐▜▄▙▟█]"'; then
    pass "still draws after the resize"
else
    fail "still draws after the resize ($(screen | wc -l) lines, $(colours) colours)"
fi

# 80x24: the status line keeps whole fields (it ends in a word, a whole "12.3 ms" or a whole "x,y,z" with two
# decimals each, never inside a number), the hint line ends with
# "q quit  ? help", and help shows what fits with a "more" marker and scrolls (j, PgDn, arrows).
status_row() { screen | sed -n 23p | sed 's/ *$//'; }
hint_row() { screen | sed -n 24p | sed 's/ *$//'; }
if wait_until '[[ -n $(status_row) ]]' && s=$(status_row) && [[ ${#s} -le 80 ]] \
    && status_row | grep -qE '([a-z)%°]|[0-9]\.[0-9] ms|-?[0-9]+\.[0-9]{2},-?[0-9]+\.[0-9]{2},-?[0-9]+\.[0-9]{2})$'; then
    pass "80x24: the status line ends on a whole field: ...$(status_row | tail -c 30)"
else
    fail "80x24: the status line is cut: '$(status_row)'"
fi
if wait_until 'hint_row | grep -qE "q quit  \? help$"'; then pass "80x24: the hint line ends with 'q quit  ? help'"
else fail "80x24: the hint line lost 'q quit  ? help': '$(hint_row)'"; fi
tm send-keys -t t '?'
if wait_for 'v more' && ! screen | grep -q 'q           quit'; then pass "80x24: help shows what fits, with 'v more'"
else fail "80x24: help has no 'more' marker"; fi
tm send-keys -t t j NPage NPage
if wait_for 'q           quit' && screen | grep -q '\^ more'; then pass "80x24: j and PgDn scroll help to its end ('^ more' above)"
else fail "80x24: help does not scroll to its end"; fi
tm send-keys -t t Home
if wait_for 'xrstudio tui: keys' && ! screen | grep -q '\^ more'; then pass "80x24: Home scrolls help back to the top"
else fail "80x24: Home does not scroll help back"; fi
tm send-keys -t t Escape
if wait_until '! screen | grep -q "xrstudio tui: keys"'; then pass "80x24: Esc closes help"
else fail "80x24: Esc does not close help"; fi

tm resize-window -t t -x 15 -y 5
check "15x5 shows 'too small'" 'too small'
tm resize-window -t t -x 100 -y 30
check "back at 100x30 it draws again" '[0-9.]+mm hfov'


tm send-keys -t t q
if wait_until '[[ -s $status ]]'; then
    code=$(cat "$status")
    [[ $code == 0 ]] && pass "q quits with status 0" || fail "q quits with status 0 (got $code)"
else
    fail "q quits (still running after ${TIMEOUT}s)"
fi
if wait_until '[[ $(tm display -p -t t "#{alternate_on}") == 0 ]]'; then pass "terminal restored (alternate screen off)"
else fail "terminal restored (alternate screen off)"; fi

# restart WHAT [TERM]: a fresh viewer on the default scene in session t (TERM default $INNER_TERM), drawn.
restart() {
    rm -f "$status"
    tm kill-session -t t 2>/dev/null || true
    tm new-session -d -s t -x 100 -y 30 -c "$work" \
        "env TERM=${2:-$INNER_TERM} LANG=C.UTF-8 $APP tui; echo \$? > $status; exec sleep 120"
    check "started again for $1" '[0-9.]+mm hfov'
}

# Ended by a signal, the viewer restores the terminal and exits 128 + the signal (it exited 0, as for q).
restart "a signal"
shell=$(tm display -p -t t '#{pane_pid}')
app=$(pgrep -P "$shell" -n || true)
if [[ -n $app ]] && kill -TERM "$app" && wait_until '[[ -s $status ]]' && [[ $(cat "$status") == 143 ]]; then
    pass "SIGTERM: exit status 143"
else
    fail "SIGTERM: exit status 143 (got '$(cat "$status" 2>/dev/null)')"
fi

# Ctrl-\ typed: the tty sends SIGQUIT, which by default dumped the Swift runtime's crash report over the picture and
# left the terminal raw in the alternate screen. The viewer quits as for the other signals: 131, terminal restored.
restart "Ctrl-\\"
tm send-keys -t t 'C-\'
if wait_until '[[ -s $status ]]' && [[ $(cat "$status") == 131 ]] && ! screen | grep -q 'crashed'; then
    pass "Ctrl-\\: exit status 131, no crash report"
else
    fail "Ctrl-\\: exit status 131, no crash report (got '$(cat "$status" 2>/dev/null)')"
fi
if wait_until '[[ $(tm display -p -t t "#{alternate_on}") == 0 ]]'; then pass "Ctrl-\\: terminal restored"
else fail "Ctrl-\\: terminal restored"; fi

# Ctrl-S is a key, not the tty's XOFF: with flow control on it stopped all output and q could not quit until Ctrl-Q.
# (TERM=xterm-256color here: its terminfo reads ESC [ < as the start of a mouse report, for the check after this.)
restart "Ctrl-S" xterm-256color
lens0=$(screen | grep -oE '[0-9.]+mm hfov' | head -1)
tm send-keys -t t C-s
tm send-keys -t t +
if wait_until '[[ $(screen | grep -oE "[0-9.]+mm hfov" | head -1) != "$lens0" ]]'; then
    pass "Ctrl-S: the viewer still draws (+ changed the lens: $lens0 -> $(screen | grep -oE '[0-9.]+mm hfov' | head -1))"
else
    fail "Ctrl-S: the viewer stopped drawing"
fi
# A mouse report cut short (ESC [ <) then F2 (ESC O Q): the broken report's tail is dropped, not read as keys (its
# Q quit the viewer).
tm send-keys -t t -H 1b 5b 3c 1b 4f 51
sleep 2
if [[ ! -s $status ]] && screen | grep -qE 'mm hfov'; then pass "a broken mouse report is not read as keys (still running)"
else fail "a broken mouse report quit the viewer (status '$(cat "$status" 2>/dev/null)')"; fi
tm send-keys -t t q
if wait_until '[[ -s $status ]]' && [[ $(cat "$status") == 0 ]]; then pass "Ctrl-S then q: exit status 0"
else fail "Ctrl-S then q: exit status 0 (got '$(cat "$status" 2>/dev/null)')"; fi

# A dumb terminal cannot move the cursor: refused with a usage error instead of a screen drawn once.
rm -f "$status"
tm kill-session -t t 2>/dev/null || true
tm new-session -d -s t -x 100 -y 30 -c "$work" \
    "env TERM=dumb LANG=C.UTF-8 $APP tui 2>&1; echo \$? > $status; exec sleep 120"
if wait_until '[[ -s $status ]]' && [[ $(cat "$status") == 2 ]] && screen | grep -q 'TERM=dumb cannot'; then
    pass "TERM=dumb: refused, exit 2"
else
    fail "TERM=dumb: refused, exit 2 (got '$(cat "$status" 2>/dev/null)')"
fi

echo "$passed passed, $failed failed"
((failed == 0))
