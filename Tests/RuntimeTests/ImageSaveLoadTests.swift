import Errdefs
import Foundation
import TestSupport
import Testing
@testable import Runtime

@Suite("Image save and load")
struct ImageSaveLoadTests {
    /// A layer tar holding `files`, built with GNU tar.
    static func layer(_ fixture: ImageTestKit.Fixture, _ files: [String: String]) throws -> URL {
        let tree = fixture.directory.url.appendingPathComponent("layer-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        for (path, contents) in files {
            let url = tree.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        let tar = tree.path + ".tar"
        try ImageTestKit.tar(tree, to: tar)
        return URL(fileURLWithPath: tar)
    }

    @Test("save then load into another store gives the same IDs, tags and layer bytes")
    func roundTrip() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let base = try Self.layer(fixture, ["bin/tool": "v1"])
        let builder = ImageArchiveBuilder(directory: fixture.directory.url)
        let input = fixture.directory.file("in.tar")
        // Two images sharing their lower layer.
        let ids = try builder.dockerArchive([
            .init(layers: [base, try Self.layer(fixture, ["app/a": "a"])], tags: ["app:v1", "app:v2"]),
            .init(layers: [base, try Self.layer(fixture, ["app/b": "b"])], tags: ["other:latest"]),
        ], to: input)
        let loaded = try await store.load(ImageTestKit.body(URL(fileURLWithPath: input)))
        #expect(loaded.ids == ids)
        #expect(loaded.messages == ["Loaded image: app:v1\n", "Loaded image: app:v2\n", "Loaded image: other:latest\n"])

        let collector = ImageTestKit.Collector()
        try await store.save(["app", "other:latest"]) { collector.append($0) }
        let saved = fixture.directory.file("saved.tar")
        try collector.bytes.write(to: URL(fileURLWithPath: saved))
        let members = try ImageTestKit.members(of: saved)
        #expect(members.contains("manifest.json") && members.contains("repositories"))
        #expect(members.contains("\(ids[0].dropFirst(7)).json") && members.contains("\(ids[1].dropFirst(7)).json"))
        // The shared lower layer has one v1 ID in both images, so it is written once: 3 layer directories.
        #expect(members.filter { $0.hasSuffix("/layer.tar") }.count == 3)
        #expect(members.filter { $0.hasSuffix("/VERSION") }.count == 3)
        let manifestText = try await Command.run("/bin/tar", ["-xOf", saved, "manifest.json"]).stdout
        #expect(manifestText.contains(#""RepoTags":["app:v1","app:v2"]"#))
        let repositories = try await Command.run("/bin/tar", ["-xOf", saved, "repositories"]).stdout
        #expect(repositories.hasPrefix(#"{"app":{"v1":""#))

        let other = try ImageTestKit.Fixture()
        defer { other.remove() }
        let second = try other.open()
        let reloaded = try await second.load(ImageTestKit.body(URL(fileURLWithPath: saved)))
        #expect(Set(reloaded.ids) == Set(ids))
        #expect(try await second.inspect("app:v2").id == ids[0])
        #expect(try await second.inspect("other").id == ids[1])
        #expect(try await second.inspect(ids[0]).rootFS.layers == (try await store.inspect(ids[0]).rootFS.layers))
        let history = try await second.history("app:v1")
        #expect(history.map(\.createdBy) == ["step 1", "step 0"])
        #expect(history[0].id == ids[0] && history[1].id == "<missing>")
    }

    @Test("a compressed save tarball loads", arguments: ["gzip", "xz"])
    func compressedArchive(tool: String) async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        guard Command.exists(tool) else { print("skipping: \(tool) not installed"); return }
        let path = fixture.directory.file("c.tar")
        let ids = try ImageArchiveBuilder(directory: fixture.directory.url)
            .dockerArchive([.init(layers: [try Self.layer(fixture, ["z": "1"])], tags: ["zipped:1"])], to: path)
        #expect(try await Command.run(tool, [path]).status == 0)
        let compressed = URL(fileURLWithPath: path + (tool == "gzip" ? ".gz" : ".xz"))
        #expect(try await fixture.open().load(ImageTestKit.body(compressed)).ids == ids)
    }

    @Test("saving an unknown name fails before the first byte")
    func unknownName() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        try await fixture.importFiles(store, ["a": "1"], repository: "app")
        let collector = ImageTestKit.Collector()
        await #expect { try await store.save(["app", "missing:1"]) { collector.append($0) } } throws: { $0.errorKind == .notFound }
        #expect(collector.chunks == 0)
    }

    @Test("saving streams in bounded chunks rather than one buffer")
    func streaming() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let big = String(repeating: "0123456789abcdef", count: 300_000)  // ~4.8 MB
        let id = try await fixture.importFiles(store, ["big": big], repository: "big")
        let largest = ImageTestKit.Collector()
        let sizes = ImageTestKit.Collector()
        try await store.save([id]) { chunk in
            sizes.append(Data(count: 1))
            if chunk.count > 2 << 20 { largest.append(chunk) }
        }
        #expect(sizes.bytes.count > 4)
        #expect(largest.chunks == 0)
    }

    @Test("an OCI layout with gzip layers loads, named by its annotation")
    func ociLayout() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let path = fixture.directory.file("oci.tar")
        let layer = try Self.layer(fixture, ["etc/os-release": "ID=test\n"])
        let id = try ImageArchiveBuilder(directory: fixture.directory.url)
            .ociArchive(.init(layers: [layer], tags: []), name: "docker.io/library/ocitest:1.0", to: path)
        let result = try await store.load(ImageTestKit.body(URL(fileURLWithPath: path)))
        #expect(result.ids == [id])
        #expect(result.messages == ["Loaded image: ocitest:1.0\n"])
        #expect(try await store.inspect("ocitest:1.0").rootFS.layers == [Digest.of(try Data(contentsOf: layer)).description])
        let root = try await store.layerDirectories(of: "ocitest:1.0")[0]
        #expect(try String(contentsOf: root.appendingPathComponent("etc/os-release"), encoding: .utf8) == "ID=test\n")
    }

    @Test("untagged images are reported by ID; a layer that does not match its diff ID is refused")
    func idsAndMismatch() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let builder = ImageArchiveBuilder(directory: fixture.directory.url)
        let path = fixture.directory.file("untagged.tar")
        let ids = try builder.dockerArchive([.init(layers: [try Self.layer(fixture, ["x": "1"])], tags: [])], to: path)
        let result = try await store.load(ImageTestKit.body(URL(fileURLWithPath: path)))
        #expect(result.messages == ["Loaded image ID: \(ids[0])\n"])

        // Swap a layer's bytes after the config was written: the diff ID check must catch it.
        let good = try Self.layer(fixture, ["y": "1"])
        let bad = try Self.layer(fixture, ["y": "2"])
        let config = try ImageArchiveBuilder.config(for: .init(layers: [good], tags: []))
        let dir = fixture.directory.url.appendingPathComponent("mismatch")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("l"), withIntermediateDirectories: true)
        try config.write(to: dir.appendingPathComponent("c.json"))
        try FileManager.default.copyItem(at: bad, to: dir.appendingPathComponent("l/layer.tar"))
        try Data(#"[{"Config":"c.json","RepoTags":["m:1"],"Layers":["l/layer.tar"]}]"#.utf8).write(to: dir.appendingPathComponent("manifest.json"))
        let mismatch = fixture.directory.file("mismatch.tar")
        try ImageTestKit.tar(dir, to: mismatch)
        await #expect { try await store.load(ImageTestKit.body(URL(fileURLWithPath: mismatch))) } throws: {
            $0.errorKind == .invalidParameter && "\($0)".contains("invalid diffID")
        }
        #expect(try await store.list(all: true).count == 1)
        #expect(ImageTestKit.tree(fixture.root.appendingPathComponent("tmp")).isEmpty)
    }
}
