import Errdefs
import Foundation
import TestSupport
import Testing
@testable import Runtime

@Suite("Image import, list, inspect, history")
struct ImageImportTests {
    /// A busybox rootfs tarball, or nil (with a message) when busybox-static is missing.
    static func busyboxTar(in directory: TemporaryDirectory) throws -> URL? {
        guard BusyboxRootfs.busybox != nil else {
            print("skipping: busybox-static is not installed (apt-get install busybox-static)")
            return nil
        }
        let path = directory.file("busybox.tar")
        try BusyboxRootfs.tarball(at: path)
        return URL(fileURLWithPath: path)
    }

    @Test("importing a busybox rootfs makes a one-layer image shaped like dockerd's")
    func importBusybox() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        guard let tar = try Self.busyboxTar(in: fixture.directory) else { return }
        let store = try fixture.open()
        let received = ImageTestKit.Collector()
        let result = try await store.importImage(
            ImageTestKit.body(tar), options: ImportOptions(repository: "docker.io/library/busybox", tag: "")
        ) { if case .receiving(let n) = $0 { received.append(Data(String(n).utf8)) } }
        #expect(result.reference == "busybox:latest")
        #expect(received.chunks > 0)

        let inspect = try await store.inspect("busybox")
        #expect(inspect.id == result.id)
        #expect(inspect.repoTags == ["busybox:latest"])
        #expect(inspect.comment == "Imported from -")
        #expect(inspect.os == "linux")
        #expect(inspect.architecture == ImageStore.Options.hostArchitecture)
        #expect(inspect.dockerVersion == "20.10.24")
        #expect(inspect.rootFS.layers.count == 1)
        #expect(inspect.size > 500_000)
        // The diff ID is the sha256 of the uncompressed tar we sent.
        #expect(inspect.rootFS.layers[0] == Digest.of(try Data(contentsOf: tar)).description)

        // The ID is the digest of the stored config bytes, which carry dockerd's import fields.
        let configURL = fixture.root.appendingPathComponent("imagedb/content/\(result.id.dropFirst(7))")
        let raw = try Data(contentsOf: configURL)
        #expect(Digest.of(raw).description == result.id)
        let json = try #require(try JSONSerialization.jsonObject(with: raw) as? [String: Any])
        #expect(Array(json.keys).sorted() == ["architecture", "comment", "config", "container_config", "created", "docker_version", "history", "os", "rootfs"])
        let history = try #require(json["history"] as? [[String: Any]])
        #expect(history.count == 1 && history[0]["comment"] as? String == "Imported from -")

        // The layer is extracted for use as a root filesystem.
        let dirs = try await store.layerDirectories(of: "busybox:latest")
        #expect(dirs.count == 1)
        #expect(FileManager.default.isExecutableFile(atPath: dirs[0].appendingPathComponent("bin/busybox").path))
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: dirs[0].appendingPathComponent("bin/sh").path)
        #expect(link == "busybox")

        let history2 = try await store.history(result.id)
        #expect(history2.count == 1)
        #expect(history2[0].id == result.id && history2[0].tags == ["busybox:latest"] && history2[0].comment == "Imported from -")
        #expect(history2[0].size == inspect.size)
    }

    @Test("compressed imports are detected by magic", arguments: ["gzip", "xz", "bzip2", "zstd"])
    func compressed(tool: String) async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        guard Command.exists(tool) else { print("skipping: \(tool) not installed"); return }
        let tree = fixture.directory.url.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try Data("hello\n".utf8).write(to: tree.appendingPathComponent("etc/greeting"))
        let tar = fixture.directory.file("rootfs.tar")
        try ImageTestKit.tar(tree, to: tar)
        let plainDigest = Digest.of(try Data(contentsOf: URL(fileURLWithPath: tar)))
        #expect(try await Command.run(tool, ["-f", tar]).status == 0)
        let suffix = ["gzip": ".gz", "xz": ".xz", "bzip2": ".bz2", "zstd": ".zst"][tool]!
        let compressed = URL(fileURLWithPath: tar + suffix)
        let store = try fixture.open()
        let result = try await store.importImage(ImageTestKit.body(compressed), options: ImportOptions(repository: "x/\(tool)"))
        let inspect = try await store.inspect(result.id)
        #expect(inspect.rootFS.layers == [plainDigest.description])
        let dirs = try await store.layerDirectories(of: "x/\(tool)")
        #expect(try String(contentsOf: dirs[0].appendingPathComponent("etc/greeting"), encoding: .utf8) == "hello\n")
    }

    @Test("changes and message go into the config")
    func changes() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let tree = fixture.directory.url.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("app"), withIntermediateDirectories: true)
        let tar = fixture.directory.file("rootfs.tar")
        try ImageTestKit.tar(tree, to: tar)
        let store = try fixture.open()
        let result = try await store.importImage(ImageTestKit.body(URL(fileURLWithPath: tar)), options: ImportOptions(
            repository: "app", tag: "v1",
            changes: ["CMD [\"/bin/sh\", \"-c\", \"echo hi\"]", "ENTRYPOINT /entry.sh", "ENV A=1 B=\"two words\"", "ENV C three",
                      "WORKDIR /app", "WORKDIR sub", "USER nobody", "LABEL com.example=yes other=\"x y\"", "EXPOSE 80 53/udp 8000-8001",
                      "VOLUME /data", "STOPSIGNAL SIGINT"],
            message: "my import"))
        let inspect = try await store.inspect("app:v1")
        let config = try #require(inspect.config)
        #expect(config.Cmd == ["/bin/sh", "-c", "echo hi"])
        #expect(config.Entrypoint == ["/bin/sh", "-c", "/entry.sh"])
        #expect(config.Env == ["A=1", "B=two words", "C=three"])
        #expect(config.WorkingDir == "/app/sub")
        #expect(config.User == "nobody")
        #expect(config.Labels == ["com.example": "yes", "other": "x y"])
        #expect(Set(config.ExposedPorts?.keys.map { $0 } ?? []) == ["80/tcp", "53/udp", "8000/tcp", "8001/tcp"])
        #expect(config.Volumes?.keys.contains("/data") == true)
        #expect(config.StopSignal == "SIGINT")
        #expect(inspect.comment == "my import")
        #expect(try await store.list(filters: ImageListFilters(["label": ["com.example=yes"]])).map(\.id) == [result.id])
        #expect(try await store.list(filters: ImageListFilters(["label": ["com.example=no"]])).isEmpty)
    }

    @Test("bad parameters fail before the body is read, and leave nothing behind")
    func badParameters() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        await #expect { try await store.importImage(ImageTestKit.body(Data()), options: ImportOptions(changes: ["RUN rm -rf /"])) }
            throws: { $0.errorKind == .invalidParameter && "\($0)".contains("RUN is not a valid change command") }
        await #expect { try await store.importImage(ImageTestKit.body(Data()), options: ImportOptions(repository: "Bad/Name")) }
            throws: { $0.errorKind == .invalidParameter }
        await #expect { try await store.importImage(ImageTestKit.body(Data("this is not a tar".utf8)), options: ImportOptions()) }
            throws: { $0.errorKind == .invalidParameter }
        #expect(ImageTestKit.tree(fixture.root.appendingPathComponent("tmp")).isEmpty)
        #expect(ImageTestKit.tree(fixture.root.appendingPathComponent("layers")).isEmpty)
        #expect(try await store.list(all: true).isEmpty)
    }
}
