// FormatBytes: a byte count as people read it in messages ("512 MB", "5.6 GB").

/// Bytes as "512 MB", "5.6 GB" (decimal units, one decimal place above a gigabyte).
public func formatBytes(_ n: Int) -> String {
    if n >= 1_000_000_000 {
        let tenths = (n + 50_000_000) / 100_000_000
        return "\(tenths / 10).\(tenths % 10) GB"
    }
    if n >= 1_000_000 { return "\((n + 500_000) / 1_000_000) MB" }
    return "\((n + 500) / 1000) kB"
}
