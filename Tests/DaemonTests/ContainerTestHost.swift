import Foundation
import TestSupport

/// What the container end-to-end tests need: root, namespaces, busybox and the docker CLI; and a daemon with
/// a busybox image imported as `bb`, cleaned up (every container removed, so no supervisor or mount
/// outlives the test) before it stops.
enum ContainerTestHost {
    /// Whether this host can run containers (root and new mount/PID/UTS/IPC namespaces).
    static let canRunContainers: Bool = {
        guard geteuid() == 0 else { return false }
        return (try? Command.run("unshare", ["--mount", "--pid", "--uts", "--ipc", "--fork", "true"], timeout: 30).status) == 0
    }()

    static let ready = canRunContainers && DockerCLI.available && ImageFixtures.haveBusybox
    static let reason = "needs root with namespaces, the docker CLI and busybox-static"

    /// Runs `body` with a fresh daemon (busybox imported as `bb`); every container is removed and the daemon
    /// stopped afterwards, whether `body` succeeded or not.
    static func withDaemon(_ body: (ImageTestDaemon) async throws -> Void) async throws {
        let daemon = try await self.daemon()
        do {
            try await body(daemon)
        } catch {
            await daemon.removeContainersAndStop()
            throw error
        }
        await daemon.removeContainersAndStop()
    }

    /// A daemon (on `dataRoot` when given) with busybox imported as `bb` unless `importImage` is false.
    static func daemon(dataRoot: String? = nil, importImage: Bool = true) async throws -> ImageTestDaemon {
        let daemon = try await ImageTestDaemon.start(dataRoot: dataRoot)
        if importImage {
            let directory = try TemporaryDirectory(prefix: "dtc")
            defer { directory.remove() }
            let rootfs = try await ImageFixtures.busyboxTar(in: directory)
            let imported = try await daemon.docker(["import", "--change", "CMD [\"sh\"]", rootfs, "bb"])
            guard imported.status == 0 else { throw ImageTestFailure("docker import: \(imported.stderr)") }
        }
        return daemon
    }
}

extension ImageTestDaemon {
    /// Removes every container (killing running ones), then stops the daemon.
    func removeContainersAndStop() async {
        if let ids = try? await docker(["ps", "-aq"]).stdout.split(separator: "\n").map(String.init), !ids.isEmpty {
            _ = try? await docker(["rm", "-f"] + ids)
        }
        await stop()
    }

    /// `docker ARGS` whose stdout, trimmed, is returned.
    func output(_ arguments: [String], input: Data? = nil) async throws -> String {
        try await docker(arguments, input: input).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
