// PNGCompression: the three PNG effort levels offered to users, mapped to an encoder and row filters.

import CImageShims

/// How hard the PNG encoder works: a trade of encode time against file size.
///
/// - `fast`: the Up filter on every row and the shim's own run encoder (literals and distance-1 runs with Huffman
///   codes per block), for previews and long sequences (written by the shim's own PNG writer, not libpng:
///   Docs/performance.md, "Sequences", has the measurements behind the choice).
/// - `default`: zlib level 6 with all filters (libpng picks one per row, its adaptive heuristic).
/// - `best`: zlib level 9 with all filters, for stills and golden files.
///
/// Every setting is lossless; only size and speed differ.
public enum PNGCompression: String, CaseIterable, Sendable {
    case fast
    case `default`
    case best

    /// Which encoder writes a PNG at a setting, and how hard it works.
    enum Encoder: Equatable {
        /// The shim's own PNG writer with a libdeflate level 0-12, or `CImageShims_PNG_DEFLATE_RUNS` for the run
        /// encoder.
        case shim(deflateLevel: Int32)
        /// libpng with zlib at a level 0-9.
        case libpng(zlibLevel: Int32)
    }

    /// `fast` takes the run encoder: a whole 1920x1080 rendered frame's PNG in about 3 ms of CPU where libdeflate
    /// 1.14's level 2 (its fastest there) took 21, for files 30-42% larger. `default` and `best` are libpng's zlib
    /// at levels 6 and 9.
    var encoder: Encoder {
        switch self {
        case .fast: return .shim(deflateLevel: CImageShims_PNG_DEFLATE_RUNS)
        case .default: return .libpng(zlibLevel: 6)
        case .best: return .libpng(zlibLevel: 9)
        }
    }

    /// A CImageShims_PNG_FILTER_* combination. `fast` uses Up alone: on rendered frames it gave smaller files than
    /// Sub and than a per-row choice of Sub or Up (which also costs a scoring pass per candidate).
    var filterFlags: Int32 {
        switch self {
        case .fast: return CImageShims_PNG_FILTER_UP
        case .default, .best: return CImageShims_PNG_FILTER_ALL
        }
    }
}
