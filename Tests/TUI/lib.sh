# lib.sh: what the tmux-driven TUI checks share (sourced by tui-take.sh and tui-live.sh).
#
# Sets BIN (absolute path of the binary given as $1, default .build/debug/xrstudio), ROOT (the project),
# SOCK (a private tmux server per run) and STATUS (a file the app's exit status is written to); provides
# ok/bad counters, screen_text, wait_for PATTERN (bounded polling of the screen) and finish (the summary line
# and the exit status). A missing tmux is a failure, not a skip.
BIN=${1:-.build/debug/xrstudio}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
command -v tmux >/dev/null || { echo "tmux is missing (make test installs it)"; echo "0 passed, 1 failed"; exit 1; }
SOCK=xrtui-$$
STATUS=$(mktemp)
pass=0; fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null; rm -f "$STATUS"; }
trap cleanup EXIT
screen_text() { tmux -L "$SOCK" capture-pane -p 2>/dev/null; }
# Polls until the screen matches the extended regular expression $1, 30 s at most. Passing checks return at once;
# the window is long because the message line stands in for the hint for 4 s a message, and the shot's warnings and
# problem ranges can queue several as the take's analysis arrives (sooner with a faster build).
wait_for() { for _ in $(seq 1 300); do screen_text | grep -qaE "$1" && return 0; sleep 0.1; done; return 1; }
# Sends q and checks the app exited with status 0.
quit_with_status_zero() {
  tmux -L "$SOCK" send-keys q
  for _ in $(seq 1 50); do [ -s "$STATUS" ] && break; sleep 0.1; done
  if [ "$(cat "$STATUS" 2>/dev/null)" = 0 ]; then ok "q quits with status 0"; else bad "exit status '$(cat "$STATUS" 2>/dev/null)'"; fi
}
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
