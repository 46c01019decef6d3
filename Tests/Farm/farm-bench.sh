#!/usr/bin/env bash
# farm-bench.sh RELEASE_BINARY [FRAMES] [SIZE] [RUNS]: what a farm run costs against a plain render, on the two
# loopback "hosts" of lib.sh. Renders FRAMES (default 0-350, the whole sample take) at SIZE (default 1920x1080)
# RUNS times (default 3) per setup, after one warm-up render, and prints the median and the fastest wall time:
#   render alone · farm, 1 host, 1 chunk · 1 host, chunks of 50 · 2 hosts, chunks of 50 · 1 host, chunks of 10
# then the per-chunk overhead (1 host: chunks of 10 against one chunk, per extra chunk) and the pre-flight.
# The two hosts are this machine: with as many render threads per chunk as cores, two hosts show the farm's
# overhead, not a speed-up. Release builds only (a debug build's timings say nothing about the farm).
set -u
case "${1:-}" in
  */release/*) ;;
  *) echo "farm-bench.sh: give a release binary (swift build -c release): got '${1:-}'"; exit 2 ;;
esac
source "$(dirname "$0")/lib.sh"
FRAMES=${2:-0-350}
SIZE=${3:-1920x1080}
RUNS=${4:-3}
first=${FRAMES%-*}; last=${FRAMES#*-}
count=$((last - first + 1))
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
# median and min of the numbers on stdin
stats() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f %.2f", m, v[1] }'; }

"$BIN" render "$SCENE" --take "$TAKE" --frames "$first-$((first + 9))" --size "$SIZE" --out "$T/warm" --quiet || { bad "warm-up render"; finish; exit 1; }
rm -rf "$T/warm"

# bench NAME COMMAND...: RUNS timed runs into an empty $T/out; prints a line, keeps the median in MEDIAN_<NAME>.
bench() {
  local name=$1; shift
  : > "$T/times"
  for _ in $(seq 1 "$RUNS"); do
    rm -rf "$T/out"
    local t0 t1
    t0=$(now)
    "$@" > "$T/last.json" 2> "$T/last.err" || { bad "$name: $(tail -1 "$T/last.err")"; return 1; }
    t1=$(now)
    calc "$t1 - $t0" >> "$T/times"; echo >> "$T/times"
    [ "$(ls "$T/out" | grep -c '\.png$')" = "$count" ] || { bad "$name: $(ls "$T/out" | grep -c '\.png$') of $count frames"; return 1; }
  done
  read -r med min < <(stats < "$T/times")
  printf 'farm-bench %-28s wall_s median=%6.2f min=%6.2f  frames_per_s=%5.1f\n' "$name" "$med" "$min" "$(calc "$count / $med")"
  eval "MEDIAN_$name=$med"
  ok "$name: $count frames, all on disk"
}

FARM=(farm run "$SCENE" --take "$TAKE" --frames "$FRAMES" --size "$SIZE" --out "$T/out" --xrstudio "$BIN" --quiet --json)
ONE=(--sshlogin "1/ssh -F $T/ssh_config -p $PORT_a 127.0.0.1")
TWO=(--hosts "$T/hosts")
echo "farm-bench: $count frames ($FRAMES) at $SIZE, $RUNS runs each, $(nproc) cores, $(basename "$(dirname "$BIN")") build"
bench render       "$BIN" render "$SCENE" --take "$TAKE" --frames "$FRAMES" --size "$SIZE" --out "$T/out" --quiet
bench one_chunk    "$BIN" "${FARM[@]}" "${ONE[@]}" --chunk "$count"
preflight=$(grep -o '"preflight_s":[0-9.]*' "$T/last.json" | cut -d: -f2)
verify=$(grep -o '"verify_s":[0-9.]*' "$T/last.json" | cut -d: -f2)
bench one_host_50  "$BIN" "${FARM[@]}" "${ONE[@]}" --chunk 50
bench two_hosts_50 "$BIN" "${FARM[@]}" "${TWO[@]}" --chunk 50
bench one_host_10  "$BIN" "${FARM[@]}" "${ONE[@]}" --chunk 10
# Where a chunk's overhead goes: a GNU parallel job over ssh that does nothing (20 in one parallel run, per job,
# median of 3 runs), and a one-frame render (start-up, scene load, one frame, the encoder drained; median of 10).
: > "$T/times"
for _ in 1 2 3; do
  t0=$(now); parallel -j1 -S "1/ssh -F $T/ssh_config -p $PORT_a 127.0.0.1" ::: $(for _ in $(seq 1 20); do echo true; done); t1=$(now)
  calc "($t1 - $t0) / 20" >> "$T/times"; echo >> "$T/times"
done
read -r ssh_job _ < <(stats < "$T/times")
: > "$T/times"
for _ in $(seq 1 10); do
  rm -rf "$T/one"; t0=$(now); "$BIN" render "$SCENE" --take "$TAKE" --frames "$first" --size "$SIZE" --out "$T/one" --quiet; t1=$(now)
  calc "$t1 - $t0" >> "$T/times"; echo >> "$T/times"
done
read -r one_frame _ < <(stats < "$T/times")
printf 'farm-bench one job over ssh (parallel, true): %.3f s; one-frame render: %.3f s; render alone per frame: %.3f s\n' \
  "$ssh_job" "$one_frame" "$(calc "${MEDIAN_render:-0} / $count")"
chunks10=$(( (count + 9) / 10 ))
if [ -n "${MEDIAN_one_host_10:-}" ] && [ -n "${MEDIAN_one_chunk:-}" ]; then
  printf 'farm-bench per-chunk overhead: %.3f s per extra chunk ((chunks of 10: %d chunks) - (1 chunk)) / %d\n' \
    "$(calc "($MEDIAN_one_host_10 - $MEDIAN_one_chunk) / ($chunks10 - 1)")" "$chunks10" "$((chunks10 - 1))"
  printf 'farm-bench fixed costs (last 1-chunk run): pre-flight %.2f s, frame check %.2f s; farm with 1 chunk vs render alone: +%.2f s\n' \
    "$preflight" "$verify" "$(calc "$MEDIAN_one_chunk - $MEDIAN_render")"
fi
finish
