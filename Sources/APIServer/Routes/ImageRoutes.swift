import Errdefs
import Foundation

/// The seed's image routes, plus `GET /images/get` (what the docker CLI uses to save). Without an image
/// backend every route answers 501; registry routes (search, push, pull) answer 501 in any case.
struct ImageRoutes: Sendable {
    let backend: (any ImageBackend)?

    var routes: [Route] {
        [
            Route(.GET, "/images/json", "getImagesJSON") { try await list($0, try store()) },
            Route(.GET, "/images/viz", "getImagesViz") { try await $0.text(try await store().imageGraph()) },
            Route(.GET, "/images/search", "getImagesSearch") { _ in
                throw DaemonError.notImplemented("image search is not implemented yet: daemon-tui has no registry client")
            },
            Route(.GET, "/images/{name:.*}/get", "getImagesGet") {
                try await ImageSaveHandler(backend: try store()).save($0, names: [$0.variable("name")])
            },
            Route(.GET, "/images/{name:.*}/history", "getImagesHistory") {
                try await $0.json(try await store().imageHistory($0.variable("name")))
            },
            Route(.GET, "/images/{name:.*}/json", "getImagesByName") {
                try await $0.json(try await store().inspectImage($0.variable("name")).shaped(for: $0.version))
            },
            Route(.POST, "/images/create", "postImagesCreate", maxBodyBytes: 0) {
                try await ImageCreateHandler(backend: try store()).create($0)
            },
            Route(.POST, "/images/load", "postImagesLoad", maxBodyBytes: 0) {
                try await ImageLoadHandler(backend: try store()).load($0)
            },
            Route(.POST, "/images/{name:.*}/push", "postImagesPush") { _ in
                throw DaemonError.notImplemented("image push is not implemented yet: daemon-tui has no registry client")
            },
            Route(.POST, "/images/{name:.*}/tag", "postImagesTag") { try await tag($0, try store()) },
            Route(.DELETE, "/images/{name:.*}", "deleteImages") { context in
                let answer = try await store().removeImage(
                    context.variable("name"), force: context.query.bool("force"), noPrune: context.query.bool("noprune"))
                try await context.json(answer)
            },
            Route(.GET, "/images/get", "getImagesGet", origin: .modern) {
                try await ImageSaveHandler(backend: try store()).save($0, names: $0.query.strings("names"))
            },
        ]
    }

    private func store() throws -> any ImageBackend {
        guard let backend else {
            throw DaemonError.notImplemented("images are not implemented here: no image store is attached to this server")
        }
        return backend
    }

    /// `all`, `filters` (`reference`, `dangling`, `label`, `before`, `since`, `until`), and the old `filter`
    /// (a reference glob) that clients of API < 1.41 send.
    private func list(_ context: APIContext, _ backend: any ImageBackend) async throws {
        var filters = try context.query.filters()
        if let legacy = context.query.string("filter"), !legacy.isEmpty, !context.versionAtLeast("1.41") {
            filters["reference", default: []].append(legacy)
        }
        let rows = try await backend.listImages(all: context.query.bool("all"), filters: filters)
        try await context.json(rows.map { $0.shaped(for: context.version) })
    }

    /// `repo` (which may carry the tag) and `tag`; 201 with no body.
    private func tag(_ context: APIContext, _ backend: any ImageBackend) async throws {
        try await backend.tagImage(
            context.variable("name"), repository: context.query.string("repo") ?? "", tag: context.query.string("tag") ?? "")
        try await context.empty(.created)
    }
}
