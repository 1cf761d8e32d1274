import Foundation
import Testing
import TestSupport

@Suite(
    "Images with docker-py", .enabled(if: ImageFixtures.haveDockerPy, "python3 with the docker package is not installed"),
    .enabled(if: ImageFixtures.haveBusybox, "busybox-static is not installed"))
struct ImagePythonTests {
    /// Imports with the low-level API, then lists, gets, saves on one daemon and loads on another.
    static let script = """
        import json, sys, docker
        first = docker.DockerClient(base_url=sys.argv[1], version="auto")
        second = docker.DockerClient(base_url=sys.argv[2], version="auto")
        out = first.api.import_image(src=sys.argv[3], repository="py/bb", tag="1", changes=['CMD ["sh"]'])
        messages = [json.loads(line) for line in out.splitlines() if line.strip()]
        imported = messages[-1]["status"]
        listed = [(image.id, image.tags) for image in first.images.list()]
        image = first.images.get("py/bb:1")
        archive = b"".join(image.save(named=True))
        loaded = second.images.load(archive)
        print(json.dumps({
            "imported": imported, "listed": listed, "cmd": image.attrs["Config"]["Cmd"],
            "loaded": [(i.id, i.tags) for i in loaded], "second": [i.id for i in second.images.list()],
            "history": [h["Id"] for h in image.history()],
        }))
        try:
            first.images.get("py/none:1")
        except docker.errors.ImageNotFound as error:
            print("not found:", error.explanation)
        try:
            second.images.load(b"not a tarball at all")
        except (docker.errors.APIError, docker.errors.ImageLoadError) as error:
            print("load failed:", error)
        """

    @Test("docker-py: api.import_image, images.list/get, image.save, images.load on a second daemon")
    func dockerPy() async throws {
        let directory = try TemporaryDirectory(prefix: "dtp")
        defer { directory.remove() }
        let rootfs = try await ImageFixtures.busyboxTar(in: directory)
        let first = try await ImageTestDaemon.start()
        let second = try await ImageTestDaemon.start()
        let result = try await Command.run("python3", ["-c", Self.script, first.host, second.host, rootfs], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let report = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        let id = try #require(report["imported"] as? String)
        #expect(id.hasPrefix("sha256:"))
        #expect((report["listed"] as? [[Any]])?.first?.first as? String == id)
        #expect((report["listed"] as? [[Any]])?.first?.last as? [String] == ["py/bb:1"])
        #expect(report["cmd"] as? [String] == ["sh"])
        #expect((report["loaded"] as? [[Any]])?.first?.first as? String == id)
        #expect((report["loaded"] as? [[Any]])?.first?.last as? [String] == ["py/bb:1"])
        #expect(report["second"] as? [String] == [id])
        #expect(report["history"] as? [String] == [id])
        #expect(lines.contains { $0.hasPrefix("not found:") && $0.contains("No such image: py/none:1") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("load failed:") }, "\(result.stdout)")
        #expect(await first.stop() == 0)
        #expect(await second.stop() == 0)
    }
}
