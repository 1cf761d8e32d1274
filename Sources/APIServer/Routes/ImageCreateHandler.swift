import Errdefs
import Foundation

/// `POST /images/create`: `fromSrc=-` imports the request body (`docker import`); pulling (`fromImage`) and
/// importing from a URL need the network, which daemon-tui does not use, and answer 501.
struct ImageCreateHandler {
    let backend: any ImageBackend

    func create(_ context: APIContext) async throws {
        let query = context.query
        if let image = query.string("fromImage"), !image.isEmpty {
            throw DaemonError.notImplemented(
                "pulling images is not implemented yet: daemon-tui has no registry client (import a root filesystem with `docker import` or load a saved image with `docker load`)")
        }
        guard let source = query.string("fromSrc"), !source.isEmpty else {
            throw DaemonError.invalidParameter("either fromImage (pull) or fromSrc (import) is required")
        }
        guard source == "-" else {
            throw DaemonError.notImplemented(
                "importing from a URL (\(source)) is not supported: daemon-tui does not download; send the tarball as the request body (fromSrc=-)")
        }
        try Self.checkPlatform(query.string("platform"))
        let request = ImageImportRequest(
            repository: query.string("repo") ?? "", tag: query.string("tag") ?? "", changes: query.strings("changes"),
            message: query.string("message") ?? "")
        let total = context.request.headers.first(name: "Content-Length").flatMap { Int64($0) }

        let stream = JSONMessageStream(context)
        do {
            let id = try await ProgressPump.run(stream, format: { (report: ImageTransferProgress) in
                guard case .importing(let bytes) = report else { return nil }
                return JSONMessage.progress("Importing", current: bytes, total: total)
            }) { progress in
                try await backend.importImage(UploadBody(context.request.body), request: request, progress: progress)
            }
            try await stream.send(JSONMessage(status: id))
            try await stream.finish()
        } catch {
            try await stream.fail(error)
        }
    }

    /// Only Linux root filesystems can be imported (`linux`, `linux/amd64`…; the architecture is the host's).
    static func checkPlatform(_ platform: String?) throws {
        guard let platform, !platform.isEmpty else { return }
        let os = platform.split(separator: "/", omittingEmptySubsequences: false).first.map { $0.lowercased() } ?? ""
        guard os == "linux" else {
            throw DaemonError.invalidParameter("unsupported platform \(platform): daemon-tui imports linux images only")
        }
    }
}
