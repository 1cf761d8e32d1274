/// One key press, decoded from the terminal.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    /// A printable character (including space).
    case character(Character)
    /// Ctrl plus a letter, lower-cased (`.control("c")` is Ctrl-C).
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// A function key, F1…F12.
    case function(Int)
    /// The terminal changed size.
    case resize

    public var description: String {
        switch self {
        case .character(let c): return String(c)
        case .control(let c): return "Ctrl-\(c.uppercased())"
        case .function(let n): return "F\(n)"
        default: return "\(self)"
        }
    }

    /// Decodes a character code as read from a terminal in cbreak mode (control bytes, DEL, printable text).
    public static func decode(scalar value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }
}
