import Foundation

/// The per-layer `json` files and v1 layer IDs of a `docker save` tarball, as dockerd 20.10 makes them
/// (`image/tarexport/save.go`, `image/v1.CreateID`): lower layers get a stub with the Unix epoch as `created`,
/// the top layer the image's own v1 fields; each ID hashes the fields plus `layer_id` (the chain ID) and
/// `parent` (the previous v1 ID). Only `docker load` of very old engines reads these.
enum LegacyLayerJSON {
    struct Layer {
        var id: String
        var json: Data
    }

    static func layers(for config: ImageConfig, diffIDs: [Digest]) -> [Layer] {
        var result: [Layer] = []
        var parent: Digest?
        for index in diffIDs.indices {
            let top = index == diffIDs.count - 1
            let fields = top ? topFields(config) : [
                ("created", GoJSON.string("1970-01-01T00:00:00Z")),
                ("container_config", ImageRunConfig().goJSON),
            ]
            var forID = Dictionary(fields, uniquingKeysWith: { $1 })
            forID["layer_id"] = .string(Digest.chainID(of: Array(diffIDs[...index]))!.description)
            if let parent { forID["parent"] = .string(parent.description) }
            let id = Digest.of(GoJSON.sortedObject(forID).serialized())
            var pairs: [(String, GoJSON)] = [("id", .string(id.hex))]
            if let parent { pairs.append(("parent", .string(parent.hex))) }
            pairs += fields.filter { $0.0 != "os" }
            pairs.append(("os", .string(config.os ?? "linux")))
            result.append(Layer(id: id.hex, json: GoJSON.object(pairs).serialized()))
            parent = id
        }
        return result
    }

    /// The image's V1Image fields in Go's struct order (`id`/`parent` aside), omitting empty ones as Go does.
    private static func topFields(_ config: ImageConfig) -> [(String, GoJSON)] {
        var pairs: [(String, GoJSON)] = []
        if let comment = config.comment, !comment.isEmpty { pairs.append(("comment", .string(comment))) }
        pairs.append(("created", .string(config.createdTime?.rfc3339Nano ?? "0001-01-01T00:00:00Z")))
        if let container = config.container, !container.isEmpty { pairs.append(("container", .string(container))) }
        pairs.append(("container_config", (config.containerConfig ?? ImageRunConfig()).goJSON))
        if let version = config.dockerVersion, !version.isEmpty { pairs.append(("docker_version", .string(version))) }
        if let author = config.author, !author.isEmpty { pairs.append(("author", .string(author))) }
        if let run = config.config { pairs.append(("config", run.goJSON)) }
        if let architecture = config.architecture, !architecture.isEmpty { pairs.append(("architecture", .string(architecture))) }
        if let variant = config.variant, !variant.isEmpty { pairs.append(("variant", .string(variant))) }
        pairs.append(("os", .string(config.os ?? "linux")))
        return pairs
    }
}
