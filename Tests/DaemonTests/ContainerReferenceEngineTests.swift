import Foundation
import Testing
import TestSupport

@Suite(
    "Containers: one docker CLI session on daemon-tui and on the reference engine (dockerd)",
    .enabled(if: ContainerTestHost.ready, "\(ContainerTestHost.reason)"),
    .enabled(if: ReferenceEngine.available, "dockerd (apt-get install docker.io) is not installed, or not root"))
struct ContainerReferenceEngineTests {
    /// A session: each step's arguments, and stdin when it has some.
    static let session: [(arguments: [String], input: String?)] = [
        (["create", "--network", "none", "--name", "web", "bb", "sleep", "100"], nil),
        (["create", "--network", "none", "--name", "web", "bb", "true"], nil),
        (["create", "--network", "none", "--name", "-bad", "bb", "true"], nil),
        (["kill", "web"], nil),
        (["pause", "web"], nil),
        (["start", "web"], nil),
        (["start", "web"], nil),
        (["pause", "web"], nil),
        (["pause", "web"], nil),
        (["rm", "web"], nil),
        (["unpause", "web"], nil),
        (["unpause", "web"], nil),
        (["inspect", "--format", "{{.State.Status}} {{.State.Running}} {{.State.Paused}} {{.Config.Cmd}} {{.Config.Image}}", "web"], nil),
        (["top", "web", "-o", "comm"], nil),
        (["rm", "web"], nil),
        (["stop", "-t", "1", "web"], nil),
        (["stop", "web"], nil),
        (["wait", "web"], nil),
        (["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.State.Running}} {{.State.Pid}} {{.State.Error}}", "web"], nil),
        (["top", "web"], nil),
        (["ps", "-a", "--format", "{{.Names}} {{.Image}} {{.Command}} {{.State}}"], nil),
        (["rm", "web"], nil),
        (["rm", "web"], nil),
        (["run", "--network", "none", "--rm", "bb", "sh", "-c", "echo out; echo err >&2; exit 3"], nil),
        (["run", "--network", "none", "--rm", "bb", "nosuchcommand"], nil),
        (["run", "--network", "none", "--rm", "bb", "/etc"], nil),
        (["run", "--network", "none", "--rm", "-i", "bb", "sh", "-c", "cat; echo end"], "line one\nline two\n"),
        (["run", "--network", "none", "--rm", "-e", "A=1", "-w", "/tmp", "-u", "nobody", "bb", "sh", "-c", "echo $A $(pwd) $(id -u) $$"], nil),
        (["run", "--network", "none", "--name", "changer", "bb", "sh", "-c", "touch /made; rm /bin/wc; mkdir -p /d/e"], nil),
        (["diff", "changer"], nil),
        (["logs", "changer"], nil),
        (["commit", "-q", "changer", "committed:1"], nil),
        (["run", "--network", "none", "--rm", "committed:1", "sh", "-c", "ls /made /d; ls /bin/wc"], nil),
        (["rm", "changer"], nil),
        (["run", "-d", "--network", "none", "--name", "sleeper", "bb", "sh", "-c",
          "trap 'exit 7' USR1; echo up; while true; do sleep 0.1; done"], nil),
        (["restart", "-t", "1", "sleeper"], nil),
        (["kill", "-s", "USR1", "sleeper"], nil),
        (["wait", "sleeper"], nil),
        (["logs", "sleeper"], nil),
        (["logs", "--tail", "1", "sleeper"], nil),
        (["start", "sleeper"], nil),
        (["kill", "-s", "10", "sleeper"], nil),
        (["wait", "sleeper"], nil),
        (["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}", "sleeper"], nil),
        (["rm", "-f", "sleeper"], nil),
        (["create", "--network", "none", "--name", "once", "bb", "echo", "once"], nil),
        (["start", "-a", "once"], nil),
        (["start", "-a", "once"], nil),
        (["logs", "once"], nil),
        (["rm", "once"], nil),
        (["rmi", "committed:1"], nil),
        (["logs", "nosuch"], nil),
        (["inspect", "nosuch"], nil),
        (["ps", "-a", "-q"], nil),
    ]

    @Test("exit statuses and outputs match step by step (IDs and PIDs aside)")
    func sameSession() async throws {
        let directory = try TemporaryDirectory(prefix: "dtcr")
        defer { directory.remove() }
        let rootfs = try await ContainerTestHost.busyboxTar(in: directory)
        let reference = try await ReferenceEngine.start()
        do {
            #expect(try await reference.cli.run(["import", "--change", "CMD [\"sh\"]", rootfs, "bb"]).status == 0)
            try await ContainerTestHost.withDaemon { daemon in
                for step in Self.session {
                    let input = step.input.map { Data($0.utf8) }
                    let theirs = try await reference.cli.run(step.arguments, timeout: 60, input: input)
                    let ours = try await daemon.docker(step.arguments, input: input)
                    #expect(ours.status == theirs.status, "docker \(step.arguments.joined(separator: " ")): \(ours.stderr) vs \(theirs.stderr)")
                    let numbers = step.arguments.first == "top"
                    // dockerd lists a container's changes in no particular order.
                    let sorted = step.arguments.first == "diff"
                    #expect(Self.normalized(ours.stdout, numbers: numbers, sorted: sorted)
                            == Self.normalized(theirs.stdout, numbers: numbers, sorted: sorted),
                            "docker \(step.arguments.joined(separator: " "))")
                }
            }
        } catch {
            await reference.stop()
            throw error
        }
        _ = try? await reference.cli.run(["rm", "-f", "web", "changer", "sleeper", "once"])
        await reference.stop()
    }

    /// Output with container IDs replaced; with `numbers` (`top`: PIDs, times) numbers too; with `sorted`
    /// its lines sorted.
    static func normalized(_ text: String, numbers: Bool, sorted: Bool) -> String {
        let ids = text.replacing(/[0-9a-f]{64}|[0-9a-f]{12}/, with: "<id>")
        let plain = numbers ? ids.replacing(/\d+/, with: "<n>") : ids
        return sorted ? plain.split(separator: "\n").sorted().joined(separator: "\n") : plain
    }
}
