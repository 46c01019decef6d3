# xrstudio — build, run and test. On a fresh Debian machine with only the Swift toolchain, `make run` and
# `make test` install what is missing (apt-get, through sudo when not root), then build and run.

SWIFT        ?= swift
CC           ?= cc
BIN_RELEASE  := .build/release/xrstudio
BIN_DEBUG    := .build/debug/xrstudio
MESHES       := .build/bench-meshes
# Debian packages: build (headers and libraries; unifont is GNU Unifont's glyphs, read at run time for burn-ins
# and labels in Chinese and other scripts the built-in 5x7 font lacks; fonts-wqy-microhei is a CJK face for the
# vector plans' Chinese names, which cairo would draw as empty boxes in DejaVu Sans) and test (tmux drives the TUI; sshd, ssh and GNU parallel run
# the render-farm test on loopback; python3 runs the OpenCue outline check; ncurses-term has the
# -direct terminfo entries for truecolor; xvfb, xterm, kitty, x11-apps (xwd) and fonts-dejavu-core run the TUI in
# real terminals, Tests/TUI/tui-real-terminals.py; slurmctld, slurmd, slurm-client and munge run a single-node
# Slurm for Tests/Farm/farm-slurm.sh).
BUILD_DEPS   := libncursesw5-dev libpng-dev libjpeg-dev libdeflate-dev libopenexr-dev libcairo2-dev pkg-config unifont fonts-wqy-microhei
TEST_DEPS    := openexr openimageio-tools poppler-utils python3-opencv tmux ncurses-term openssh-server openssh-client parallel python3 xvfb xterm kitty x11-apps fonts-dejavu-core \
               slurmctld slurmd slurm-client munge
BENCH_DEPS   := libosmesa6-dev valgrind
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Release builds use the CPU's AVX2 when it has it (the binary then needs such a CPU: build where you run);
# `make build PORTABLE=1` builds for baseline x86-64. Docs/performance.md has both measured.
PORTABLE     ?=
ARCH_FLAGS   := $(if $(PORTABLE),,$(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo "-Xswiftc -target-cpu -Xswiftc haswell"))
RELEASE      := $(SWIFT) build -c release $(ARCH_FLAGS)

.PHONY: all build debug run test deps test-deps bench-deps check-imports unit-tests tui-tests \
        farm-tests farm-slurm farm-bench bench bench-compare golden clean help fuzz fuzz-smoke fuzz-build

all: build

help:
	@echo "make run            open the TUI on the default scene (Scenes/binhai-xr-stage.yaml)"
	@echo "make test           everything CI runs: unit tests, import rules, CLI and TUI end-to-end tests"
	@echo "make build          release binary at $(BIN_RELEASE)"
	@echo "make bench          rasterizer benchmarks and a 300-frame sequence at each PNG compression (release build)"
	@echo "make bench-compare  the same beside Mesa's llvmpipe (installs libosmesa6-dev; and valgrind for Tests/bench-icount.sh)"
	@echo "make golden         re-record the golden frames in Tests/Golden (then review and commit them)"
	@echo "make farm-bench     render-farm overhead: one host against two loopback ssh hosts"
	@echo "make fuzz           libFuzzer on every file reader, FUZZ_SECONDS (default 60) each (Docs/reliability.md)"

# Install missing Debian packages, once per list.
define ensure_packages
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps:
	$(call ensure_packages,$(BUILD_DEPS))

test-deps: deps
	$(call ensure_packages,$(TEST_DEPS))

bench-deps: deps
	$(call ensure_packages,$(BENCH_DEPS))

build: deps
	$(RELEASE)
	@echo "built $(BIN_RELEASE)"

debug: deps
	$(SWIFT) build

run: build
	$(BIN_RELEASE) tui Scenes/binhai-xr-stage.yaml

test: test-deps check-imports unit-tests tui-tests farm-tests farm-slurm fuzz-smoke
	@echo "make test: all checks passed"

# Unit and end-to-end tests (XCTest), built with the import check that rejects undeclared target imports.
unit-tests: deps
	$(SWIFT) build --build-tests --explicit-target-dependency-import-check error
	$(SWIFT) test --skip-build

tui-tests: test-deps
	$(SWIFT) build
	bash Tests/TUI/tui-take.sh $(BIN_DEBUG)
	bash Tests/TUI/tui-takeset.sh $(BIN_DEBUG)
	bash Tests/TUI/tui-marks.sh $(BIN_DEBUG)
	python3 Tests/TUI/tui-pixels.py $(BIN_DEBUG)
	bash Tests/TUI/tui-live.sh $(BIN_DEBUG)
	bash Tests/TUI/tui-smoke.sh $(BIN_DEBUG)
	python3 Tests/TUI/lowband.py $(BIN_DEBUG) 100x30 4 --check
	python3 Tests/TUI/tui-colours.py $(BIN_DEBUG) 100x30
	python3 Tests/TUI/tui-real-terminals.py $(BIN_DEBUG)

# Render farm: two real sshd "hosts" on loopback run a chunked render, one chunk killed and resumed
# (Tests/Farm/farm-ssh.sh); farm-bench measures one host against two (Docs/performance.md).
farm-tests: test-deps
	$(SWIFT) build
	bash Tests/Farm/farm-ssh.sh $(BIN_DEBUG)

# Slurm for real: a private single-node munged + slurmctld + slurmd (as root, about 20 s) runs the job-array
# script of `farm slurm`, one task resubmitted while its first run goes on (Tests/Farm/farm-slurm.sh).
farm-slurm: test-deps
	$(SWIFT) build
	$(SUDO) bash Tests/Farm/farm-slurm.sh $(BIN_DEBUG)

farm-bench: build test-deps
	bash Tests/Farm/farm-bench.sh $(BIN_RELEASE)

# Coverage-guided fuzzing (Docs/reliability.md): one libFuzzer executable, Tests/Fuzz/Harness, built with ASan in
# its own folder (XRSTUDIO_FUZZ=1 adds the target to Package.swift; the normal build never has it). `make fuzz`
# runs each reader FUZZ_SECONDS, `make fuzz-smoke` (in `make test`) FUZZ_SMOKE_SECONDS; each under a 4 GB
# -rss_limit_mb. A crash, timeout or blow-up fails with the target's name and the reproducer's path.
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 6
FUZZ_TARGETS       ?= obj mtl gltf glb scene ndisplay csv freed otio-json otio-jsonl png jpeg resample png-fast unifont-hex journal
FUZZ_BIN           := .build-fuzz/debug/xrfuzz

fuzz-build: deps
	XRSTUDIO_FUZZ=1 $(SWIFT) build --build-path .build-fuzz --product xrfuzz -Xswiftc -sanitize=fuzzer,address \
	  -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld

fuzz: fuzz-build
	bash Tests/Fuzz/fuzz.sh $(FUZZ_BIN) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	bash Tests/Fuzz/fuzz.sh $(FUZZ_BIN) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

# Re-record the golden frames on purpose (the recording run fails by design; then check and commit them).
golden: deps
	-XRSTUDIO_RECORD_GOLDEN=1 $(SWIFT) test --filter Golden
	$(SWIFT) test --filter Golden
	@echo "golden frames in Tests/Golden/: look at them, then commit"

# The layer rule (Docs/architecture.md): each target imports only what its layer allows.
check-imports:
	@bash Tests/check-imports.sh

# Per thread count: the three meshes in the clay look; the stage flat (fill rate without lighting); a textured
# floor, clay then clay x a trilinear checker (textured against untextured shading, Docs/performance.md), then
# the checker in the nearest mip level (the scenes' default filter).
bench: build test-deps $(MESHES)/sphere.obj $(MESHES)/plane.obj
	@for t in 1 2; do \
	  $(BIN_RELEASE) bench $(MESHES)/sphere.obj  --camera 0,1.5,4.9 --look-at 0,0,0 --fov-y 45 --size 1920x1080 --threads $$t; \
	  $(BIN_RELEASE) bench $(MESHES)/stage.obj   --camera 0,1.7,1.5 --look-at 0,2.6,-6 --fov-y 60 --size 1920x1080 --threads $$t; \
	  $(BIN_RELEASE) bench $(MESHES)/terrain.obj --camera 0,60,95 --look-at 0,0,0 --fov-y 50 --size 1920x1080 --frames 10 --threads $$t; \
	  printf 'stage flat: '; $(BIN_RELEASE) bench $(MESHES)/stage.obj   --camera 0,1.7,1.5 --look-at 0,2.6,-6 --fov-y 60 --size 1920x1080 --shading flat --threads $$t; \
	  printf 'floor clay: '; $(BIN_RELEASE) bench $(MESHES)/plane.obj   --camera 0,2,0 --look-at 0,0,-3 --fov-y 60 --size 1920x1080 --threads $$t; \
	  printf 'floor textured: '; $(BIN_RELEASE) bench $(MESHES)/plane.obj   --camera 0,2,0 --look-at 0,0,-3 --fov-y 60 --size 1920x1080 --checker-texture 256 --threads $$t; \
	  printf 'floor textured, nearest mip (the default filter of scenes): '; $(BIN_RELEASE) bench $(MESHES)/plane.obj   --camera 0,2,0 --look-at 0,0,-3 --fov-y 60 --size 1920x1080 --checker-texture 256 --texture-filter nearest-mip --threads $$t; \
	done
	bash Tests/bench-sequence.sh $(BIN_RELEASE)
	bash Tests/bench-xr.sh $(BIN_RELEASE)
	bash Tests/bench-takes.sh $(BIN_RELEASE)
	python3 Tests/TUI/tui-bytes.py $(BIN_RELEASE)

$(MESHES)/plane.obj:
	$(MAKE) -C Tests/OSMesaReference build/genmesh
	mkdir -p $(MESHES)
	Tests/OSMesaReference/build/genmesh plane $@

$(MESHES)/sphere.obj:
	$(MAKE) -C Tests/OSMesaReference build/genmesh
	mkdir -p $(MESHES)
	for m in sphere stage terrain; do Tests/OSMesaReference/build/genmesh $$m $(MESHES)/$$m.obj; done

bench-compare: build bench-deps
	bash Tests/OSMesaReference/bench-compare.sh $(BIN_RELEASE)

clean:
	rm -rf .build .build-fuzz Tests/OSMesaReference/build
