import Foundation
import Testing
import TestSupport

@Suite(
    "Images with the docker CLI", .enabled(if: DockerCLI.available, "the docker CLI is not installed"),
    .enabled(if: ImageFixtures.haveBusybox, "busybox-static is not installed"))
struct ImageCLITests {
    @Test("import, images, image inspect, history, tag, filters, rmi, /info and the events they publish")
    func lifecycle() async throws {
        let directory = try TemporaryDirectory(prefix: "dti")
        defer { directory.remove() }
        let rootfs = try await ImageFixtures.busyboxTar(in: directory)
        let daemon = try await ImageTestDaemon.start()
        let since = Int(Date().timeIntervalSince1970) - 1

        let imported = try await daemon.docker([
            "import", "--change", "CMD [\"sh\"]", "--change", "ENV GREETING=hello", "--change", "LABEL team=images",
            "--message", "a busybox for the tests", rootfs, "bb:1",
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let id = imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("sha256:") && id.count == 71, "\(imported.stdout)")

        let listed = try await daemon.docker(["images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"])
        #expect(listed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "bb:1 \(id)")

        let inspect = try await daemon.docker([
            "image", "inspect", "--format", "{{.Id}}|{{json .Config.Cmd}}|{{.Comment}}|{{.Os}}|{{json .Config.Labels}}|{{json .RepoTags}}",
            "bb:1",
        ])
        #expect(inspect.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            == "\(id)|[\"sh\"]|a busybox for the tests|linux|{\"team\":\"images\"}|[\"bb:1\"]", "\(inspect.stderr)")
        let env = try await daemon.docker(["image", "inspect", "--format", "{{json .Config.Env}}", String(id.dropFirst(7).prefix(12))])
        #expect(env.stdout.contains("GREETING=hello"))

        let history = try await daemon.docker(["history", "--no-trunc", "--format", "{{.ID}} {{.Comment}}", "bb:1"])
        #expect(history.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(id) a busybox for the tests")

        #expect(try await daemon.docker(["tag", "bb:1", "example.com:5000/team/app:2"]).status == 0)
        let byReference = try await daemon.docker(["images", "--filter", "reference=example.com:5000/team/*", "--format", "{{.Repository}}:{{.Tag}}"])
        #expect(byReference.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "example.com:5000/team/app:2")
        let byLabel = try await daemon.docker(["images", "-q", "--filter", "label=team=images"])
        #expect(Set(byLabel.stdout.split(separator: "\n")) == [Substring(id.dropFirst(7).prefix(12))])
        #expect(try await daemon.docker(["images", "-q", "--filter", "label=team=other"]).stdout.isEmpty)
        #expect(try await daemon.docker(["images", "-q", "--filter", "dangling=true"]).stdout.isEmpty)
        let badFilter = try await daemon.docker(["images", "--filter", "colour=blue"])
        #expect(badFilter.status != 0 && badFilter.stderr.contains("invalid filter 'colour'"), "\(badFilter.stderr)")

        let info = try await daemon.docker(["info", "--format", "{{.Images}} {{.Driver}}"])
        #expect(info.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1 overlay2")

        let untag = try await daemon.docker(["rmi", "bb:1"])
        #expect(untag.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "Untagged: bb:1", "\(untag.stderr)")
        let delete = try await daemon.docker(["rmi", "example.com:5000/team/app:2"])
        #expect(delete.stdout.contains("Untagged: example.com:5000/team/app:2"))
        #expect(delete.stdout.contains("Deleted: \(id)"))
        let gone = try await daemon.docker(["image", "inspect", "bb:1"])
        #expect(gone.status != 0)
        #expect(gone.stderr.contains("No such image: bb:1"), "\(gone.stderr)")
        #expect(try await daemon.docker(["info", "--format", "{{.Images}}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")

        let until = Int(Date().timeIntervalSince1970) + 1
        let events = try await daemon.docker([
            "events", "--since", "\(since)", "--until", "\(until)", "--filter", "type=image", "--format", "{{.Action}} {{.Actor.Attributes.name}}",
        ], timeout: 20)
        #expect(events.stdout.split(separator: "\n").map(String.init) == [
            "tag bb:1", "import \(id)", "tag example.com:5000/team/app:2", "untag \(id)", "untag \(id)", "delete \(id)",
        ], "\(events.stdout)")
        #expect(await daemon.stop() == 0)
    }

    @Test("save, then load into the same daemon and into a second one: same ID, same tags")
    func saveAndLoad() async throws {
        let directory = try TemporaryDirectory(prefix: "dts")
        defer { directory.remove() }
        let rootfs = try await ImageFixtures.busyboxTar(in: directory)
        let first = try await ImageTestDaemon.start()
        let id = try await first.docker(["import", rootfs, "busybox:latest"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await first.docker(["tag", "busybox", "busybox:other"]).status == 0)

        let archive = directory.file("saved.tar")
        let saved = try await first.docker(["save", "-o", archive, "busybox:latest", "busybox:other"])
        #expect(saved.status == 0, "\(saved.stderr)")
        let listing = try await Command.run("tar", ["-tf", archive])
        #expect(listing.stdout.split(separator: "\n").contains("manifest.json"))
        #expect(listing.stdout.split(separator: "\n").contains("\(id.dropFirst(7)).json"))

        #expect(try await first.docker(["rmi", "busybox:latest", "busybox:other"]).status == 0)
        let reloaded = try await first.docker(["load", "-i", archive])
        #expect(reloaded.status == 0, "\(reloaded.stderr)")
        #expect(reloaded.stdout.contains("Loaded image: busybox:latest"))
        #expect(reloaded.stdout.contains("Loaded image: busybox:other"))

        let second = try await ImageTestDaemon.start()
        let loaded = try await second.docker(["load"], input: try Data(contentsOf: URL(fileURLWithPath: archive)))
        #expect(loaded.status == 0, "\(loaded.stderr)")
        for daemon in [first, second] {
            let images = try await daemon.docker(["images", "--no-trunc", "--format", "{{.Tag}} {{.ID}}"])
            #expect(Set(images.stdout.split(separator: "\n").map(String.init)) == ["latest \(id)", "other \(id)"])
        }
        // Saving by ID names no tags; loading it reports the ID.
        let byID = directory.file("by-id.tar")
        #expect(try await second.docker(["save", "-o", byID, String(id.dropFirst(7).prefix(12))]).status == 0)
        let third = try await ImageTestDaemon.start()
        let anonymous = try await third.docker(["load", "-i", byID])
        #expect(anonymous.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "Loaded image ID: \(id)", "\(anonymous.stderr)")
        let dangling = try await third.docker(["images", "--filter", "dangling=true", "--format", "{{.Repository}}:{{.Tag}}"])
        #expect(dangling.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "<none>:<none>")
        for daemon in [first, second, third] { #expect(await daemon.stop() == 0) }
    }

    @Test("garbage and hostile archives: an error the CLI prints, a 400, and nothing left behind")
    func badInput() async throws {
        let directory = try TemporaryDirectory(prefix: "dtb")
        defer { directory.remove() }
        let daemon = try await ImageTestDaemon.start()

        let garbage = Data((0..<4096).map { _ in UInt8.random(in: 0...255) })
        let load = try await daemon.docker(["load"], input: garbage)
        #expect(load.status != 0)
        #expect(load.stderr.contains("Error response from daemon"), "\(load.stderr)")
        let importGarbage = try await daemon.docker(["import", "-", "junk"], input: garbage)
        #expect(importGarbage.status != 0 && importGarbage.stderr.contains("Error response from daemon"), "\(importGarbage.stderr)")

        let escape = "/tmp/dt-escape-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let hostile = directory.file("hostile.tar")
        try await ImageFixtures.hostileTar(at: hostile, entry: "../../../../../../..\(escape)")
        for path in ["/images/load?quiet=1", "/images/create?fromSrc=-&repo=evil"] {
            let answer = try await daemon.status(path, ["-X", "POST", "-H", "Content-Type: application/x-tar", "--data-binary", "@\(hostile)"])
            #expect(answer.code == 400, "\(path): \(answer.body)")
            #expect(answer.body.contains("\"message\""), "\(path): \(answer.body)")
        }
        let absolute = directory.file("absolute.tar")
        try await ImageFixtures.hostileTar(at: absolute, entry: escape)
        let cliImport = try await daemon.docker(["import", absolute, "evil"])
        #expect(cliImport.status != 0 && cliImport.stderr.contains("Error response from daemon"), "\(cliImport.stderr)")
        #expect(!FileManager.default.fileExists(atPath: escape))
        #expect(try await daemon.curl("/images/json?all=1").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(daemon.stagingEntries.isEmpty, "\(daemon.stagingEntries)")

        // No network: pulls, URL imports, search and push say so.
        let pull = try await daemon.status("/images/create?fromImage=busybox&tag=latest", ["-X", "POST"])
        #expect(pull.code == 501 && pull.body.contains("no registry client"), "\(pull.body)")
        let url = try await daemon.status("/images/create?fromSrc=http://example.com/rootfs.tar", ["-X", "POST"])
        #expect(url.code == 501 && url.body.contains("does not download"), "\(url.body)")
        #expect(try await daemon.status("/images/search?term=busybox").code == 501)
        #expect(try await daemon.status("/images/busybox/push", ["-X", "POST"]).code == 501)
        #expect(try await daemon.status("/images/nothing:here/json").code == 404)
        #expect(try await daemon.status("/images/get?names=nothing:here").code == 404)
        #expect(try await daemon.status("/images/Bad%20Name/tag?repo=x", ["-X", "POST"]).code == 400)
        #expect(await daemon.stop() == 0)
    }
}
