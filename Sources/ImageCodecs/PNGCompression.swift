// PNGCompression: the three PNG effort levels offered to users, mapped to a zlib level and row filters.

import CImageShims

/// How hard the PNG encoder works: a trade of encode time against file size.
///
/// - `fast`: zlib level 1 with the Sub filter only, for previews and long sequences.
/// - `default`: zlib level 6 with all filters (libpng picks one per row, its adaptive heuristic).
/// - `best`: zlib level 9 with all filters, for stills and golden files.
///
/// Every setting is lossless; only size and speed differ.
public enum PNGCompression: String, CaseIterable, Sendable {
    case fast
    case `default`
    case best

    /// The zlib compression level, 0-9.
    var zlibLevel: Int32 {
        switch self {
        case .fast: return 1
        case .default: return 6
        case .best: return 9
        }
    }

    /// A CImageShims_PNG_FILTER_* combination. Sub costs one subtraction per byte and usually pays for itself on
    /// rendered images even at level 1.
    var filterFlags: Int32 {
        switch self {
        case .fast: return CImageShims_PNG_FILTER_SUB
        case .default, .best: return CImageShims_PNG_FILTER_ALL
        }
    }
}
