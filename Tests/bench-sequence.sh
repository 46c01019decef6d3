#!/usr/bin/env bash
# Sequence benchmark (make bench): 300 frames at 1920x1080 of the default scene's take, rendered alone
# (--format none) and then written as PNG at each --png-compression. Prints one line per mode: wall time,
# frames/s, and the time over rendering alone (what encoding and writing cost end to end).
set -euo pipefail
XR=${1:?usage: bench-sequence.sh PATH/TO/xrstudio}
OUT=.build/bench-sequence
SCENE=Scenes/binhai-xr-stage.yaml
mkdir -p "$OUT"
base=""
for mode in none fast default best; do
  if [ "$mode" = none ]; then fmt=(--format none); else fmt=(--png-compression "$mode"); fi
  start=$(date +%s.%N)
  "$XR" render "$SCENE" --take "dolly push-in" --frames 0-299 --size 1920x1080 --out "$OUT/$mode" \
      --overwrite --quiet "${fmt[@]}"
  end=$(date +%s.%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  fps=$(awk -v w="$wall" 'BEGIN { printf "%.1f", 300 / w }')
  if [ -z "$base" ]; then base=$wall; over="render only"; else
    over=$(awk -v w="$wall" -v b="$base" 'BEGIN { printf "+%.0f%% over render alone", (w / b - 1) * 100 }'); fi
  echo "sequence frames=300 size=1920x1080 mode=$mode wall_s=$wall frames_per_s=$fps ($over)"
done
rm -rf "$OUT"
