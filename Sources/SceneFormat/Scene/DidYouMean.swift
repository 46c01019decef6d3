// DidYouMean: the closest known word to a misspelt key or name (Levenshtein distance), for error messages.


public enum DidYouMean {
    /// Edit distance (insertions, deletions, substitutions), case-insensitive.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count), cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The candidate nearest to `word` when it is close enough to be a typo (at most a third of the word's
    /// letters, at least 1, at most 3), ties going to the earlier candidate.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let limit = max(1, min(3, word.count / 3))
        var best: (String, Int)?
        for c in candidates {
            let d = distance(word, c)
            if d <= limit && d < (best?.1 ?? .max) { best = (c, d) }
        }
        return best?.0
    }

    /// `; did you mean 'x'?` or, with no close candidate, `; expected one of a, b, c`.
    static func hint(for word: String, among candidates: [String]) -> String {
        if let s = suggestion(for: word, among: candidates) { return "; did you mean '\(s)'?" }
        return "; expected one of: " + candidates.joined(separator: ", ")
    }
}
