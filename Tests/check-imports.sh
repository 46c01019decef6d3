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
  [ShotAnalysis]="Geometry SceneModel Dispatch"
  [StagePasses]="Geometry Imaging RasterCore SceneModel Dispatch"
  [SceneFormat]="Geometry Imaging SceneModel FoundationEssentials Yams"
  [TakeFormats]="Geometry Takes FoundationEssentials Glibc Darwin"
  [ImageCodecs]="Imaging CImageShims CPNG CJPEG CDeflate CEXRShim COpenEXR FoundationEssentials Foundation Glibc Darwin"
  [Shot]="Geometry SceneModel SceneFormat Takes TakeFormats ShotAnalysis FoundationEssentials Synchronization Glibc Darwin"
  [SceneImaging]="Geometry Imaging RasterCore StagePasses SceneModel SceneFormat ImageCodecs FoundationEssentials Dispatch Glibc Darwin"
  [FrameOutput]="Geometry Imaging ImageCodecs FoundationEssentials Foundation Glibc Darwin Synchronization"
  [RenderJobs]="Geometry Imaging RasterCore StagePasses ShotAnalysis SceneModel SceneFormat Takes TakeFormats ImageCodecs Shot SceneImaging FrameOutput FoundationEssentials Foundation Glibc Darwin Dispatch Synchronization"
  [PlanDocument]="Geometry SceneModel SceneFormat Takes TakeFormats StagePasses ShotAnalysis Shot FrameOutput CCairo FoundationEssentials Glibc Darwin"
  [LiveTracking]="Geometry Takes TakeFormats FoundationEssentials Foundation Glibc Darwin Dispatch Synchronization"
  [StudioTUI]="Geometry Imaging RasterCore TerminalBlit StagePasses SceneModel ShotAnalysis Takes TakeFormats SceneFormat ImageCodecs Shot SceneImaging FrameOutput CNcursesw CCursesShims FoundationEssentials Foundation Glibc Darwin Dispatch Synchronization"
  [RenderFarm]="Geometry Imaging ImageCodecs FrameOutput RenderJobs SceneModel Shot FoundationEssentials Foundation Glibc Darwin Dispatch Synchronization"
  [xrstudio]="Geometry Imaging RasterCore StagePasses ShotAnalysis TerminalBlit SceneModel Takes TakeFormats LiveTracking SceneFormat ImageCodecs Shot SceneImaging FrameOutput RenderJobs PlanDocument RenderFarm StudioTUI ArgumentParser FoundationEssentials Foundation Glibc Darwin Dispatch"
)

# Layers, read from Docs/architecture.md's table (`| N | \`Target\` | ...`), and the sideways arrows it allows
# (`| \`From\` | \`To\` | reason |` rows under "### Sideways arrows"). An in-package import must point to a lower
# layer, or be listed there with a reason.
declare -A layer=()
while IFS='|' read -r _ n t _; do
  n=$(echo "$n" | tr -d ' '); t=$(echo "$t" | tr -d ' `')
  [[ "$n" =~ ^[0-9]+$ ]] && [ -n "$t" ] && layer[$t]=$n
done < <(grep -E '^\| [0-9]+ \| `[A-Za-z]+` \|' Docs/architecture.md)
declare -A sideways=()
while IFS='|' read -r _ from to reason _; do
  from=$(echo "$from" | tr -d ' `'); to=$(echo "$to" | tr -d ' `')
  reason=$(echo "$reason" | sed -E 's/^ +| +$//g')
  [ -n "$from" ] && [ -n "$to" ] && [ "$from" != "from" ] && [ "$from" != "---" ] && [ -n "$reason" ] && sideways["$from>$to"]=1
done < <(sed -n '/^### Sideways arrows/,/^## /p' Docs/architecture.md | grep -E '^\| `')
if [ ${#layer[@]} -lt 10 ]; then echo "check-imports: cannot read the layer table from Docs/architecture.md"; exit 1; fi

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
    if [ -n "${layer[$module]+set}" ]; then
      if [ -z "${layer[$target]+set}" ]; then
        echo "check-imports: $target has no layer in Docs/architecture.md"; fail=1
      elif [ "${layer[$module]}" -ge "${layer[$target]}" ] && [ -z "${sideways[$target>$module]+set}" ]; then
        echo "$file:$line: error: $target (layer ${layer[$target]}) imports $module (layer ${layer[$module]}): a sideways or upward arrow not listed in Docs/architecture.md"
        fail=1
      fi
    fi
  done < <(grep -HnE '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*import[[:space:]]' $files | grep -v '^\s*//')
done
if [ $fail -ne 0 ]; then echo "check-imports: FAILED"; exit 1; fi
echo "check-imports: $checked import lines follow the layer rule"
