# common.sh: what every farm test script starts with (sourced by lib.sh and farm-slurm.sh): BIN (the absolute path
# of the binary given as $1), ROOT (the project), SCENE and TAKE (the sample shot), and the ok/bad counters.
BIN=${1:-.build/debug/xrstudio}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
SCENE="$ROOT/Scenes/binhai-xr-stage.yaml"
TAKE="dolly push-in"
pass=0; fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
