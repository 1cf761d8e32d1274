
/// Makes arbitrary text (paths, headers, bodies from the wire) safe to put in one-column cells.
///
/// Every character that is not exactly one column wide — control bytes, combining marks, wide CJK, emoji — is
/// replaced, so a hostile or odd request can never shift the layout or send escape sequences to the terminal.
public enum TextWidth {
    /// The replacement shown for characters that cannot be drawn in one cell.
    public static let replacement: Unicode.Scalar = "?"

    /// `text` as a list of one-column characters; `asciiOnly` also replaces everything outside printable ASCII.
    public static func cells(_ text: String, asciiOnly: Bool) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count)
        for character in text {
            out.append(sanitize(character, asciiOnly: asciiOnly))
        }
        return out
    }

    /// One character made drawable (see the type's description).
    public static func sanitize(_ character: Character, asciiOnly: Bool) -> Unicode.Scalar {
        let scalars = character.unicodeScalars
        guard let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else {
            return replacement
        }
        if scalar.value >= 0x20 && scalar.value < 0x7f { return scalar }
        if scalar == "\t" { return " " }
        if asciiOnly || scalar.value < 0xa0 { return replacement }
        return isSingleWidth(scalar) ? scalar : replacement
    }

    /// False for combining marks, format characters, emoji shown as pictures and East Asian wide characters.
    static func isSingleWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark, .format, .control, .surrogate, .privateUse, .unassigned,
            .lineSeparator, .paragraphSeparator:
            return false
        default: break
        }
        if scalar.properties.isEmojiPresentation { return false }
        let wideRanges: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
        ]
        return !wideRanges.contains { $0.contains(scalar.value) }
    }
}
