import Errdefs
import Foundation
import NIOHTTP1

extension ContainerRoutes {
    /// `all`, `limit`, `size`, `filters`, and the pre-filter `before` / `since` parameters of old clients.
    func list(_ context: APIContext, _ backend: any ContainerBackend) async throws {
        var filters = try context.query.filters()
        for legacy in ["before", "since"] {
            if let value = context.query.string(legacy), !value.isEmpty { filters[legacy, default: []].append(value) }
        }
        let options = ContainerListOptions(
            all: context.query.bool("all"), limit: try context.query.int("limit"), size: context.query.bool("size"),
            filters: filters)
        try await context.json(try await backend.listContainers(options))
    }

    /// `name` and the JSON body; `201 {"Id", "Warnings"}`.
    func create(_ context: APIContext, _ backend: any ContainerBackend) async throws {
        guard let request = try await context.decodeJSON(ContainerCreateRequest.self) else {
            throw DaemonError.invalidParameter("config cannot be empty in order to create a container")
        }
        guard let image = request.config.image, !image.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DaemonError.invalidParameter("no image specified: Config.Image is required to create a container")
        }
        let name = context.query.string("name").flatMap { $0.isEmpty ? nil : $0 }
        try await context.json(try await backend.createContainer(name: name, request: request), status: .created)
    }

    /// `container`, `repo`, `tag`, `comment`, `author`, `changes` (repeatable), `pause` (default true), and an
    /// optional JSON config; `201 {"Id"}`.
    func commit(_ context: APIContext, _ backend: any ContainerBackend) async throws {
        let config = try await context.decodeJSON(ContainerConfig.self)
        let query = context.query
        let options = ContainerCommitOptions(
            container: query.string("container") ?? "", repository: query.string("repo") ?? "",
            tag: query.string("tag") ?? "", comment: query.string("comment") ?? "",
            author: query.string("author") ?? "", changes: query.strings("changes").filter { !$0.isEmpty },
            pause: query.bool("pause", default: true), config: config)
        try await context.json(try await backend.commitContainer(options), status: .created)
    }

    /// The seed's copy: a JSON body `{"Resource": path}`; answers a tar of that path.
    func copy(_ context: APIContext, _ backend: any ContainerBackend) async throws {
        let body = try await context.decodeJSON(CopyRequest.self)
        guard let resource = body?.resource, !resource.isEmpty else {
            throw DaemonError.invalidParameter("Path cannot be empty")
        }
        try await TarStreamHandler.send(context, try await backend.copyFromContainer(context.variable("name"), path: resource))
    }
}

/// The body of `POST /containers/{name}/copy`.
struct CopyRequest: Decodable {
    var resource: String?

    private enum CodingKeys: String, CodingKey {
        case resource = "Resource"
    }
}

/// Streams a tar (export, copy) as the backend produces it. The head goes out with the first chunk; a failure
/// after that aborts the connection (the client sees a truncated transfer, not a complete-looking tar).
enum TarStreamHandler {
    static func send(_ context: APIContext, _ chunks: AsyncThrowingStream<Data, any Error>, headers: HTTPHeaders = [:]) async throws {
        let started = StartFlag()
        for try await chunk in chunks {
            if started.claim() { try await context.startStream(contentType: "application/x-tar", headers: headers) }
            try await context.write(chunk)
        }
        if started.claim() { try await context.startStream(contentType: "application/x-tar", headers: headers) }
        try await context.end()
    }
}
