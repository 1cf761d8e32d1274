/// gorilla/mux's path cleaning: collapse `//`, resolve `.` and `..`, keep a trailing slash.
enum PathCleaning {
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
