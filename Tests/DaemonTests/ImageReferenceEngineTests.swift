import Foundation
import Testing
import TestSupport

@Suite(
    "Images round-trip with the reference engine (dockerd)",
    .enabled(if: DockerCLI.available, "the docker CLI is not installed"),
    .enabled(if: ReferenceEngine.available, "dockerd (apt-get install docker.io) is not installed, or not root"),
    .enabled(if: ImageFixtures.haveBusybox, "busybox-static is not installed"))
struct ImageReferenceEngineTests {
    @Test("save on daemon-tui → load on dockerd, and save on dockerd → load on daemon-tui: the same image IDs")
    func roundTrip() async throws {
        let directory = try TemporaryDirectory(prefix: "dtrt")
        defer { directory.remove() }
        let rootfs = try await ImageFixtures.busyboxTar(in: directory)
        let ours = try await ImageTestDaemon.start()
        let reference = try await ReferenceEngine.start()

        let ourID = try await ours.docker(["import", "--change", "CMD [\"sh\"]", rootfs, "rt/ours:1"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let ourArchive = directory.file("ours.tar")
        #expect(try await ours.docker(["save", "-o", ourArchive, "rt/ours:1"]).status == 0)
        let loadedThere = try await reference.cli.run(["load", "-i", ourArchive])
        #expect(loadedThere.status == 0, "\(loadedThere.stderr)")
        #expect(loadedThere.stdout.contains("Loaded image: rt/ours:1"))
        let thereID = try await reference.cli.run(["image", "inspect", "--format", "{{.Id}}", "rt/ours:1"])
        #expect(thereID.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == ourID, "\(thereID.stderr)")

        let theirID = try await reference.cli.run(["import", "--change", "ENV FROM=dockerd", rootfs, "rt/theirs:1"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(theirID.hasPrefix("sha256:"))
        let theirArchive = directory.file("theirs.tar")
        #expect(try await reference.cli.run(["save", "-o", theirArchive, "rt/theirs:1"]).status == 0)
        let loadedHere = try await ours.docker(["load", "-i", theirArchive])
        #expect(loadedHere.stdout.contains("Loaded image: rt/theirs:1"), "\(loadedHere.stderr)")
        let hereID = try await ours.docker(["image", "inspect", "--format", "{{.Id}} {{json .Config.Env}}", "rt/theirs:1"])
        #expect(hereID.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(theirID) [\"FROM=dockerd\"]")

        // The same rootfs imported on both sides has the same layer (diff ID), whatever the config.
        let ourLayers = try await ours.docker(["image", "inspect", "--format", "{{json .RootFS.Layers}}", "rt/ours:1"])
        let theirLayers = try await reference.cli.run(["image", "inspect", "--format", "{{json .RootFS.Layers}}", "rt/theirs:1"])
        #expect(ourLayers.stdout == theirLayers.stdout)
        await reference.stop()
        #expect(await ours.stop() == 0)
    }
}
