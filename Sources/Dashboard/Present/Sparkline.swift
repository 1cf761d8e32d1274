/// A one-line bar chart of recent per-second counts.
public enum Sparkline {
    /// The last `width` values of `series` as level characters (a blank for zero), scaled to the largest value.
    public static func render(_ series: [Int], width: Int, levels: [Character]) -> String {
        guard width > 0, !levels.isEmpty else { return "" }
        let tail = Array(series.suffix(width))
        let padded = Array(repeating: 0, count: max(0, width - tail.count)) + tail
        let peak = max(1, padded.max() ?? 1)
        return String(padded.map { value -> Character in
            guard value > 0 else { return " " }
            let index = min(levels.count - 1, (value * levels.count - 1) / peak)
            return levels[index]
        })
    }
}
