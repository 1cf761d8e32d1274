import Foundation
import Testing
@testable import Runtime

/// Simulated interrupted writes and damaged records: the store must start, skip what is broken with a
/// warning, clean leftovers, and keep working.
@Suite("Image store crash safety")
struct ImageCrashSafetyTests {
    @Test("leftover temporary files and staging directories are removed at start")
    func leftovers() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        var store: ImageStore? = try fixture.open()
        let id = try await fixture.importFiles(store!, ["a": "1"], repository: "app")
        store = nil
        let root = fixture.root
        try Data("half".utf8).write(to: root.appendingPathComponent("imagedb/content/.tmp-\(String(repeating: "a", count: 64))-123"))
        try Data("half".utf8).write(to: root.appendingPathComponent(".tmp-repositories.json-99"))
        let staging = root.appendingPathComponent("tmp/import-42/layer/root/bin")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data("partial".utf8).write(to: staging.appendingPathComponent("sh"))

        let reopened = try fixture.open()
        #expect(ImageTestKit.tree(root.appendingPathComponent("tmp")).isEmpty)
        #expect(!(ImageTestKit.tree(root.appendingPathComponent("imagedb/content")).contains { $0.hasPrefix(".tmp-") }))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".tmp-repositories.json-99").path))
        #expect(try await reopened.inspect("app").id == id)
        #expect(fixture.logs.warnings.isEmpty)
    }

    @Test("a truncated config, a corrupt layer record and a truncated tag file are skipped with warnings")
    func corruptRecords() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        var store: ImageStore? = try fixture.open()
        let good = try await fixture.importFiles(store!, ["a": "1"], repository: "good")
        let truncated = try await fixture.importFiles(store!, ["b": "2"], repository: "truncated")
        let brokenLayer = try await fixture.importFiles(store!, ["c": "3"], repository: "brokenlayer")
        let brokenLayerDiff = try await store!.inspect(brokenLayer).rootFS.layers[0]
        store = nil

        let root = fixture.root
        let config = root.appendingPathComponent("imagedb/content/\(truncated.dropFirst(7))")
        let bytes = try Data(contentsOf: config)
        try bytes.prefix(bytes.count / 2).write(to: config)
        try Data("{not json".utf8).write(to: root.appendingPathComponent("layers/\(brokenLayerDiff.dropFirst(7))/layer.json"))

        let reopened = try fixture.open()
        #expect(try await reopened.list().map(\.id) == [good])
        #expect(try await reopened.inspect("good").id == good)
        await #expect { try await reopened.inspect("truncated") } throws: { $0.errorKind == .notFound }
        let warnings = fixture.logs.warnings.joined(separator: "\n")
        #expect(warnings.contains("does not match its ID"))
        #expect(warnings.contains("corrupt record"))
        #expect(warnings.contains("dropping reference to a missing image"))

        // Now the tag file itself is truncated: it is set aside and the images stay, untagged.
        let references = root.appendingPathComponent("repositories.json")
        let text = try Data(contentsOf: references)
        try text.prefix(text.count - 3).write(to: references)
        let again = try fixture.open()
        #expect(try await again.list().map(\.id) == [good])
        #expect(try await again.list().first?.repoTags == [])
        #expect(fixture.logs.warnings.contains { $0.contains("image references file is unreadable") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).contains { $0.hasPrefix("repositories.json.corrupt-") })

        // And it still works: a new import and tag.
        let fresh = try await fixture.importFiles(again, ["d": "4"], repository: "fresh")
        #expect(try await again.inspect("fresh").id == fresh)
        try await again.tag(good, repository: "good")
        #expect(try await fixture.open().inspect("good").id == good)
    }

    @Test("a layer no image uses (crash between layer and config) is removed at start")
    func orphanLayer() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        var store: ImageStore? = try fixture.open()
        let id = try await fixture.importFiles(store!, ["a": "1"])
        let diff = try await store!.inspect(id).rootFS.layers[0]
        store = nil
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("imagedb/content/\(id.dropFirst(7))"))
        let reopened = try fixture.open()
        #expect(try await reopened.list(all: true).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("layers/\(diff.dropFirst(7))").path))
    }
}
