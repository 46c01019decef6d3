// swift-tools-version:6.0
// xrstudio: a terminal XR virtual-production previewer over its own software rasterizer.
// Layers (imports point down only; see Docs/architecture.md and `make check-imports`):
//   L0 Geometry, Imaging · L1 SceneModel, Takes · L2 RasterCore, TerminalBlit, ShotAnalysis
//   L3 StagePasses, SceneFormat, TakeFormats, ImageCodecs
//   L4 the Shot layer: Shot (the camera at frame t), SceneImaging (scene + camera -> any view's image), FrameOutput
//   L5 edges: RenderJobs, PlanDocument, LiveTracking, StudioTUI · L6 RenderFarm · L7 xrstudio
import PackageDescription

/// The hot code (rendering, imaging, scene and take parsing): exclusivity checks off (the rasterizer uses unsafe
/// buffers it owns), and optimised in debug builds too. Unoptimised, a frame costs 10-50x more, and the tests and
/// TUI scripts (which run the debug build) spent most of `make test` rendering: XCTests 505 s -> 99 s on 2 cores.
/// Frames are the same either way (the goldens pass in both); stepping through these modules in a debugger shows
/// optimised code (drop the second flag locally to debug them at -Onone).
let fast: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"]), .unsafeFlags(["-O"], .when(configuration: .debug))]
/// Square roots that never set errno (they are IEEE-exact either way): the standard library's `squareRoot()` then
/// compiles to the vector instruction, instead of one scalar root per lane, each behind a branch for errno.
let noMathErrno: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno"])]

let package = Package(
    name: "xrstudio",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "xrstudio", targets: ["xrstudio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML scene files, with line and column marks for error messages.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // L0 foundations: standard library only.
        .target(name: "Geometry", swiftSettings: fast),
        .target(name: "Imaging", swiftSettings: fast),
        // L1 models: values only.
        .target(name: "SceneModel", dependencies: ["Geometry", "Imaging"], swiftSettings: fast),
        .target(name: "Takes", dependencies: ["Geometry"], swiftSettings: fast),
        // L2 engines: pure and deterministic.
        .target(name: "RasterCore", dependencies: ["Geometry", "Imaging"], swiftSettings: fast),
        .target(name: "TerminalBlit", dependencies: ["Geometry", "Imaging"], swiftSettings: fast),
        // The XR stage passes (inner/outer frustum, wall canvas, in-camera, plan, witness) and the shot analysis.
        .target(name: "StagePasses", dependencies: ["Geometry", "Imaging", "RasterCore", "SceneModel"], swiftSettings: fast + noMathErrno),
        .target(name: "ShotAnalysis", dependencies: ["Geometry", "SceneModel"], swiftSettings: fast),
        // C interop: system libraries and the setjmp shim.
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", providers: [.apt(["libjpeg-dev"])]),
        // libdeflate: the zlib stream and CRC-32 of PNG `fast` (whole-buffer, faster than zlib at level 1).
        .systemLibrary(name: "CDeflate", providers: [.apt(["libdeflate-dev"])]),
        // C targets do not import modules, so the shim names its libraries itself. -O3: the PNG row filters are
        // plain loops that gcc/clang vectorise only at -O3.
        .target(name: "CImageShims", dependencies: ["CPNG", "CJPEG", "CDeflate"],
                cSettings: [.unsafeFlags(["-O3"], .when(configuration: .release))],
                linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg"), .linkedLibrary("deflate")]),
        // OpenEXR through its Core C API (openexr.h); the shim builds and checks files in memory.
        .systemLibrary(name: "COpenEXR", providers: [.apt(["libopenexr-dev"])]),
        .target(name: "CEXRShim", dependencies: ["COpenEXR"], linkerSettings: [.linkedLibrary("OpenEXRCore-3_1")]),
        // cairo: the printable stage plan's vector PDF and SVG (PlanDocument; plain C calls, no shim needed).
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "CCursesShims", dependencies: ["CNcursesw"],
                linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]),
        // L3 formats and codecs.
        .target(name: "SceneFormat", dependencies: ["Geometry", "Imaging", "SceneModel", "Yams"], swiftSettings: fast),
        .target(name: "TakeFormats", dependencies: ["Geometry", "Takes"], swiftSettings: fast),
        .target(name: "ImageCodecs", dependencies: ["Imaging", "CImageShims", "CPNG", "CJPEG", "CDeflate", "CEXRShim", "COpenEXR"]),
        // L4 the Shot layer: the camera at frame t, and scene + camera -> image; frame files.
        .target(name: "Shot", dependencies: ["Geometry", "SceneModel", "SceneFormat", "Takes", "TakeFormats", "ShotAnalysis"]),
        .target(name: "SceneImaging",
                dependencies: ["Geometry", "Imaging", "RasterCore", "SceneModel", "SceneFormat", "ImageCodecs", "StagePasses"],
                swiftSettings: fast),
        .target(name: "FrameOutput", dependencies: ["Geometry", "Imaging", "ImageCodecs"]),
        // L5 edges: per-command jobs, live tracking, the viewer.
        .target(name: "RenderJobs",
                dependencies: ["Geometry", "Imaging", "RasterCore", "SceneModel", "SceneFormat", "ImageCodecs",
                               "FrameOutput", "Takes", "TakeFormats", "StagePasses", "ShotAnalysis", "Shot", "SceneImaging"],
                swiftSettings: fast),
        // The printable stage plan: the stage, marks, a take's paths and problem ranges as vector PDF/SVG.
        .target(name: "PlanDocument",
                dependencies: ["Geometry", "SceneModel", "SceneFormat", "Takes", "TakeFormats", "StagePasses", "ShotAnalysis",
                               "Shot", "FrameOutput", "CCairo"]),
        .target(name: "LiveTracking", dependencies: ["Geometry", "Takes", "TakeFormats"]),
        // Render farms: chunk plans, GNU parallel over SSH, Slurm and OpenCue job files.
        .target(name: "RenderFarm",
                dependencies: ["Geometry", "Imaging", "ImageCodecs", "FrameOutput", "RenderJobs", "SceneModel", "Shot"]),
        .target(name: "StudioTUI",
                dependencies: ["Geometry", "Imaging", "RasterCore", "TerminalBlit", "SceneModel", "SceneFormat", "Takes", "TakeFormats",
                               "ImageCodecs", "FrameOutput", "ShotAnalysis", "Shot", "SceneImaging", "CNcursesw", "CCursesShims"]),
        // L5 the app.
        .executableTarget(name: "xrstudio",
                          dependencies: ["Geometry", "Imaging", "RasterCore", "SceneModel", "SceneFormat", "ImageCodecs",
                                         "FrameOutput", "RenderJobs", "StudioTUI", "Takes", "TakeFormats", "LiveTracking",
                                         "RenderFarm", "StagePasses", "ShotAnalysis", "Shot", "SceneImaging", "PlanDocument", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Test support: the slow, obviously correct reference rasterizer (an oracle, never shipped).
        .target(name: "ReferenceRaster", dependencies: ["Geometry"], path: "Tests/ReferenceRaster"),
        .target(name: "XRTestSupport", path: "Tests/XRTestSupport"),
        // The procedural stage of the rasterizer's golden frames (made in code, no files).
        .target(name: "SampleStage", dependencies: ["Geometry", "Imaging", "RasterCore", "SceneImaging"], path: "Tests/SampleStage"),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "RasterCoreTests", dependencies: ["XRTestSupport", "RasterCore", "ReferenceRaster", "Geometry", "Imaging"]),
        .testTarget(name: "ImageCodecsTests", dependencies: ["XRTestSupport", "ImageCodecs", "Imaging", "FrameOutput", "CImageShims"]),
        .testTarget(name: "SceneFormatTests", dependencies: ["XRTestSupport", "SceneFormat", "SceneModel", "Geometry", "Yams"]),
        .testTarget(name: "TakesTests", dependencies: ["XRTestSupport", "Takes", "TakeFormats", "Geometry"]),
        .testTarget(name: "LiveTrackingTests", dependencies: ["LiveTracking", "Takes", "TakeFormats", "XRTestSupport"]),
        .testTarget(name: "TerminalBlitTests", dependencies: ["TerminalBlit", "Imaging"]),
        .testTarget(name: "StudioTUITests",
                    dependencies: ["StudioTUI", "RenderJobs", "Shot", "SceneImaging", "SceneFormat", "SceneModel", "Imaging",
                                   "ImageCodecs", "ShotAnalysis", "TerminalBlit", "FrameOutput", "Takes", "Geometry"]),
        .testTarget(name: "ShotTests", dependencies: ["Shot", "SceneFormat", "SceneModel", "Takes", "TakeFormats", "SceneImaging",
                                                 "Imaging", "Geometry"]),
        .testTarget(name: "StagePassesTests", dependencies: ["StagePasses", "SceneModel", "SceneFormat", "RasterCore", "Imaging", "Geometry"]),
        .testTarget(name: "ShotAnalysisTests", dependencies: ["XRTestSupport", "ShotAnalysis", "SceneModel", "SceneFormat", "Geometry"]),
        .testTarget(name: "PlanDocumentTests", dependencies: ["XRTestSupport", "PlanDocument", "SceneModel", "StagePasses", "Takes"]),
        .testTarget(name: "RenderFarmTests", dependencies: ["XRTestSupport", "RenderFarm", "RenderJobs", "Imaging", "ImageCodecs", "FrameOutput"]),
        .testTarget(name: "xrstudioTests",
                    dependencies: ["ImageCodecs", "Imaging", "RenderJobs", "RasterCore", "SceneFormat", "SceneModel", "Geometry",
                                   "LiveTracking", "TakeFormats", "Shot", "SceneImaging", "SampleStage", "FrameOutput",
                                   "XRTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)

// The libFuzzer harnesses (Tests/Fuzz), only in the sanitizer build that `make fuzz` and `make fuzz-smoke` make
// (XRSTUDIO_FUZZ=1, -sanitize=fuzzer,address, .build-fuzz): libFuzzer supplies `main`, so the normal build
// must not have this target.
if Context.environment["XRSTUDIO_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "xrfuzz", dependencies: ["SceneFormat", "TakeFormats", "Takes", "ImageCodecs", "Imaging", "LiveTracking"], path: "Tests/Fuzz/Harness"))
}
