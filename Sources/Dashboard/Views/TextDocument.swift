/// Scrollable styled text: the request detail, the composer's response, the help.
struct TextDocument {
    var lines: [[TextSegment]]

    /// Hard-wraps every line to `width` columns (continuation lines are indented by two).
    func wrapped(to width: Int) -> TextDocument {
        guard width > 4 else { return self }
        var out: [[TextSegment]] = []
        for line in lines {
            var current: [TextSegment] = []
            var used = 0
            for segment in line {
                var rest = Substring(segment.text)
                while !rest.isEmpty {
                    let room = width - used
                    if room <= 0 {
                        out.append(current)
                        current = [TextSegment("  ")]
                        used = 2
                        continue
                    }
                    let piece = rest.prefix(room)
                    current.append(TextSegment(String(piece), segment.style))
                    used += piece.count
                    rest = rest.dropFirst(piece.count)
                }
            }
            out.append(current)
        }
        return TextDocument(lines: out)
    }

    /// The first line to show for a requested `scroll`, clamped so the last page stays full.
    func clampedScroll(_ scroll: Int, height: Int) -> Int {
        max(0, min(scroll, lines.count - height))
    }

    /// Draws the lines from `scroll` into `rect`.
    func draw(in rect: Rect, scroll: Int, into grid: inout CellGrid) {
        let first = clampedScroll(scroll, height: rect.height)
        for offset in 0..<rect.height {
            let index = first + offset
            guard index < lines.count else { break }
            grid.put(lines[index], row: rect.row + offset, col: rect.col, maxWidth: rect.width)
        }
    }

    /// A section heading line: `── title`.
    static func heading(_ title: String, theme: Theme) -> [TextSegment] {
        [TextSegment("\(theme.box.h)\(theme.box.h) \(title)", theme.bold)]
    }

    /// A body excerpt as lines: pretty JSON (secrets masked), plain text, or a note for binary data.
    static func body(_ bytes: [UInt8], total: Int, theme: Theme) -> [[TextSegment]] {
        guard total > 0 || !bytes.isEmpty else { return [[TextSegment("(empty)", theme.dim)]] }
        guard let text = Format.bodyText(bytes) else {
            return [[TextSegment("(\(Format.bytes(total)) of binary data)", theme.dim)]]
        }
        var lines: [[TextSegment]]
        if JSONFormatter.looksLikeJSON(text) {
            // Several JSON documents (a progress stream) are split on newlines and printed one after another.
            lines = text.split(separator: "\n").flatMap { JSONFormatter.pretty(String($0), theme: theme) }
        } else {
            lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { [TextSegment(String($0))] }
        }
        if total > bytes.count {
            lines.append([TextSegment("\(theme.ellipsis) (\(Format.bytes(total - bytes.count)) more not kept)", theme.dim)])
        }
        return lines
    }

    /// Header lines `Name: value`, with secret values masked.
    static func headers(_ headers: [(name: String, value: String)], theme: Theme) -> [[TextSegment]] {
        guard !headers.isEmpty else { return [[TextSegment("(none)", theme.dim)]] }
        return headers.map { header in
            let secret = SecretMasker.isSecretHeader(header.name)
            return [
                TextSegment(header.name + ": ", theme.accent),
                TextSegment(SecretMasker.headerValue(name: header.name, value: header.value), secret ? theme.masked : .plain),
            ]
        }
    }
}
