import Foundation
import Testing
@testable import Runtime

@Suite("Image store concurrency")
struct ImageConcurrencyTests {
    @Test("concurrent loads of one archive and saves while deleting stay consistent")
    func concurrentLoadsSavesDeletes() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let layer = try ImageSaveLoadTests.layer(fixture, ["shared": String(repeating: "x", count: 100_000)])
        let archive = fixture.directory.file("a.tar")
        let ids = try ImageArchiveBuilder(directory: fixture.directory.url)
            .dockerArchive([.init(layers: [layer], tags: ["shared:1"])], to: archive)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask { _ = try await store.load(ImageTestKit.body(URL(fileURLWithPath: archive))) }
            }
            try await group.waitForAll()
        }
        #expect(try await store.list().map(\.id) == ids)
        #expect(ImageTestKit.tree(fixture.root.appendingPathComponent("layers")).filter { !$0.contains("/") }.count == 1)

        // A save that has started keeps streaming whole layers even if the image is deleted meanwhile.
        let collector = ImageTestKit.Collector()
        let gate = AsyncStream<Void>.makeStream()
        let save = Task {
            try await store.save(["shared:1"]) { chunk in
                if collector.chunks == 0 { gate.continuation.yield() }
                collector.append(chunk)
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        var iterator = gate.stream.makeAsyncIterator()
        await iterator.next()
        _ = try await store.delete("shared:1")
        try await save.value
        let saved = fixture.directory.file("saved.tar")
        try collector.bytes.write(to: URL(fileURLWithPath: saved))
        #expect(try await store.list(all: true).isEmpty)
        let other = try ImageTestKit.Fixture()
        defer { other.remove() }
        #expect(try await other.open().load(ImageTestKit.body(URL(fileURLWithPath: saved))).ids == ids)
        #expect(ImageTestKit.tree(fixture.root.appendingPathComponent("tmp")).isEmpty)
    }
}
