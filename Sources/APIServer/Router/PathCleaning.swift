/// gorilla/mux's path cleaning: collapse `//`, resolve `.` and `..`, keep a trailing slash.
enum PathCleaning {
    /// True when `clean(path)` would differ from `path` (checked without allocating).
    static func needsCleaning(_ path: String) -> Bool {
        var segmentStart = true
        var dots = 0
        guard path.utf8.first == UInt8(ascii: "/") else { return true }
        for byte in path.utf8.dropFirst() {
            if byte == UInt8(ascii: "/") {
                if segmentStart || dots == 1 || dots == 2 { return true }
                segmentStart = true
                dots = 0
            } else {
                if byte == UInt8(ascii: ".") && (segmentStart || dots > 0) { dots += 1 } else { dots = -1 }
                segmentStart = false
            }
        }
        return dots == 1 || dots == 2
    }

    /// The canonical form of `path`.
    static func clean(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var stack: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !stack.isEmpty { stack.removeLast() }
            default: stack.append(segment)
            }
        }
        var result = "/" + stack.joined(separator: "/")
        if path.hasSuffix("/") && result != "/" { result += "/" }
        return result
    }
}
