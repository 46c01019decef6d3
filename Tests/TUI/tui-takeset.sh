#!/usr/bin/env bash
# A take set in the TUI, driven through a private tmux server: `tui SCENE --take "two cameras"` opens on camera B
# (first in priority) with the set's shared frames on the timeline; n views A, :camera picks by name (an unknown
# name gets a one-line message with the set's cameras), the plan names the camera, q quits with status 0.
set -u
source "$(dirname "$0")/lib.sh"
status_line() { screen_text | grep -aE "^(camera|virtual|wall|plan|witness):" | tail -1; }
tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 \
  "cd '$ROOT' && TERM=tmux-256color '$BIN' tui Scenes/binhai-xr-stage.yaml --take 'two cameras'; echo \$? > '$STATUS'; sleep 2"
if wait_for "take set two cameras camera B 10:00:[0-9]{2}:[0-9]{2} frame [0-9]+ \([0-9]+/251\)"; then ok "the set opens on camera B, playing its 251 shared frames"
else bad "no take set in the hint line ($(screen_text | tail -1))"; fi
tmux -L "$SOCK" send-keys ' '
if wait_for "^camera:B \| LED"; then ok "the status line names the viewed camera: $(status_line)"; else bad "status line ($(status_line))"; fi
if screen_text | grep -qaE '^\[.*\] 10:[0-9:]+  [0-9]+/250'; then ok "the timeline spans the 251 shared frames"; else bad "timeline ($(screen_text | grep -a '^\[' | tail -1))"; fi
tmux -L "$SOCK" send-keys ':goto 200' Enter n
if wait_for "viewing camera A \(2 of 2: B, A\)"; then ok "n views camera A"; else bad "n does not switch ($(screen_text | tail -1))"; fi
if wait_for "^camera:A \| LED"; then ok "… and the status line says camera:A"; else bad "status line after n ($(status_line))"; fi
tmux -L "$SOCK" send-keys ':camera C' Enter
if wait_for "camera: no camera 'C' in take set 'two cameras' \(cameras B, A\)"; then ok "an unknown camera is named with the set's cameras"
else bad "no message for :camera C ($(screen_text | tail -1))"; fi
tmux -L "$SOCK" send-keys ':camera B' Enter 4
if wait_for "^plan:B \| "; then ok ":camera B, then 4: the plan seen from B"; else bad ":camera B / plan ($(status_line))"; fi
if wait_for "take set two cameras camera B 10:00:08:00 frame 200 "; then ok "… still at frame 200"; else bad "frame changed ($(screen_text | tail -1))"; fi
quit_with_status_zero
finish
