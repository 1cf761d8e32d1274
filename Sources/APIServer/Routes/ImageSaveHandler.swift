import Foundation

/// `GET /images/{name}/get` and `GET /images/get?names=…` (`docker save`): an `application/x-tar` stream,
/// written as the backend produces it and no faster than the client reads. The head goes out with the first
/// chunk, so an unknown name is a 404; a failure after that aborts the connection, so the client sees a
/// truncated transfer rather than a tarball that merely looks complete.
struct ImageSaveHandler {
    let backend: any ImageBackend

    func save(_ context: APIContext, names: [String]) async throws {
        let started = StartFlag()
        try await backend.saveImages(names) { chunk in
            if started.claim() { try await context.startStream(contentType: "application/x-tar") }
            try await context.write(chunk)
        }
        if started.claim() { try await context.startStream(contentType: "application/x-tar") }
        try await context.end()
    }
}
