#!/usr/bin/env bash
# Take benchmark (make bench): reading, converting and analysing long takes, where a technician waits. Makes (once,
# under .build/bench-takes) a 1,000,000-row CSV take of a slow orbit at 120 Hz with tracker-style decimals and its
# OpenTrackIO JSON Lines copy, and a 3,000-frame orbit for the shot analysis; then times, RUNS rounds (default 3),
# median and minimum wall time and peak memory: take info on the CSV and on the JSON Lines, take convert of the CSV
# to JSON Lines, and analyze of the orbit on one thread (Docs/performance.md, "Reading big takes" and "Shot analysis
# of long takes").
set -euo pipefail
XR=${1:?usage: bench-takes.sh PATH/TO/xrstudio}
RUNS=${RUNS:-3}
OUT=.build/bench-takes
mkdir -p "$OUT"
if [ ! -s "$OUT/orbit-1M.csv" ]; then
  awk 'BEGIN {
    print "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,focus_m"
    for (i = 0; i < 1000000; i++) {
      t = i / 120
      printf "%.6f,%.4f,%.4f,%.4f,%.3f,%.3f,%.3f,%.2f,%.3f\n", t, 2 * sin(t / 7), 1.5 + 0.1 * cos(t), -3 + (i % 500) / 100,
        10 * sin(t / 30), -5 + cos(t / 9), 0.2, 35 + (i % 10), 3
    }
  }' > "$OUT/orbit-1M.csv.tmp" && mv "$OUT/orbit-1M.csv.tmp" "$OUT/orbit-1M.csv"
  awk 'BEGIN {
    print "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,focus_m"
    for (i = 0; i < 6000; i++) {
      t = i / 50
      printf "%.4f,%.4f,1.6,%.4f,%.3f,%.3f,0,%.2f,%.3f\n", t, 1.5 * sin(t / 20), 2.5 + 0.5 * cos(t / 30), 8 * sin(t / 20),
        -2 + sin(t / 11), 35 + 10 * sin(t / 50), 4 + sin(t / 7)
    }
  }' > "$OUT/orbit-3000f.csv"
  rm -f "$OUT/orbit-1M.jsonl"
  "$XR" take convert "$OUT/orbit-1M.csv" "$OUT/orbit-1M.jsonl" > /dev/null
fi
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
minimum() { tr ' ' '\n' | grep . | sort -g | head -1; }
run() {  # NAME COMMAND...: RUNS timed runs
  local name=$1; shift
  local walls="" mems=""
  for _ in $(seq 1 "$RUNS"); do
    rm -f "$OUT/converted.jsonl"
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > /dev/null 2>&1
    read -r wall mem < "$OUT/time.txt"
    walls+="$wall "; mems+="$mem "
  done
  printf 'bench-takes %-44s median_s=%s min_s=%s peak_mb=%d\n' "$name" "$(echo "$walls" | median)" \
    "$(echo "$walls" | minimum)" "$(( $(echo "$mems" | median | cut -d. -f1) / 1024 ))"
}
run "take info, 1M-row CSV (65 MB)" "$XR" take info "$OUT/orbit-1M.csv"
run "take info, 1M OpenTrackIO samples (303 MB)" "$XR" take info "$OUT/orbit-1M.jsonl"
run "take convert, 1M-row CSV to JSON Lines" "$XR" take convert "$OUT/orbit-1M.csv" "$OUT/converted.jsonl"
run "analyze, 3,000 frames, 1 thread" "$XR" analyze Scenes/binhai-xr-stage.yaml --take "$OUT/orbit-3000f.csv" --threads 1
