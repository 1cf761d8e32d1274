import Errdefs
import Foundation
import Testing
@testable import Runtime

@Suite("Image tag, resolve, delete, events, viz")
struct ImageTagDeleteTests {
    @Test("resolving by name, full ID, short ID, sha256 prefix; unknown and ambiguous")
    func resolving() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let id = try await fixture.importFiles(store, ["a": "1"], repository: "app")
        let hex = String(id.dropFirst(7))
        for name in ["app", "app:latest", "docker.io/library/app:latest", id, hex, String(hex.prefix(12)), "sha256:" + hex.prefix(8)] {
            #expect(try await store.resolve(name) == id, "\(name)")
        }
        await #expect { try await store.resolve("nothing") } throws: { $0.errorKind == .notFound && "\($0)" == "No such image: nothing:latest" }
        await #expect { try await store.resolve("app:v2") } throws: { "\($0)" == "No such image: app:v2" }
        await #expect { try await store.resolve("sha256:" + String(repeating: "0", count: 64)) } throws: { $0.errorKind == .notFound }
        await #expect { try await store.resolve("UPPER") } throws: { $0.errorKind == .invalidParameter }

        // Make IDs collide on a one-character prefix, then that prefix is ambiguous.
        var ids = [id]
        var n = 0
        while Set(ids.map { $0.dropFirst(7).first! }).count == ids.count {
            n += 1
            ids.append(try await fixture.importFiles(store, ["a": "\(n)x"]))
        }
        let shared = ids.map { $0.dropFirst(7).first! }.first { c in ids.filter { $0.dropFirst(7).first! == c }.count > 1 }!
        await #expect { try await store.resolve(String(shared)) } throws: { $0.errorKind == .invalidParameter && "\($0)".contains("ambiguous") }
    }

    @Test("tag, list filters, untag vs delete, and their events")
    func tagAndDelete() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let events = fixture.events.subscribe(sinceNano: 0)
        let id = try await fixture.importFiles(store, ["a": "1"], repository: "app")
        #expect(try await store.tag("app", repository: "docker.io/library/other", tag: "v1") == "other:v1")
        #expect(try await store.tag(id, repository: "localhost:5000/team/app") == "localhost:5000/team/app:latest")
        await #expect { try await store.tag(id, repository: "sha256") } throws: { $0.errorKind == .invalidParameter }
        await #expect { try await store.tag("missing", repository: "x") } throws: { $0.errorKind == .notFound }
        let untagged = try await fixture.importFiles(store, ["b": "2"])

        let all = try await store.list()
        #expect(all.count == 2)
        #expect(all.first { $0.id == id }?.repoTags == ["app:latest", "localhost:5000/team/app:latest", "other:v1"])
        #expect(all.first { $0.id == untagged }?.repoTags == [])
        #expect(try await store.list(filters: ImageListFilters(["dangling": ["true"]])).map(\.id) == [untagged])
        #expect(try await store.list(filters: ImageListFilters(["dangling": ["false"]])).map(\.id) == [id])
        #expect(try await store.list(filters: ImageListFilters(["reference": ["oth*"]])).first?.repoTags == ["other:v1"])
        #expect(try await store.list(filters: ImageListFilters(["before": [untagged]])).map(\.id) == [id])
        #expect(try await store.list(filters: ImageListFilters(["since": [id]])).map(\.id) == [untagged])
        #expect(throws: (any Error).self) { try ImageListFilters(["colour": ["red"]]) }
        #expect(throws: (any Error).self) { try ImageListFilters(["dangling": ["maybe"]]) }
        await #expect { try await store.list(filters: ImageListFilters(["before": ["nope"]])) } throws: { $0.errorKind == .notFound }

        // By ID with several repositories: a conflict unless forced.
        await #expect { try await store.delete(id) } throws: {
            $0.errorKind == .conflict && "\($0)".contains("(must be forced) - image is referenced in multiple repositories")
        }
        // By reference: only untags while other references remain.
        #expect(try await store.delete("other:v1") == [.untagged("other:v1")])
        #expect(try await store.delete("localhost:5000/team/app") == [.untagged("localhost:5000/team/app:latest")])
        await #expect { try await store.delete("other:v1") } throws: { $0.errorKind == .notFound }
        // The last reference takes the image with it; its layer leaves the disk.
        let layerDirs = try await store.layerDirectories(of: id)
        let removed = try await store.delete("app")
        #expect(removed.first == .untagged("app:latest"))
        #expect(removed.dropFirst().first == .deleted(id))
        #expect(removed.count == 3)
        #expect(!FileManager.default.fileExists(atPath: layerDirs[0].deletingLastPathComponent().path))
        #expect(try await store.delete(untagged, force: false).first == .deleted(untagged))
        #expect(try await store.list(all: true).isEmpty)

        var actions: [String] = []
        for await event in events {
            #expect(event.type == "image")
            actions.append("\(event.action):\(event.attributes["name"] ?? "")")
            if actions.count == 10 { break }
        }
        #expect(actions == [
            "tag:app:latest", "import:\(id)", "tag:other:v1", "tag:localhost:5000/team/app:latest", "import:\(untagged)",
            "untag:\(id)", "untag:\(id)", "untag:\(id)", "delete:\(id)", "delete:\(untagged)",
        ])
    }

    @Test("a container using an image vetoes deletion: running is hard, stopped is soft")
    func containerVeto() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let id = try await fixture.importFiles(store, ["a": "1"], repository: "app")
        let containerID = String(repeating: "c", count: 64)
        let running = ImageTestKit.Collector()
        await store.setUsageCheck { image in
            image == id ? [ImageUser(containerID: containerID, running: running.chunks > 0)] : []
        }
        await #expect { try await store.delete("app") } throws: {
            $0.errorKind == .conflict && "\($0)".contains("container cccccccccccc is using its referenced image \(id.dropFirst(7).prefix(12))")
        }
        await #expect { try await store.delete(id) } throws: { "\($0)".contains("(must be forced) - image is being used by stopped container cccccccccccc") }
        running.append(Data())
        await #expect { try await store.delete(id, force: true) } throws: {
            $0.errorKind == .conflict && "\($0)".contains("(cannot be forced) - image is being used by running container")
        }
        #expect(try await store.list().count == 1)
    }

    @Test("viz draws every image from base, tagged ones boxed with their tags")
    func viz() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let a = try await fixture.importFiles(store, ["a": "1"], repository: "app", tag: "v1")
        let b = try await fixture.importFiles(store, ["b": "1"])
        let dot = await store.viz()
        #expect(dot.hasPrefix("digraph docker {\n") && dot.hasSuffix(" base [style=invisible]\n}\n"))
        #expect(dot.contains(" base -> \"\(a.dropFirst(7))\" [style=invis]\n"))
        #expect(dot.contains(" base -> \"\(b.dropFirst(7))\" [style=invis]\n"))
        #expect(dot.contains("[label=\"\(a.dropFirst(7))\\napp:v1\",shape=box"))
        #expect(!dot.contains("[label=\"\(b.dropFirst(7))"))
    }
}
