import APIServer
import Foundation
import Runtime

/// The runtime's `ImageStore` as the API's `ImageBackend`: it turns the store's values into the API's wire
/// types. The store is opened by `Daemon.initialize()`, after the router exists; a request that arrives
/// before (possible with `--no-buffer-requests`) waits for it.
struct ImageStoreBackend: ImageBackend {
    let opened: OneShot<Result<ImageStore, any Error>>

    private func store() async throws -> ImageStore {
        try await opened.value.get()
    }

    func listImages(all: Bool, filters: [String: [String]]) async throws -> [ImageSummaryResponse] {
        let parsed = try ImageListFilters(filters)
        return try await store().list(all: all, filters: parsed).map { row in
            // dockerd's lists are nil (JSON null) until something is appended; the route turns them into `[]`
            // or `<none>` as the client's API version expects.
            ImageSummaryResponse(
                containers: row.containers, created: row.created, id: row.id,
                labels: row.labels.isEmpty ? nil : row.labels, parentID: row.parentID,
                repoDigests: row.repoDigests.isEmpty ? nil : row.repoDigests,
                repoTags: row.repoTags.isEmpty ? nil : row.repoTags, sharedSize: row.sharedSize, size: row.size)
        }
    }

    func inspectImage(_ name: String) async throws -> ImageInspectResponse {
        let image = try await store().inspect(name)
        return ImageInspectResponse(
            id: image.id, repoTags: image.repoTags, repoDigests: image.repoDigests, parent: image.parent,
            comment: image.comment, created: image.created, container: image.container,
            containerConfig: try image.containerConfig.map { try Self.jsonValue($0) }, dockerVersion: image.dockerVersion,
            author: image.author, config: try image.config.map { try Self.jsonValue($0) } ?? .null,
            architecture: image.architecture, variant: image.variant, os: image.os, osVersion: image.osVersion,
            size: image.size, virtualSize: image.virtualSize, graphDriverName: image.graphDriver.name,
            graphDriverData: image.graphDriver.data, layers: image.rootFS.layers,
            lastTagTime: image.metadata.lastTagTime)
    }

    func imageHistory(_ name: String) async throws -> [ImageHistoryResponseItem] {
        try await store().history(name).map {
            ImageHistoryResponseItem(
                id: $0.id, created: $0.created, createdBy: $0.createdBy, tags: $0.tags, size: $0.size, comment: $0.comment)
        }
    }

    func tagImage(_ name: String, repository: String, tag: String) async throws {
        try await store().tag(name, repository: repository, tag: tag)
    }

    func removeImage(_ name: String, force: Bool, noPrune: Bool) async throws -> [ImageDeleteResponseItem] {
        try await store().delete(name, force: force, noPrune: noPrune).map { item in
            switch item {
            case .untagged(let reference): return .untagged(reference)
            case .deleted(let id): return .deleted(id)
            }
        }
    }

    func importImage<Body: AsyncSequence & Sendable>(
        _ body: Body, request: ImageImportRequest, progress: @escaping @Sendable (ImageTransferProgress) -> Void
    ) async throws -> String where Body.Element == Data {
        let options = ImportOptions(
            repository: request.repository, tag: request.tag, changes: request.changes, message: request.message)
        let result = try await store().importImage(body, options: options) { report in
            if case .receiving(let bytes) = report { progress(.importing(bytes: bytes)) }
        }
        return result.id
    }

    func loadImages<Body: AsyncSequence & Sendable>(
        _ body: Body, progress: @escaping @Sendable (ImageTransferProgress) -> Void
    ) async throws -> [String] where Body.Element == Data {
        try await store().load(body) { report in
            switch report {
            case .loadingLayer(let id, let current, let total): progress(.loadingLayer(id: id, current: current, total: total))
            }
        }.messages
    }

    func saveImages(_ names: [String], to sink: @escaping @Sendable (Data) async throws -> Void) async throws {
        try await store().save(names, to: sink)
    }

    func imageGraph() async throws -> String {
        try await store().viz()
    }

    /// The runtime's encoding of a value, as a JSON tree the API server can pass through.
    private static func jsonValue<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
