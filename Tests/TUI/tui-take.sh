#!/usr/bin/env bash
# Take playback in the TUI, driven through a private tmux server: `tui SCENE --take T` plays the take
# (timecode and frame in the hint line), space pauses, `.` steps one frame, q quits with status 0.
set -u
source "$(dirname "$0")/lib.sh"
hint() { screen_text | grep -a "take dolly push-in" | tail -1; }
# The frame in the hint line; the message line can stand in for the hint (4 s a message, several queued as the
# figures arrive), so wait up to 30 s for the hint to be back.
frame_now() {
  local f=""
  for _ in $(seq 1 300); do
    f=$(hint | grep -oE 'frame [0-9]+' | grep -oE '[0-9]+')
    [ -n "$f" ] && break
    sleep 0.1
  done
  echo "$f"
}
tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 \
  "cd '$ROOT' && TERM=tmux-256color '$BIN' tui Scenes/binhai-xr-stage.yaml --take 'dolly push-in'; echo \$? > '$STATUS'; sleep 2"
if wait_for "take dolly push-in.*playing"; then ok "the take plays, with its timecode: $(hint | grep -oE '10:[0-9:]+ frame [0-9]+')"; else bad "no playing take in the hint line"; fi
f1=$(frame_now)
sleep 1
f2=$(frame_now)
if [ -n "$f1" ] && [ -n "$f2" ] && [ "$f2" -gt "$f1" ]; then ok "the playhead moves ($f1 -> $f2)"; else bad "the playhead does not move ($f1 -> $f2)"; fi
if tmux -L "$SOCK" capture-pane -p | grep -qaE '^\[.*\] 10:[0-9:]+  [0-9]+/350'; then ok "the timeline shows the play head and timecode"; else bad "no timeline row"; fi
tmux -L "$SOCK" send-keys ' '
if wait_for "take dolly push-in.*paused"; then ok "space pauses"; else bad "space does not pause"; fi
sleep 0.5
p1=$(frame_now)
tmux -L "$SOCK" send-keys '.'
if wait_for "frame $((p1 + 1)) \\("; then ok ". steps one frame ($p1 -> $((p1 + 1)))"; else bad ". does not step ($(hint))"; fi
tmux -L "$SOCK" send-keys Right Right Left
if wait_for "frame $((p1 + 2)) \\("; then ok "right, right, left step the take ($((p1 + 1)) -> $((p1 + 2)))"; else bad "arrows do not step ($(hint))"; fi
# XR views: a scene file opens on the in-camera view with the shot's LED coverage in the status line; tab and
# the number keys change the view.
status_line() { tmux -L "$SOCK" capture-pane -p | grep -a " | half | " | tail -1; }
if wait_for "^camera \| LED [0-9]+% over"; then ok "the camera view, with LED coverage and overshoot: $(status_line | cut -d'|' -f1-2)"; else bad "no camera view or LED figures in the status line ($(status_line))"; fi
tmux -L "$SOCK" send-keys Tab
if wait_for "^virtual \| LED"; then ok "tab moves to the next view (virtual)"; else bad "tab does not change the view ($(status_line))"; fi
tmux -L "$SOCK" send-keys 4
if wait_for "^plan \| LED"; then ok "4 shows the plan"; else bad "4 does not show the plan ($(status_line))"; fi
# The mouse (X10 reports, as xterm and tmux send them): a click on the timeline seeks, the wheel over the plan
# pane zooms it. Cells are 1-based in the report, each coordinate sent as 32 + value.
x10() { printf "\e[M$(printf "\\%03o" $((32 + $1)))$(printf "\\%03o" $((32 + $2)))$(printf "\\%03o" $((32 + $3)))"; }
tmux -L "$SOCK" send-keys -l "$(x10 0 76 28)"; tmux -L "$SOCK" send-keys -l "$(x10 3 76 28)"
f=$(hint | grep -oE 'frame [0-9]+' | grep -oE '[0-9]+')
for _ in $(seq 1 300); do f=$(hint | grep -oE 'frame [0-9]+' | grep -oE '[0-9]+'); [ "${f:-0}" -gt 300 ] && break; sleep 0.1; done
if [ "${f:-0}" -gt 300 ]; then ok "a click near the timeline's end seeks there (frame $f)"; else bad "the click did not seek (frame $f)"; fi
tmux -L "$SOCK" send-keys -l "$(x10 64 90 2)"
if wait_for "plan zoom 1\.25x"; then ok "the wheel over the plan pane zooms the plan"; else bad "the wheel does not zoom the plan"; fi
# A mark dropped at a frame is a stop for [ and ] (after frame 200: past the take's problem ranges, 0-16).
tmux -L "$SOCK" send-keys ':goto 300' Enter m ':goto 200' Enter ']'
if wait_for "mark M[0-9]+"; then ok "] jumps to the frame a mark was dropped at"; else bad "] does not reach the mark ($(hint))"; fi
if wait_for "frame 300 \\("; then ok "… frame 300"; else bad "] stopped elsewhere ($(hint))"; fi
# The status line names the camera, stop, focus and frame rate; } focuses farther (ten steps double it).
# The focus is the take's at the frame shown (it pulls 7.5 -> 3.96 m over the take), not a fixed default.
if wait_for "\| A f/2\.8 focus [0-9]+\.[0-9]{2}m 25fps \|"; then ok "the status line shows camera A at f/2.8, the take's focus, 25 fps"; else bad "no lens status ($(status_line))"; fi
f0=$(status_line | grep -oE 'focus [0-9]+\.[0-9]{2}m' | grep -oE '[0-9]+\.[0-9]{2}')
tmux -L "$SOCK" send-keys '}'
f1=$f0
for _ in $(seq 1 100); do
  f1=$(status_line | grep -oE 'focus [0-9]+\.[0-9]{2}m' | grep -oE '[0-9]+\.[0-9]{2}')
  python3 -c "import sys; sys.exit(0 if abs(${f1:-0} / $f0 - 2 ** 0.1) < 0.004 else 1)" && break; sleep 0.1
done
# Ten steps double the distance: one step is 2^(1/10) = 1.0718 (within the two-decimal rounding).
if python3 -c "import sys; sys.exit(0 if abs(${f1:-0} / $f0 - 2 ** 0.1) < 0.004 else 1)"; then ok "} focuses farther ($f0 -> $f1 m)"
else bad "} does not change the focus by one step ($f0 -> $f1: $(status_line))"; fi
# The command line: view, lens, goto.
tmux -L "$SOCK" send-keys ':view witness' Enter
if wait_for "^witness \| LED"; then ok ":view witness shows the witness view"; else bad ":view does not change the view ($(status_line))"; fi
tmux -L "$SOCK" send-keys ':lens 35' Enter
if wait_for "\| 35\.0mm hfov"; then ok ":lens 35 sets the focal length"; else bad ":lens does not set 35 mm ($(status_line))"; fi
# Off the take's camera the hint says so (the frame named is where it left the take), once the message has gone.
if wait_for "frame [0-9]+ \([0-9]+/351\) paused, camera moved"; then ok "a relensed camera is marked as moved off the take"; else bad "no 'camera moved' in the hint ($(hint))"; fi
# `;` names the same label as `:` (a drop-frame take's labels are written with `;`).
tmux -L "$SOCK" send-keys ':goto 10:00:03;00' Enter
if wait_for "goto: frame 75 10:00:03:00"; then ok ":goto 10:00:03;00 reaches the label 10:00:03:00"; else bad ":goto with ';' gives no frame ($(hint))"; fi
tmux -L "$SOCK" send-keys ':goto 10:00:02:00' Enter
if wait_for "goto: frame 50 10:00:02:00"; then ok ":goto 10:00:02:00 answers with the frame"; else bad ":goto gives no answer ($(hint))"; fi
if wait_for "take dolly push-in 10:00:02:00 frame 50 \\("; then ok ":goto 10:00:02:00 seeks to frame 50"; else bad ":goto does not seek ($(hint))"; fi
tmux -L "$SOCK" send-keys ':fly' Enter
if wait_for "unknown command 'fly'"; then ok "an unknown command is named"; else bad "no message for an unknown command"; fi
# :messages shows every message whole (the message line cut the list of commands at the terminal's width).
tmux -L "$SOCK" send-keys ':messages' Enter
if wait_for "messages, oldest first" && screen_text | grep -qa "goto: frame 50 10:00:02:00" && screen_text | grep -qaE "snapshot \\[WxH\\] +messages +quit|messages +quit"; then
  ok ":messages lists the messages so far, whole"; else bad ":messages does not show the messages ($(screen_text | tail -3))"; fi
tmux -L "$SOCK" send-keys Escape
for _ in $(seq 1 50); do screen_text | grep -qa "messages, oldest first" || break; sleep 0.1; done
if screen_text | grep -qa "messages, oldest first"; then bad "Esc does not close the messages"; else ok "Esc closes the messages"; fi
# 80x24 with a take: the status line keeps the view and the focal length and ends on a whole field; the hint line
# keeps the take's position and ends with "q quit  ? help".
tmux -L "$SOCK" resize-window -x 80 -y 24
row() { tmux -L "$SOCK" capture-pane -p | sed -n "$1p" | sed 's/ *$//'; }
for _ in $(seq 1 100); do row 23 | grep -qE '^witness \| ' && break; sleep 0.1; done
s=$(row 23)
if [[ ${#s} -le 80 ]] && grep -qE '^witness \| .*[0-9]+\.[0-9]mm' <<<"$s" \
    && grep -qE '([a-z)%°]|[0-9]\.[0-9] ms|-?[0-9]+\.[0-9]{1,2})$' <<<"$s"; then
  ok "80x24: the status line keeps the view and focal length, whole fields only: $s"
else bad "80x24: status line '$s'"; fi
# (after the message from the last command has gone)
for _ in $(seq 1 300); do row 24 | grep -q '^take dolly' && break; sleep 0.1; done
h=$(row 24)
if grep -qE '^take dolly push-in 10:00:02:00 frame 50 \(51/351\) paused .*q quit  \? help$' <<<"$h"; then ok "80x24: the hint keeps the take's frame and ends with 'q quit  ? help'"
else bad "80x24: hint line '$h'"; fi
# 44 columns: the take's position shortens to the frame number instead of leaving the line.
tmux -L "$SOCK" resize-window -x 44 -y 24
for _ in $(seq 1 100); do row 24 | grep -q '^frame 50' && break; sleep 0.1; done
h=$(row 24)
if grep -qE '^frame 50 paused .*q quit  \? help$' <<<"$h"; then ok "44x24: the hint keeps the frame number: $h"
else bad "44x24: hint line '$h'"; fi
quit_with_status_zero
finish
