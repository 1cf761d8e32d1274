import Errdefs
import Foundation
import TestSupport
@testable import Runtime

/// A busybox root filesystem mounted for one container, with its bundle and log, for the process-layer tests.
struct ContainerSandbox {
    /// Why container tests cannot run here, or nil.
    static let unavailableReason: String? = {
        if BusyboxRootfs.busybox == nil { return "busybox-static is not installed" }
        if !FileManager.default.isExecutableFile(atPath: BuiltProducts.daemonTUI) { return "daemon-tui is not built" }
        return SupervisorDriver(executable: BuiltProducts.daemonTUI).unavailableReason()
    }()
    static var available: Bool {
        if let reason = unavailableReason { print("skipping container process tests: \(reason)") }
        return unavailableReason == nil
    }

    let directory: TemporaryDirectory
    let driver: SupervisorDriver
    let mount: RootfsMount
    let id = (0..<4).map { _ in String(format: "%016llx", UInt64.random(in: 0...UInt64.max)) }.joined()
    var bundle: String { directory.file("bundle") }
    var log: String { directory.file("container.log") }
    var layer: String { directory.file("layer") }

    /// Builds the busybox tree as the single lower layer and mounts it (overlay, or the copy fallback).
    init(overlay: Bool = true) throws {
        directory = try TemporaryDirectory(prefix: "ctr")
        try BusyboxRootfs.build(in: URL(fileURLWithPath: directory.file("layer")))
        driver = SupervisorDriver(executable: BuiltProducts.daemonTUI, overlay: overlay)
        mount = try driver.mountRootfs(
            layers: [directory.file("layer")], upper: directory.file("upper"), work: directory.file("work"),
            target: directory.file("merged"))
    }

    func spec(_ args: [String], _ configure: (inout ProcessSpec) -> Void = { _ in }) -> ProcessSpec {
        var spec = ProcessSpec(
            containerID: id, rootfs: mount.path, args: args,
            env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=\(id.prefix(12))"],
            hostname: String(id.prefix(12)))
        configure(&spec)
        return spec
    }

    func start(_ args: [String], _ configure: (inout ProcessSpec) -> Void = { _ in }) async throws -> any ContainerProcess {
        try await driver.start(spec(args, configure), bundle: bundle, logPath: log)
    }

    /// Runs `args` to completion: the exit code and everything it wrote (stdout and stderr, in log order).
    func run(_ args: [String], _ configure: (inout ProcessSpec) -> Void = { _ in }) async throws -> (code: Int32, output: String) {
        let process = try await start(args, configure)
        let status = await process.waitExit()
        return (status.code, output())
    }

    /// The log's entries.
    func entries() -> [LogEntry] {
        let data = FileManager.default.contents(atPath: log) ?? Data()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { JSONLogLine.decode($0)?.entry }
    }

    /// The log's text (all streams).
    func output() -> String {
        String(decoding: entries().flatMap(\.bytes), as: UTF8.self)
    }

    func remove() {
        try? driver.unmountRootfs(mount)
        directory.remove()
    }
}
