import Errdefs
import Foundation

extension ImageStore {
    /// `POST /images/{name}/tag?repo=&tag=`: points `repo:tag` (default tag `latest`) at the image, replacing
    /// whatever it pointed to. Publishes a `tag` event. Returns the new reference as Docker displays it.
    @discardableResult
    public func tag(_ nameOrID: String, repository: String, tag: String = "") throws -> String {
        let reference = try ImageReference.parse(repository: repository, tag: tag)
        guard reference.digest == nil else { throw DaemonError.invalidParameter("refusing to create a tag with a digest reference") }
        if reference.familiarName == "sha256" {
            throw DaemonError.invalidParameter("refusing to create an ambiguous tag using digest algorithm as name")
        }
        let id = try resolveID(nameOrID)
        try setReference(reference, to: id)
        publish("tag", id: id, name: reference.familiarString)
        return reference.familiarString
    }
}
