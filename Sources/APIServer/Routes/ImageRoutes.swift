import Errdefs

/// The seed's image routes. They answer 501 until an image backend is wired in.
struct ImageRoutes: Sendable {
    let backend: (any ImageBackend)?

    var routes: [Route] {
        [
            Route(.GET, "/images/json", "getImagesJSON") { _ in try unavailable("listing images") },
            Route(.GET, "/images/viz", "getImagesViz") { _ in try unavailable("the image graph") },
            Route(.GET, "/images/search", "getImagesSearch") { _ in
                throw DaemonError.notImplemented("image search is not implemented yet: daemon-tui has no registry client")
            },
            Route(.GET, "/images/{name:.*}/get", "getImagesGet") { _ in try unavailable("saving images") },
            Route(.GET, "/images/{name:.*}/history", "getImagesHistory") { _ in try unavailable("image history") },
            Route(.GET, "/images/{name:.*}/json", "getImagesByName") { _ in try unavailable("inspecting images") },
            Route(.POST, "/images/create", "postImagesCreate", maxBodyBytes: 0) { _ in try unavailable("importing images") },
            Route(.POST, "/images/load", "postImagesLoad", maxBodyBytes: 0) { _ in try unavailable("loading images") },
            Route(.POST, "/images/{name:.*}/push", "postImagesPush") { _ in
                throw DaemonError.notImplemented("image push is not implemented yet: daemon-tui has no registry client")
            },
            Route(.POST, "/images/{name:.*}/tag", "postImagesTag") { _ in try unavailable("tagging images") },
            Route(.DELETE, "/images/{name:.*}", "deleteImages") { _ in try unavailable("removing images") },
            Route(.GET, "/images/get", "getImagesGet", origin: .modern) { _ in try unavailable("saving images") },
        ]
    }

    private func unavailable(_ what: String) throws -> Never {
        throw DaemonError.notImplemented("\(what) is not implemented yet: daemon-tui's image store is not built in this version")
    }
}
