import APIServer
import Errdefs
import Foundation
import Synchronization

/// An image backend for route tests: canned answers, and a record of what the routes passed in.
final class FakeImages: ImageBackend {
    struct Calls {
        var listed: [(all: Bool, filters: [String: [String]])] = []
        var tagged: [(name: String, repository: String, tag: String)] = []
        var removed: [(name: String, force: Bool, noPrune: Bool)] = []
        var imported: [(request: ImageImportRequest, body: Data)] = []
        var loadedBodies: [Data] = []
        var saved: [[String]] = []
    }

    /// What the fake answers.
    struct Settings {
        /// Rows for the image list.
        var rows: [ImageSummaryResponse] = []
        /// Thrown by import and load after the body is read (and after `slowFailure` has passed).
        var failure: DaemonError?
        /// Import and load report progress for this long before finishing or failing.
        var slowFailure: Duration?
        /// Save fails after writing its first chunk.
        var failMidSave = false
    }

    let calls = Mutex(Calls())
    let settings = Mutex(Settings())

    func set(_ change: (inout Settings) -> Void) { settings.withLock { change(&$0) } }

    func listImages(all: Bool, filters: [String: [String]]) async throws -> [ImageSummaryResponse] {
        calls.withLock { $0.listed.append((all, filters)) }
        return settings.withLock { $0.rows }
    }

    func inspectImage(_ name: String) async throws -> ImageInspectResponse {
        guard name == "busybox" else { throw DaemonError.notFound("No such image: \(name)") }
        return ImageInspectResponse(
            id: "sha256:" + String(repeating: "a", count: 64), repoTags: ["busybox:latest"], repoDigests: [], parent: "",
            comment: "", created: "2024-01-01T00:00:00Z", container: "", containerConfig: .object(["Cmd": .null]),
            dockerVersion: "", author: "", config: .object(["Cmd": .array([.string("sh")])]), architecture: "amd64",
            variant: nil, os: "linux", osVersion: nil, size: 42, virtualSize: 42, graphDriverName: "overlay2",
            graphDriverData: [:], layers: ["sha256:" + String(repeating: "b", count: 64)],
            lastTagTime: "0001-01-01T00:00:00Z")
    }

    func imageHistory(_ name: String) async throws -> [ImageHistoryResponseItem] {
        [ImageHistoryResponseItem(id: "<missing>", created: 1, createdBy: "", tags: nil, size: 0, comment: "")]
    }

    func tagImage(_ name: String, repository: String, tag: String) async throws {
        calls.withLock { $0.tagged.append((name, repository, tag)) }
    }

    func removeImage(_ name: String, force: Bool, noPrune: Bool) async throws -> [ImageDeleteResponseItem] {
        calls.withLock { $0.removed.append((name, force, noPrune)) }
        if name == "used" { throw DaemonError.conflict("conflict: unable to delete used (must be forced)") }
        return [.untagged("\(name):latest"), .deleted("sha256:" + String(repeating: "c", count: 64))]
    }

    func importImage<Body: AsyncSequence & Sendable>(
        _ body: Body, request: ImageImportRequest, progress: @escaping @Sendable (ImageTransferProgress) -> Void
    ) async throws -> String where Body.Element == Data {
        let data = try await read(body) { progress(.importing(bytes: $0)) }
        calls.withLock { $0.imported.append((request, data)) }
        try await finish { progress(.importing(bytes: Int64(data.count))) }
        return "sha256:" + String(repeating: "d", count: 64)
    }

    func loadImages<Body: AsyncSequence & Sendable>(
        _ body: Body, progress: @escaping @Sendable (ImageTransferProgress) -> Void
    ) async throws -> [String] where Body.Element == Data {
        let data = try await read(body) { _ in }
        calls.withLock { $0.loadedBodies.append(data) }
        try await finish { progress(.loadingLayer(id: "0123456789ab", current: 1, total: 2)) }
        return ["Loaded image: busybox:latest\n", "Loaded image: other:1\n"]
    }

    func saveImages(_ names: [String], to sink: @escaping @Sendable (Data) async throws -> Void) async throws {
        calls.withLock { $0.saved.append(names) }
        if names.contains("missing") { throw DaemonError.notFound("No such image: missing:latest") }
        try await sink(Data("tar-part-1;".utf8))
        if settings.withLock({ $0.failMidSave }) { throw DaemonError.system("disk on fire") }
        try await sink(Data("tar-part-2".utf8))
    }

    func imageGraph() async throws -> String { "digraph docker {\n}\n" }

    private func read<Body: AsyncSequence>(_ body: Body, progress: (Int64) -> Void) async throws -> Data where Body.Element == Data {
        var data = Data()
        for try await chunk in body {
            data.append(chunk)
            progress(Int64(data.count))
        }
        return data
    }

    private func finish(reporting: () -> Void) async throws {
        let (slowFailure, failure) = settings.withLock { ($0.slowFailure, $0.failure) }
        if let slowFailure {
            let end = ContinuousClock.now + slowFailure
            while ContinuousClock.now < end {
                reporting()
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        if let failure { throw failure }
    }
}
