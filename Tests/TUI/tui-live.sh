#!/usr/bin/env bash
# Live tracking in the TUI, through a private tmux server: `tui SCENE --live freed://127.0.0.1:PORT` waits for
# packets, then follows FreeD packets sent from this script over loopback (bash's /dev/udp): the hint line
# counts them and the camera moves to where they say. Bad packets are counted as rejected.
set -u
source "$(dirname "$0")/lib.sh"
PORT=$((42000 + RANDOM % 3000))
# A FreeD D1 packet (29 bytes): camera 1, X = 0, Y (forward) = $1 mm, Z (height) = 1600 mm, 24-bit big endian,
# positions in 1/64 mm; checksum = 0x40 minus the sum of the other bytes, modulo 256.
freed_packet() {
  local y=$(( $1 * 64 )) z=$(( 1600 * 64 )) bytes=() sum=0 b
  bytes=(0xD1 0x01 0 0 0 0 0 0 0 0 0 0 0 0
         $(( (y >> 16) & 255 )) $(( (y >> 8) & 255 )) $(( y & 255 ))
         $(( (z >> 16) & 255 )) $(( (z >> 8) & 255 )) $(( z & 255 )) 0 0 0 0 0 0 0 0)
  for b in "${bytes[@]}"; do sum=$(( sum + b )); done
  bytes+=($(( (0x40 - sum) & 255 )))
  local out=""
  for b in "${bytes[@]}"; do out+=$(printf '\\x%02x' "$b"); done
  printf "$out"
}
WORK=$(mktemp -d)
trap 'cleanup; rm -rf "$WORK"' EXIT
# The viewer runs in a folder of its own: R writes its take there. A journal a killed viewer left there is named at start.
cp "$ROOT/Tests/Fuzz/seeds/journal/freed.journal" "$WORK/live-100.csv.journal"
tmux -L "$SOCK" -f /dev/null new-session -d -x 190 -y 30 \
  "cd '$WORK' && TERM=tmux-256color '$BIN' tui '$ROOT/Scenes/binhai-xr-stage.yaml' --live freed://127.0.0.1:$PORT; echo \$? > '$STATUS'; sleep 10"
if wait_for "live-100.csv.journal: a recording the viewer did not finish"; then ok "a journal left by a killed viewer is named"; else bad "no word of live-100.csv.journal: $(screen_text | tail -1)"; fi
rm -f "$WORK/live-100.csv.journal"
if wait_for "live freed 127.0.0.1:$PORT.*waiting for packets"; then ok "listening on $PORT, waiting for packets"; else bad "no live status line"; fi
# FreeD's forward +Y is the scene's -Z: Y = 4000 mm puts the tracked sensor at z = -4.00; zoom and focus count 0
# are camera A's lens file point (0, 0) (Scenes/binhai-xr-stage.yaml): 18.36 mm, entrance pupil 0.101 m ahead, so
# the camera (the pupil, looking along -Z) is at z = -4.10.
for k in $(seq 1 20); do freed_packet 4000 > /dev/udp/127.0.0.1/$PORT; sleep 0.02; done
if wait_for "accepted 20"; then ok "20 packets accepted"; else bad "packets not counted: $(screen_text | tail -1)"; fi
if wait_for "cam 0.00,1.60,-4.10"; then ok "the camera follows the tracker (pupil at z = -4.10)"; else bad "camera did not move: $(screen_text | tail -2 | head -1)"; fi
printf 'not a freed packet' > /dev/udp/127.0.0.1/$PORT
if wait_for "rejected 1"; then ok "a bad datagram is counted as rejected"; else bad "bad datagram not counted"; fi
if wait_for "age [0-9]+ ms"; then ok "the status shows the newest sample's age"; else bad "no sample age in the status"; fi
# R records the tracker to a take: 15 packets while recording, then R writes them.
tmux -L "$SOCK" send-keys R
if wait_for "recording the tracker"; then ok "R starts recording"; else bad "R does not record"; fi
for k in $(seq 1 15); do freed_packet 3000 > /dev/udp/127.0.0.1/$PORT; sleep 0.02; done
if wait_for "REC 15 "; then ok "the status counts the recorded samples (REC 15)"; else bad "no REC count: $(screen_text | tail -1)"; fi
tmux -L "$SOCK" send-keys R
if wait_for "wrote 15 samples to live-[0-9]+\.csv"; then ok "R again writes the take"; else bad "the take was not written: $(screen_text | tail -1)"; fi
take=$(ls "$WORK"/live-*.csv 2>/dev/null | head -1)
if [ -n "$take" ] && "$BIN" take info "$take" | grep -qE "samples +15$"; then ok "the take reads back: 15 samples"; else bad "the recorded take does not read back ($take)"; fi
if ! ls "$WORK"/*.journal >/dev/null 2>&1; then ok "the journal is removed once the take is written"; else bad "a journal is left: $(ls "$WORK")"; fi
# A second recording, journaled while it runs (what a killed viewer leaves), then q: quitting writes it (it was lost).
tmux -L "$SOCK" send-keys R
if wait_for "recording the tracker to live-[0-9-]+\.csv"; then ok "R starts a second recording, named"; else bad "R does not record again: $(screen_text | tail -1)"; fi
for k in $(seq 1 8); do freed_packet 2500 > /dev/udp/127.0.0.1/$PORT; sleep 0.02; done
if wait_for "REC 8 "; then ok "REC 8"; else bad "no REC 8: $(screen_text | tail -1)"; fi
recovered=""
for _ in $(seq 1 50); do
  journal=$(ls "$WORK"/live-*.csv.journal 2>/dev/null | head -1)
  if [ -n "$journal" ]; then
    recovered=$("$BIN" take recover "$journal" --keep-journal --out "$WORK/check.jsonl" --overwrite 2>&1)
    echo "$recovered" | grep -q ": 8 samples recovered" && break
  fi
  sleep 0.1
done
if echo "$recovered" | grep -q ": 8 samples recovered"; then ok "the journal holds the 8 samples while the viewer records"; else bad "journal: '$journal' $recovered"; fi
tmux -L "$SOCK" send-keys q
for _ in $(seq 1 50); do [ -s "$STATUS" ] && break; sleep 0.1; done
if [ "$(cat "$STATUS" 2>/dev/null)" = 0 ]; then ok "q quits with status 0"; else bad "exit status '$(cat "$STATUS" 2>/dev/null)'"; fi
if wait_for "wrote 8 samples to live-[0-9-]+\.csv"; then ok "quitting while recording writes the take, and says so"; else bad "quitting lost the recording: $(screen_text | tail -3)"; fi
if [ "$(ls "$WORK"/live-*.csv | wc -l)" = 2 ] && ! ls "$WORK"/*.journal >/dev/null 2>&1; then ok "two takes, no journal left"; else bad "files: $(ls "$WORK")"; fi
finish
