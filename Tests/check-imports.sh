#!/usr/bin/env bash
# The layer rule, checked: each target may import only the modules listed for it here (Docs/architecture.md).
# `swift build --explicit-target-dependency-import-check error` catches undeclared in-package imports; this
# catches what it cannot: transitive imports, Foundation or C modules in the pure layers, and the one-owner
# rule for ArgumentParser, ncurses and the image libraries.
set -u
cd "$(dirname "$0")/.."

declare -A allowed=(
  [Geometry]=""
  [Imaging]=""
  [SceneModel]="Geometry Imaging"
  [Takes]="Geometry"
  [RasterCore]="Geometry Imaging Dispatch Synchronization"
  [TerminalBlit]="Geometry Imaging Synchronization"
  [StagePasses]="Geometry Imaging RasterCore SceneModel Dispatch"
  [ShotAnalysis]="Geometry SceneModel Dispatch"
  [SceneFormat]="Geometry Imaging SceneModel FoundationEssentials Yams"
  [TakeFormats]="Geometry Takes FoundationEssentials"
  [ImageCodecs]="Imaging CImageShims CPNG CJPEG FoundationEssentials Foundation Glibc Darwin"
  [FrameOutput]="Imaging ImageCodecs FoundationEssentials Foundation Glibc Darwin"
  [RenderJobs]="Geometry Imaging RasterCore StagePasses ShotAnalysis SceneModel SceneFormat Takes TakeFormats ImageCodecs FrameOutput FoundationEssentials Foundation Glibc Darwin Dispatch Synchronization"
  [LiveTracking]="Geometry Takes TakeFormats FoundationEssentials Foundation Glibc Darwin Dispatch Synchronization"
  [RenderFarm]="Imaging ImageCodecs FrameOutput RenderJobs SceneModel FoundationEssentials Foundation Glibc Darwin Dispatch Synchronization"
  [StudioTUI]="Geometry Imaging RasterCore TerminalBlit RenderJobs SceneModel ShotAnalysis Takes SceneFormat ImageCodecs FrameOutput CNcursesw CCursesShims FoundationEssentials Foundation Glibc Darwin Dispatch Synchronization"
  [xrstudio]="Geometry Imaging RasterCore StagePasses ShotAnalysis TerminalBlit SceneModel Takes TakeFormats LiveTracking SceneFormat ImageCodecs FrameOutput RenderJobs RenderFarm StudioTUI ArgumentParser FoundationEssentials Foundation Glibc Darwin Dispatch"
)

fail=0
checked=0
for dir in Sources/*/; do
  target=$(basename "$dir")
  # C targets (no Swift files) are not checked here.
  files=$(find "$dir" -name '*.swift')
  [ -z "$files" ] && continue
  if [ -z "${allowed[$target]+set}" ]; then
    echo "check-imports: Sources/$target has no entry in Tests/check-imports.sh: add its allowed imports"
    fail=1; continue
  fi
  while IFS=: read -r file line text; do
    module=$(echo "$text" | sed -E 's/^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*import[[:space:]]+(struct |class |enum |func |protocol |typealias |var |let )?([A-Za-z_][A-Za-z0-9_]*).*/\3/')
    checked=$((checked + 1))
    case " ${allowed[$target]} " in
      *" $module "*) ;;
      *) echo "$file:$line: error: $target must not import $module (allowed: ${allowed[$target]:-nothing beyond the standard library})"; fail=1 ;;
    esac
  done < <(grep -HnE '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*import[[:space:]]' $files | grep -v '^\s*//')
done
if [ $fail -ne 0 ]; then echo "check-imports: FAILED"; exit 1; fi
echo "check-imports: $checked import lines follow the layer rule"
