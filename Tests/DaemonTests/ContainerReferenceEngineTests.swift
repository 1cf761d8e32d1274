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
        (["rm", "changer"], nil),
        (["ps", "-a", "-q"], nil),
    ]

    @Test("exit statuses and outputs match step by step (IDs and PIDs aside)")
    func sameSession() async throws {
        let directory = try TemporaryDirectory(prefix: "dtcr")
        defer { directory.remove() }
        let rootfs = try await ImageFixtures.busyboxTar(in: directory)
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
                    #expect(Self.normalized(ours.stdout, numbers: numbers) == Self.normalized(theirs.stdout, numbers: numbers),
                            "docker \(step.arguments.joined(separator: " "))")
                }
            }
        } catch {
            await reference.stop()
            throw error
        }
        _ = try? await reference.cli.run(["rm", "-f", "web", "changer"])
        await reference.stop()
    }

    /// Output with container IDs replaced, and for `top` numbers (PIDs, times) too.
    static func normalized(_ text: String, numbers: Bool) -> String {
        let ids = text.replacing(/[0-9a-f]{64}|[0-9a-f]{12}/, with: "<id>")
        return numbers ? ids.replacing(/\d+/, with: "<n>") : ids
    }
}
