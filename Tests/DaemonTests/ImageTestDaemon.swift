import Foundation
import TestSupport

/// A headless daemon on a private unix socket for the image tests, with the docker CLI and curl pointed at it.
struct ImageTestDaemon {
    let process: DaemonProcess
    let socket: String

    /// Starts a daemon (on `dataRoot` when given, else its own fresh one) and waits until it listens.
    static func start(dataRoot: String? = nil) async throws -> ImageTestDaemon {
        let socket = "/tmp/dt-img-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let process = try DaemonProcess(
            arguments: ["-H", "unix://\(socket)"] + (dataRoot.map { ["--data-root", $0] } ?? []))
        try await process.waitUntilListening()
        return ImageTestDaemon(process: process, socket: socket)
    }

    var host: String { "unix://\(socket)" }
    var cli: DockerCLI { DockerCLI(host: host) }
    /// `<data-root>/image`.
    var imageRoot: String { process.dataRoot + "/image" }

    /// `curl -s --unix-socket … ARGS http://d<path>`.
    func curl(_ path: String, _ arguments: [String] = [], timeout: TimeInterval = 60) async throws -> CommandResult {
        try await Command.run("curl", ["-s", "--unix-socket", socket] + arguments + ["http://d\(path)"], timeout: timeout)
    }

    /// The HTTP status and body of a request (`-w` appends the status after the body).
    func status(_ path: String, _ arguments: [String] = []) async throws -> (code: Int, body: String) {
        let result = try await curl(path, arguments + ["-w", "\n%{http_code}"])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    /// `docker …`, failing the test's expectation with stderr in the message.
    func docker(_ arguments: [String], input: Data? = nil, timeout: TimeInterval = 60) async throws -> CommandResult {
        try await cli.run(arguments, timeout: timeout, input: input)
    }

    /// Names of the entries in `<data-root>/image/tmp` (staging of imports and loads in flight).
    var stagingEntries: [String] { (try? FileManager.default.contentsOfDirectory(atPath: imageRoot + "/tmp")) ?? [] }

    /// Stops the daemon; returns its exit status.
    @discardableResult
    func stop() async -> Int32 { await process.stop() }
}

/// Files the image tests import and load.
enum ImageFixtures {
    /// A busybox root filesystem tarball (needs busybox-static).
    static func busyboxTar(in directory: TemporaryDirectory) async throws -> String {
        let path = directory.file("rootfs.tar")
        try await offload { try BusyboxRootfs.tarball(at: path) }
        return path
    }

    /// A tarball whose entry `name` (e.g. `../escape`) carries `contents`, written with Python's tarfile so
    /// that the hostile name is kept as is.
    static func hostileTar(at path: String, entry name: String, contents: String = "pwned") async throws {
        let script = """
        import io, sys, tarfile
        with tarfile.open(sys.argv[1], "w") as t:
            data = sys.argv[3].encode()
            info = tarfile.TarInfo(sys.argv[2]); info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        """
        let result = try await Command.run("python3", ["-c", script, path, name, contents])
        guard result.status == 0 else { throw ImageTestFailure("python3 tarfile: \(result.stderr)") }
    }

    static var haveBusybox: Bool { BusyboxRootfs.busybox != nil }

    /// True when python3 can import docker-py.
    static let haveDockerPy: Bool = {
        (try? Command.run("python3", ["-c", "import docker"], timeout: 30).status) == 0
    }()
}

/// A test step that could not be carried out, with what went wrong.
struct ImageTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
