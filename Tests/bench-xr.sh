#!/usr/bin/env bash
# bench-xr.sh BINARY: the XR passes on the default scene's take, 1920x1080 (the in-camera aim: 10 frames/s on 2 cores)
# and the TUI's viewport size (aim: 30 frames/s), each view at 1 and 2 threads; big frames (4K, the native canvas);
# then the shot analysis of the take.
set -eu
bin=${1:?usage: bench-xr.sh BINARY}
scene=Scenes/binhai-xr-stage.yaml
take="dolly push-in"
for view in camera virtual wall plan witness; do
  for t in 1 2; do
    "$bin" bench "$scene" --take "$take" --view "$view" --size 1920x1080 --frames 20 --threads "$t"
  done
done
# Big frames (Docs/performance.md, "Big frames"): a 3840x2160 in-camera frame (aim: 5 frames/s on 2 cores) and every
# LED surface's native canvas (8448x2112 + the ceiling) with a 1920x1080 camera's inner frustum; per-pass times.
for t in 1 2; do
  "$bin" bench "$scene" --take "$take" --view camera --size 3840x2160 --frames 8 --threads "$t"
done
# The same 4K frame with the inner frustum at the view's own density (the scene without xr.inner_resolution, as
# before the stage's 2560x1440 was set): the inner pass renders 4224x2376 plus the lens cover instead.
dense=$(mktemp -d)
cp -r Scenes/. "$dense"/
sed -i '/^  inner_resolution:/d' "$dense/binhai-xr-stage.yaml"
echo "# 4K in-camera, inner frustum at the view's density (no xr.inner_resolution):"
"$bin" bench "$dense/binhai-xr-stage.yaml" --take "$take" --view camera --size 3840x2160 --frames 8 --threads 2
rm -rf "$dense"
"$bin" bench "$scene" --take "$take" --view wall --native --size 1920x1080 --frames 8 --threads 2
# More workers than cores (Docs/scaling.md): the same frame on 16 threads, beside 2 above.
"$bin" bench "$scene" --take "$take" --view camera --size 1920x1080 --frames 20 --threads 16
# A 200x60-cell half-block viewport is 200x120 pixels.
for t in 1 2; do
  "$bin" bench "$scene" --take "$take" --view camera --size 200x120 --frames 50 --threads "$t"
done
start=$(date +%s.%N)
"$bin" analyze "$scene" --take "$take" --json > /dev/null
end=$(date +%s.%N)
frames=$("$bin" analyze "$scene" --take "$take" --csv | tail -n +2 | wc -l)
awk -v f="$frames" -v a="$start" -v b="$end" 'BEGIN { printf "analyze frames=%d seconds=%.2f\n", f, b - a }'
# Two cameras on the wall (the take set; B keyed, on top) seen from A, against A's take alone (same frames' range).
for t in 2; do
  "$bin" bench "$scene" --take "two cameras" --view camera:A --size 1920x1080 --frames 20 --threads "$t"
done
start=$(date +%s.%N)
"$bin" analyze "$scene" --take "two cameras" --json > /dev/null
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "analyze take-set=two-cameras frames=251 seconds=%.2f\n", b - a }'
