import Foundation

/// Where `swift build` put the products, found relative to the running test bundle.
public enum BuiltProducts {
    /// The build directory (`.build/debug` or `.build/release`).
    public static var directory: URL {
        // The test bundle (or xctest runner) lives in the products directory.
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        for _ in 0..<6 {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("daemon-tui").path) {
                return url
            }
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return cwd.appendingPathComponent(".build/debug")
    }

    /// The `daemon-tui` executable built alongside the tests.
    public static var daemonTUI: String { directory.appendingPathComponent("daemon-tui").path }
}
