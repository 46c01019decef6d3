#!/usr/bin/env bash
# farm-ssh.sh BINARY: `xrstudio farm run` over SSH for real. Two sshd on 127.0.0.1 at free high ports, run as the
# current user (root or not) with host and client keys made here, serve as the two "hosts"; GNU parallel spreads
# the chunks of 60 frames of the sample take over them. One chunk is killed (SIGKILL) after a few of its frames,
# `farm run --resume` finishes the job, and every frame must be bit-identical (cmp) to a one-machine render.
# Also: the pre-flight refuses a host with another xrstudio version and a host it cannot reach, and
# `farm verify` finds a missing and a broken frame, and Ctrl-C stops the chunks on every host (exit 130).
# lib.sh starts the sshd and stops them on any exit.
set -u
source "$(dirname "$0")/lib.sh"
# The reference: the same 60 frames on one machine, no farm.
"$BIN" render "$SCENE" --take "$TAKE" --frames 0-59 --size 320x180 --out "$T/ref" --quiet \
  && ok "one-machine render of frames 0-59" || bad "one-machine render failed"

# A wrapper the hosts run instead of xrstudio: the first attempt at the chunk 20-39 is killed with SIGKILL once 3
# of its frames are on disk (a host dying mid-chunk); everything else runs xrstudio as is.
cat > "$T/xr-killing" <<EOF
#!/usr/bin/env bash
case " \$* " in
  *" --frames 20-39 "*)
    if mkdir "$T/killed-once" 2>/dev/null; then
      "$BIN" "\$@" & child=\$!
      while kill -0 \$child 2>/dev/null; do
        n=0; for f in \$(seq 20 39); do [ -e "$T/farm/frame.00\$f.png" ] && n=\$((n + 1)); done
        if [ \$n -ge 3 ]; then kill -KILL \$child; echo \$n > "$T/killed-at"; break; fi
        sleep 0.02
      done
      wait \$child; exit \$?
    fi ;;
esac
exec "$BIN" "\$@"
EOF
chmod 755 "$T/xr-killing"
FARM=(farm run "$SCENE" --take "$TAKE" --frames 0-59 --chunk 20 --size 320x180 --out "$T/farm"
      --hosts "$T/hosts" --xrstudio "$T/xr-killing" --retries 1 --progress plain)

"$BIN" "${FARM[@]}" > "$T/run1.out" 2> "$T/run1.err" & FARM_PID=$!
wait "$FARM_PID"; code=$?; FARM_PID=
if [ "$code" = 1 ]; then ok "the run with a killed chunk exits 1"; else bad "the run with a killed chunk exits $code (expected 1)"; fi
if [ -s "$T/killed-at" ]; then
  n=$(cat "$T/killed-at")
  ok "chunk 20-39 was killed mid-way, after $n of its 20 frames"
else
  bad "chunk 20-39 was not killed (it finished first?)"
fi
grep -q "pre-flight\|not reached" "$T/run1.err" && bad "pre-flight complained: $(grep -m1 'pre-flight\|not reached' "$T/run1.err")"
if grep -q "host 127.0.0.1:$PORT_a: ok (xrstudio" "$T/run1.err" && grep -q "host 127.0.0.1:$PORT_b: ok (xrstudio" "$T/run1.err"; then
  ok "pre-flight: both hosts run the same xrstudio, read the scene, write the folder"
else
  bad "pre-flight lines missing: $(grep 'host ' "$T/run1.err")"
fi
if grep -q "job 1 (frames 20-39) failed on 127.0.0.1:[0-9]*: exit 137" "$T/run1.err"; then
  ok "progress reports the failed chunk: $(grep -m1 -o 'job 1 (frames 20-39) failed on [^ ]*: exit 137' "$T/run1.err")"
else
  bad "no failure line for chunk 20-39 in: $(cat "$T/run1.err")"
fi
last_err=$(tail -1 "$T/run1.err")
case "$last_err" in
  *"1 of 3 jobs failed"*"missing"*"--resume"*) ok "one-line error names the failed job and the missing frames" ;;
  *) bad "final error line: $last_err" ;;
esac
have=$(ls "$T/farm"/frame.*.png 2>/dev/null | wc -l)
if [ "$have" -gt 40 ] && [ "$have" -lt 60 ]; then ok "after the kill $have of 60 frames are on disk"; else bad "after the kill $have of 60 frames are on disk"; fi

"$BIN" "${FARM[@]}" --resume > "$T/run2.out" 2> "$T/run2.err" & FARM_PID=$!
wait "$FARM_PID"; code=$?; FARM_PID=
if [ "$code" = 0 ]; then ok "farm run --resume exits 0"; else bad "farm run --resume exits $code: $(tail -3 "$T/run2.err")"; fi
grep -q "verify: 60 of 60 frames present and decode (320x180)" "$T/run2.out" \
  && ok "the resumed run checked all 60 frames" || bad "no verify line in: $(cat "$T/run2.out")"
jl="$T/farm/.farm/joblog.tsv"
runs1=$(awk -F'\t' '$1 == 1' "$jl" | wc -l); runs2=$(awk -F'\t' '$1 == 2' "$jl" | wc -l); runs3=$(awk -F'\t' '$1 == 3' "$jl" | wc -l)
if [ "$runs1" = 1 ] && [ "$runs2" = 2 ] && [ "$runs3" = 1 ]; then
  ok "--resume reran only the killed chunk (joblog: 1, 2, 1 attempts)"
else
  bad "joblog attempts per job: $runs1 $runs2 $runs3 (expected 1 2 1)"
fi
hosts_used=$(awk -F'\t' 'NR > 1 { print $2 }' "$jl" | sort -u | wc -l)
[ "$hosts_used" = 2 ] && ok "both hosts rendered chunks" || bad "$hosts_used host(s) in the joblog"

same=0; differ=0
for f in "$T"/ref/frame.*.png; do
  name=$(basename "$f")
  if cmp -s "$f" "$T/farm/$name"; then same=$((same + 1)); else differ=$((differ + 1)); echo "  differs or missing: $name"; fi
done
if [ "$same" = 60 ] && [ "$differ" = 0 ]; then ok "all 60 frames are bit-identical to the one-machine render (cmp)"; else bad "$same identical, $differ differ"; fi
"$BIN" diff "$T/ref" "$T/farm" > "$T/diff.out" 2>&1 && ok "xrstudio diff agrees: $(tail -1 "$T/diff.out")" || bad "xrstudio diff: $(tail -1 "$T/diff.out")"

# farm verify: a missing frame and a broken one are found (exit 1), each named.
VERIFY=(farm verify "$SCENE" --take "$TAKE" --frames 0-59 --chunk 20 --size 320x180 --out "$T/farm")
"$BIN" "${VERIFY[@]}" > /dev/null && ok "farm verify passes on the finished folder" || bad "farm verify fails on the finished folder"
rm "$T/farm/frame.0007.png"; head -c 100 "$T/ref/frame.0008.png" > "$T/farm/frame.0008.png"
"$BIN" "${VERIFY[@]}" > "$T/verify.out"; code=$?
if [ "$code" = 1 ] && grep -q "missing $T/farm/frame.0007.png" "$T/verify.out" && grep -q "bad $T/farm/frame.0008.png" "$T/verify.out"; then
  ok "farm verify exits 1 naming the missing and the truncated frame"
else
  bad "farm verify after damage: exit $code, $(cat "$T/verify.out")"
fi

# Ctrl-C: SIGINT to the whole process group (as a terminal sends it) once frames appear: exit 130, the chunks on
# both hosts stopped, the report naming what is missing. Full-size frames, so the chunks are still running.
setsid "$BIN" farm run "$SCENE" --take "$TAKE" --frames 0-39 --chunk 20 --out "$T/intr" --hosts "$T/hosts" \
  --xrstudio "$BIN" --progress plain > /dev/null 2> "$T/intr.err" & FARM_PID=$!
# Renders running for that folder, read from /proc (no procps on a minimal Debian).
renders() {
  local n=0 c
  for c in /proc/[0-9]*/cmdline; do
    tr '\0' ' ' < "$c" 2>/dev/null | grep -q "xrstudio render .*--out $T/intr " && n=$((n + 1))
  done
  echo "$n"
}
for _ in $(seq 1 600); do ls "$T/intr" 2>/dev/null | grep -q 'frame.*png' && break; sleep 0.05; done
before=$(renders)
kill -INT -- "-$FARM_PID"
wait "$FARM_PID"; code=$?; FARM_PID=
sleep 1
left=$(renders)
if [ "$code" = 130 ] && [ "$before" -gt 0 ] && [ "$left" = 0 ] && tail -1 "$T/intr.err" | grep -q "error: interrupted: .*missing"; then
  ok "Ctrl-C: exit 130; renders running before: $before, after: 0; $(ls "$T/intr" | grep -c png) of 40 frames kept"
else
  bad "Ctrl-C: exit $code, renders before $before, after $left; $(tail -1 "$T/intr.err")"
fi

# Pre-flight refusals: another xrstudio version on a host; a host nobody answers on (port 1 is closed).
cat > "$T/xr-old" <<EOF
#!/usr/bin/env bash
[ "\$1" = --version ] && { echo 0.0.1; exit 0; }
exec "$BIN" "\$@"
EOF
chmod 755 "$T/xr-old"
"$BIN" farm run "$SCENE" --take "$TAKE" --frames 0-9 --chunk 5 --size 320x180 --out "$T/old" --hosts "$T/hosts" \
  --xrstudio "$T/xr-old" --quiet > /dev/null 2> "$T/old.err"; code=$?
if [ "$code" = 1 ] && grep -q "pre-flight: 127.0.0.1:$PORT_a: xrstudio 0.0.1, expected" "$T/old.err" \
   && [ -z "$(ls "$T/old" 2>/dev/null | grep png)" ]; then
  ok "pre-flight refuses hosts with another version, before rendering: $(tail -1 "$T/old.err" | cut -c1-110)…"
else
  bad "version pre-flight: exit $code, $(cat "$T/old.err")"
fi
"$BIN" farm run "$SCENE" --take "$TAKE" --frames 0-9 --chunk 5 --size 320x180 --out "$T/unreach" \
  --sshlogin "ssh -F $T/ssh_config -p $PORT_a 127.0.0.1,ssh -F $T/ssh_config -p 1 127.0.0.1" \
  --xrstudio "$BIN" --quiet > /dev/null 2> "$T/unreach.err"; code=$?
if [ "$code" = 1 ] && grep -q "127.0.0.1:1: not reached" "$T/unreach.err" && ! grep -q "127.0.0.1:$PORT_a: not" "$T/unreach.err"; then
  ok "pre-flight names the unreachable host: $(grep -o '127.0.0.1:1: not reached[^;]*' "$T/unreach.err" | head -1)"
else
  bad "unreachable pre-flight: exit $code, $(cat "$T/unreach.err")"
fi
# A host whose ssh hangs (its connection a `sleep`, ssh's own ConnectTimeout out of the way): the pre-flight gives
# up after its time limit (it waited forever), and a SIGTERM during the pre-flight ends it with 130 and leaves no parallel, ssh or sleep behind.
HANG="ssh -F $T/ssh_config -o ConnectTimeout=600 -o ProxyCommand=sleep\\ 1000 hangs"
start=$SECONDS
XRSTUDIO_FARM_PROBE_SECONDS=3 "$BIN" farm run "$SCENE" --take "$TAKE" --frames 0-9 --chunk 5 --size 320x180 --out "$T/hang" \
  --sshlogin "$HANG" --xrstudio "$BIN" --quiet > /dev/null 2> "$T/hang.err"; code=$?
if [ "$code" = 1 ] && grep -q "hangs: not reached" "$T/hang.err" && [ $((SECONDS - start)) -lt 60 ]; then
  ok "pre-flight of a hanging host gives up: $(grep -o 'hangs: not reached[^;]*' "$T/hang.err" | head -1)"
else
  bad "hanging pre-flight: exit $code after $((SECONDS - start)) s, $(cat "$T/hang.err")"
fi
"$BIN" farm run "$SCENE" --take "$TAKE" --frames 0-9 --chunk 5 --size 320x180 --out "$T/hang2" \
  --sshlogin "$HANG" --xrstudio "$BIN" --quiet > /dev/null 2> "$T/hang2.err" &
pid=$!
sleep 2
kill -TERM "$pid"; wait "$pid"; code=$?
sleep 0.5
left=$(pgrep -f "ProxyCommand=sleep" | wc -l)
if [ "$code" = 130 ] && [ "$left" = 0 ]; then
  ok "SIGTERM in the pre-flight: exit 130, nothing left running"
else
  bad "SIGTERM in the pre-flight: exit $code, $left processes left: $(pgrep -af 'ProxyCommand=sleep' | head -3)"
  pkill -f "ProxyCommand=sleep" 2>/dev/null
fi
finish
