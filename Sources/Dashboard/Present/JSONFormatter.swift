/// Pretty-prints JSON for the detail and response views, masking secret fields, and tolerating the cut-off
/// documents that body excerpts often are (key order is kept: it is what the wire carried).
public enum JSONFormatter {
    /// One lexical piece of a JSON text.
    public struct Token: Sendable, Equatable {
        /// What kind of piece it is.
        public enum Kind: Sendable, Equatable {
            case open, close, colon, comma, key, string, literal
        }

        /// What kind of token this is.
        public var kind: Kind
        /// The exact text (strings keep their quotes).
        public var text: String
        /// True when this value sits under a secret key and must not be shown.
        public var masked: Bool
    }

    /// True when `text` starts (after white space) like a JSON object or array.
    public static func looksLikeJSON(_ text: String) -> Bool {
        guard let first = text.first(where: { !$0.isWhitespace }) else { return false }
        return first == "{" || first == "["
    }

    /// Splits `text` into tokens; values under secret keys are flagged `masked`. White space is dropped.
    public static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var containers: [Character] = []
        var expectingKey = false
        var lastKey: String?
        let chars = Array(text)
        var i = 0
        func valueMasked() -> Bool {
            containers.last == "{" && lastKey.map(SecretMasker.isSecretKey) == true
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "{", "[":
                tokens.append(Token(kind: .open, text: String(c), masked: false))
                containers.append(c)
                expectingKey = c == "{"
                i += 1
            case "}", "]":
                tokens.append(Token(kind: .close, text: String(c), masked: false))
                if !containers.isEmpty { containers.removeLast() }
                expectingKey = false
                i += 1
            case ":":
                tokens.append(Token(kind: .colon, text: ":", masked: false))
                expectingKey = false
                i += 1
            case ",":
                tokens.append(Token(kind: .comma, text: ",", masked: false))
                expectingKey = containers.last == "{"
                i += 1
            case "\"":
                var j = i + 1
                while j < chars.count && chars[j] != "\"" { j += chars[j] == "\\" ? 2 : 1 }
                let end = min(j + 1, chars.count)
                let literal = String(chars[i..<end])
                if expectingKey {
                    lastKey = String(chars[(i + 1)..<min(j, chars.count)])
                    tokens.append(Token(kind: .key, text: literal, masked: false))
                } else {
                    tokens.append(Token(kind: .string, text: literal, masked: valueMasked()))
                }
                i = end
            case _ where c.isWhitespace:
                i += 1
            default:
                var j = i
                while j < chars.count, !"{}[]:,\"".contains(chars[j]), !chars[j].isWhitespace { j += 1 }
                tokens.append(Token(kind: .literal, text: String(chars[i..<j]), masked: valueMasked()))
                i = j
            }
        }
        return tokens
    }

    /// The JSON laid out one member per line with two-space indents, as styled lines.
    public static func pretty(_ text: String, theme: Theme) -> [[TextSegment]] {
        var lines: [[TextSegment]] = []
        var line: [TextSegment] = []
        var depth = 0
        let all = tokens(text)
        func newline() {
            lines.append(line)
            line = [TextSegment(String(repeating: "  ", count: max(0, depth)))]
        }
        line = []
        for (index, token) in all.enumerated() {
            switch token.kind {
            case .open:
                line.append(TextSegment(token.text))
                if index + 1 < all.count, all[index + 1].kind == .close { continue }
                depth += 1
                newline()
            case .close:
                depth -= 1
                if index > 0, all[index - 1].kind == .open {
                    line.append(TextSegment(token.text))
                } else {
                    newline()
                    line.append(TextSegment(token.text))
                }
            case .colon:
                line.append(TextSegment(": "))
            case .comma:
                line.append(TextSegment(","))
                newline()
            case .key:
                line.append(TextSegment(token.text, theme.jsonKey))
            case .string, .literal:
                if token.masked {
                    line.append(TextSegment("\"\(SecretMasker.mask)\"", theme.masked))
                } else {
                    line.append(TextSegment(token.text, token.kind == .string ? theme.jsonString : theme.jsonNumber))
                }
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
