import Foundation

/// `POST /images/load` (`docker load`): the body is a `docker save` or OCI-layout tarball. Answers with a JSON
/// message stream: `Loading layer` progress unless `quiet`, then one `{"stream":"Loaded image: …\n"}` per image.
struct ImageLoadHandler {
    let backend: any ImageBackend

    func load(_ context: APIContext) async throws {
        let stream = JSONMessageStream(context)
        let format: (@Sendable (ImageTransferProgress) -> JSONMessage?)? = context.query.bool("quiet") ? nil : Self.progressMessage
        do {
            let lines = try await ProgressPump.run(stream, format: format) { progress in
                try await backend.loadImages(UploadBody(context.request.body), progress: progress)
            }
            for line in lines { try await stream.send(JSONMessage(stream: line)) }
            try await stream.finish()
        } catch {
            try await stream.fail(error)
        }
    }

    /// `{"status":"Loading layer","id":"<12 hex>","progressDetail":{…},"progress":"[==>  ] …"}`.
    @Sendable
    static func progressMessage(_ report: ImageTransferProgress) -> JSONMessage? {
        guard case .loadingLayer(let id, let current, let total) = report else { return nil }
        return JSONMessage.progress("Loading layer", id: id, current: current, total: total)
    }
}
