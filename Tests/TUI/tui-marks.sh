#!/usr/bin/env bash
# Marks in the TUI on a copy of the sample scenes: m drops marks, M lists them, S saves them into the scene file,
# and the file then holds the new marks while every line it had before is unchanged.
set -u
source "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d)
trap 'cleanup; rm -rf "$WORK"' EXIT
cp -r "$ROOT/Scenes" "$WORK/Scenes"
SCENE="$WORK/Scenes/lantern-flat-wall.yaml"
cp "$SCENE" "$WORK/original.yaml"
tmux -L "$SOCK" -f /dev/null new-session -d -x 110 -y 32 \
  "cd '$WORK' && TERM=tmux-256color LANG=C.UTF-8 '$BIN' tui '$SCENE'; echo \$? > '$STATUS'; sleep 2"
if wait_for "^camera \\| LED"; then ok "the scene opens on the camera view"; else bad "the viewer did not start"; fi
# The stage plan pane: framed in the viewport's top-right corner; o hides it.
if wait_for "└─+"; then ok "the plan pane is drawn in the top-right corner"; else bad "no plan pane frame"; fi
tmux -L "$SOCK" send-keys o
for _ in $(seq 1 100); do screen_text | grep -qa "└─" || break; sleep 0.1; done
if screen_text | grep -qa "└─"; then bad "o does not hide the plan pane"; else ok "o hides the plan pane"; fi
tmux -L "$SOCK" send-keys o
# A snapshot of the scene camera (no take) is the file `render` writes for it, byte for byte (it was RGB against
# render's RGBA).
tmux -L "$SOCK" send-keys ':snapshot 160x90' Enter
if wait_for "saved xrstudio-[0-9-]+\\.png \\(160x90 camera"; then ok "p/:snapshot saves the scene camera's view"; else bad "no snapshot ($(screen_text | tail -1))"; fi
START_SNAP=$(ls "$WORK"/xrstudio-*.png 2>/dev/null | head -1)
tmux -L "$SOCK" send-keys m
if wait_for "mark M1 at [-0-9.]+,[-0-9.]+,[-0-9.]+"; then ok "m drops mark M1 at the camera"; else bad "no mark message"; fi
tmux -L "$SOCK" send-keys d d d m
if wait_for "mark M2 at .*2 new"; then ok "a second mark after moving"; else bad "no second mark"; fi
tmux -L "$SOCK" send-keys ':snapshot 160x90' Enter
for _ in $(seq 1 100); do [ "$(ls "$WORK"/xrstudio-*.png 2>/dev/null | wc -l)" -ge 2 ] && break; sleep 0.1; done
M2_SNAP=$(ls -t "$WORK"/xrstudio-*.png 2>/dev/null | head -1)
tmux -L "$SOCK" send-keys M
if wait_for "\\+ M2 "; then ok "M lists the scene's marks and the new ones"; else bad "no marks overlay"; fi
if screen_text | grep -qa "C1 centre"; then ok "the list includes the scene's own marks"; else bad "the scene's marks are missing from the list"; fi
tmux -L "$SOCK" send-keys M S
if wait_for "saved 2 marks to "; then ok "S saves the new marks"; else bad "S did not save ($(screen_text | tail -1))"; fi
quit_with_status_zero
added=$(diff "$WORK/original.yaml" "$SCENE" | grep -c '^>')
removed=$(diff "$WORK/original.yaml" "$SCENE" | grep -c '^<')
if [ "$removed" -eq 0 ] && [ "$added" -ge 8 ]; then ok "the file keeps every line it had ($added lines added, none changed)"; else bad "the scene file changed beyond the new marks (+$added -$removed)"; fi
names=$("$BIN" info "$SCENE" --json | grep -oE '"M[12]"' | sort -u | tr '\n' ' ')
if [ "$names" = '"M1" "M2" ' ]; then ok "the saved scene loads with marks M1 and M2"; else bad "the saved scene's marks: '$names'"; fi
if "$BIN" render "$SCENE" --mark M2 --size 64x36 --out "$WORK/m2.png" >/dev/null 2>&1; then ok "render --mark M2 uses the saved mark"; else bad "render --mark M2 failed"; fi
"$BIN" render "$SCENE" --view camera --size 160x90 --out "$WORK/start.png" >/dev/null 2>&1
if [ -n "$START_SNAP" ] && cmp -s "$START_SNAP" "$WORK/start.png"; then ok "the scene camera's snapshot is the bytes render writes"
else bad "the snapshot of the scene camera differs from render's file"; fi
# The saved mark is where the camera was, exactly: its render is the snapshot taken there (marks were rounded).
"$BIN" render "$SCENE" --mark M2 --view camera --size 160x90 --out "$WORK/m2-camera.png" >/dev/null 2>&1
if [ -n "$M2_SNAP" ] && [ "$M2_SNAP" != "$START_SNAP" ] && cmp -s "$M2_SNAP" "$WORK/m2-camera.png"; then ok "render --mark M2 is the snapshot taken at M2, byte for byte"
else bad "render --mark M2 differs from the snapshot taken where it was dropped"; fi
# :render A-B from the viewer writes the take's frames of the view shown (the app's sequence renderer, in the
# background), the same files `render --take` writes.
rm -f "$STATUS"
TAKE_SCENE="$WORK/Scenes/binhai-xr-stage.yaml"
tmux -L "$SOCK" -f /dev/null new-session -d -s render -x 110 -y 32 \
  "cd '$WORK' && TERM=tmux-256color LANG=C.UTF-8 '$BIN' tui '$TAKE_SCENE' --take 'dolly push-in'; echo \$? > '$STATUS'; sleep 2"
if wait_for "take dolly push-in"; then ok "the take opens"; else bad "the take did not open"; fi
tmux -L "$SOCK" send-keys -t render 4 ':render 0-1' Enter
for _ in $(seq 1 600); do screen_text | grep -qa "rendered 2 frames" && break; sleep 0.1; done
if screen_text | grep -qa "rendered 2 frames (0 kept) to renders/dolly-push-in-plan/"; then ok ":render 0-1 renders the plan view's frames in the background"
else bad ":render did not finish ($(screen_text | tail -1))"; fi
"$BIN" render "$TAKE_SCENE" --take 'dolly push-in' --frames 0-1 --view plan --out "$WORK/cli" --quiet >/dev/null 2>&1
if cmp -s "$WORK/renders/dolly-push-in-plan/frame.0001.png" "$WORK/cli/frame.0001.png"; then ok "… the same bytes as render --take --view plan"
else bad ":render's frame differs from render --take's"; fi
quit_with_status_zero
finish
