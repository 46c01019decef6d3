#!/usr/bin/env bash
# bench-icount.sh BINARY... -- BENCH ARGS: instructions per frame of `BINARY bench BENCH ARGS`, counted by valgrind's
# callgrind: the same on every run, so two builds can be compared on a loaded host where wall and CPU times scatter
# by 30% (Docs/performance.md, Method). Each binary is run with --frames 2 and --frames 6 on a copy stripped of its
# debug info (valgrind cannot read the Swift toolchain's and gives up); the difference over 4 is one frame's count
# without loading, warm-up and exit. Prints one line per binary; use --threads 1 (other threads are counted too, but
# valgrind runs them one at a time, so the count is the same and the run is slower).
#
#   Tests/bench-icount.sh /tmp/old/xrstudio .build/release/xrstudio -- .build/bench-meshes/plane.obj \
#       --camera 0,2,0 --look-at 0,0,-3 --fov-y 60 --size 1920x1080 --threads 1 --checker-texture 256
set -eu
usage() { echo "usage: $0 BINARY... -- BENCH ARGS (without --frames)" >&2; exit 2; }
bins=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do bins+=("$1"); shift; done
[ $# -gt 0 ] && [ ${#bins[@]} -gt 0 ] || usage
shift
command -v valgrind >/dev/null || { echo "bench-icount: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
for a in "$@"; do [ "$a" = --frames ] && usage; done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count() {  # BINARY FRAMES: the run's total instruction count
  local out
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" bench "${@:3}" --frames "$2" 2>&1) ||
    { echo "bench-icount: $1 bench failed:" >&2; tail -n 3 <<<"$out" >&2; exit 1; }
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out"
}
for b in "${bins[@]}"; do
  [ -x "$b" ] || { echo "bench-icount: $b is not an executable" >&2; exit 2; }
  s="$work/$(basename "$b").$RANDOM"
  strip -g -o "$s" "$b"
  two=$(count "$s" 2 "$@")
  six=$(count "$s" 6 "$@")
  echo "icount binary=$b instructions_per_frame=$(( (six - two) / 4 ))"
done
