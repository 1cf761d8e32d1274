import Errdefs

/// The key sequence that detaches an attached client from a TTY container (`detachKeys`): comma-separated
/// `ctrl-<x>` (x in `a`–`z`, `@`, `[`, `\`, `]`, `^`, `_`) or single characters. Default: Ctrl-P, Ctrl-Q.
struct DetachKeys: Sendable, Equatable {
    let bytes: [UInt8]

    static let standard = DetachKeys(bytes: [0x10, 0x11])

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `text`; empty or nil gives the default; anything malformed is a 400, as dockerd answers.
    static func parse(_ text: String?) throws -> DetachKeys {
        guard let text, !text.isEmpty else { return .standard }
        var bytes: [UInt8] = []
        for key in text.split(separator: ",", omittingEmptySubsequences: false) {
            let lower = key.lowercased()
            if key.utf8.count == 1, let ascii = key.utf8.first {
                bytes.append(ascii)
            } else if lower.hasPrefix("ctrl-"), lower.count == 6, let code = lower.utf8.last, let control = Self.control(code) {
                bytes.append(control)
            } else {
                throw DaemonError.invalidParameter("Invalid detach keys (\(text)) provided")
            }
        }
        return DetachKeys(bytes: bytes)
    }

    private static func control(_ code: UInt8) -> UInt8? {
        switch code {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return code - UInt8(ascii: "a") + 1
        case UInt8(ascii: "@"): return 0
        case UInt8(ascii: "["): return 27
        case UInt8(ascii: "\\"): return 28
        case UInt8(ascii: "]"): return 29
        case UInt8(ascii: "^"): return 30
        case UInt8(ascii: "_"): return 31
        default: return nil
        }
    }
}

/// Watches stdin for the detach sequence, across reads. Bytes that start the sequence are held back until it
/// either completes (detach) or breaks (then they are forwarded), as dockerd's escape proxy does.
struct DetachKeyScanner {
    let keys: DetachKeys
    private var matched = 0

    init(_ keys: DetachKeys) { self.keys = keys }

    /// What to forward from `input`, and whether the sequence completed (then nothing after it is forwarded).
    mutating func scan(_ input: [UInt8]) -> (forward: [UInt8], detach: Bool) {
        var forward: [UInt8] = []
        for byte in input {
            if byte == keys.bytes[matched] {
                matched += 1
                if matched == keys.bytes.count { return (forward, true) }
            } else {
                forward.append(contentsOf: keys.bytes[0..<matched])
                matched = 0
                if byte == keys.bytes[0] {
                    matched = 1
                    if matched == keys.bytes.count { return (forward, true) }
                } else {
                    forward.append(byte)
                }
            }
        }
        return (forward, false)
    }
}
