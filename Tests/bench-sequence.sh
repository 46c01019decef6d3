#!/usr/bin/env bash
# Sequence benchmark (make bench): 300 frames at 1920x1080 of the default scene's take, rendered alone
# (--format none) and then written as PNG at each --png-compression. RUNS rounds (default 1), the modes
# interleaved within each round so machine load hits them alike; prints per mode the median wall time (and the
# minimum), frames/s, CPU time (user + sys) and the median time over rendering alone (what encoding and writing
# cost end to end).
set -euo pipefail
XR=${1:?usage: bench-sequence.sh PATH/TO/xrstudio}
RUNS=${RUNS:-1}
MODES=${MODES:-none fast default best}
OUT=.build/bench-sequence
SCENE=Scenes/binhai-xr-stage.yaml
mkdir -p "$OUT"
declare -A walls cpus
for run in $(seq 1 "$RUNS"); do
  for mode in $MODES; do
    if [ "$mode" = none ]; then fmt=(--format none); else fmt=(--png-compression "$mode"); fi
    /usr/bin/time -f "%e %U %S" -o "$OUT/time.txt" \
      "$XR" render "$SCENE" --take "dolly push-in" --frames 0-299 --size 1920x1080 --out "$OUT/$mode" \
        --overwrite --quiet "${fmt[@]}" 2>/dev/null
    read -r wall user sys < "$OUT/time.txt"
    walls[$mode]+="$wall "
    cpus[$mode]+=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f ", u + s }')
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
minimum() { tr ' ' '\n' | grep . | sort -g | head -1; }
base=""
for mode in $MODES; do
  wall=$(echo "${walls[$mode]}" | median); low=$(echo "${walls[$mode]}" | minimum); cpu=$(echo "${cpus[$mode]}" | median)
  fps=$(awk -v w="$wall" 'BEGIN { printf "%.1f", 300 / w }')
  if [ -z "$base" ]; then base=$wall; over="render only"; else
    over=$(awk -v w="$wall" -v b="$base" 'BEGIN { printf "+%.0f%% over render alone", (w / b - 1) * 100 }'); fi
  echo "sequence frames=300 size=1920x1080 mode=$mode runs=$RUNS wall_s=$wall min_s=$low cpu_s=$cpu frames_per_s=$fps ($over) load=$(cut -d' ' -f1 /proc/loadavg)"
done
rm -rf "$OUT"
