import Crypto
import Foundation
@testable import Runtime

/// Builds `docker load` inputs the way other engines write them, for the load tests: dockerd's manifest.json
/// layout and the OCI image layout.
struct ImageArchiveBuilder {
    let directory: URL

    struct Image {
        var layers: [URL]
        var tags: [String]
        var created = "2024-01-02T03:04:05.123456789Z"
        var cmd = ["/bin/sh"]
    }

    /// The config JSON for an image of these (uncompressed) layer tars.
    static func config(for image: Image) throws -> Data {
        let diffIDs = try image.layers.map { Digest.of(try Data(contentsOf: $0)).description }
        let config: [String: Any] = [
            "architecture": ImageStore.Options.hostArchitecture, "os": "linux", "created": image.created,
            "config": ["Cmd": image.cmd, "Env": ["PATH=/bin"]],
            "rootfs": ["type": "layers", "diff_ids": diffIDs],
            "history": diffIDs.indices.map { ["created": image.created, "created_by": "step \($0)"] },
        ]
        return try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
    }

    /// A dockerd-style archive (`manifest.json`, `<hex>.json`, `<n>/layer.tar`); returns the image IDs.
    func dockerArchive(_ images: [Image], to path: String) throws -> [String] {
        let root = directory.appendingPathComponent("docker-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var manifest: [[String: Any]] = []
        var ids: [String] = []
        for image in images {
            let config = try Self.config(for: image)
            let id = Digest.of(config)
            ids.append(id.description)
            try config.write(to: root.appendingPathComponent("\(id.hex).json"))
            var layerPaths: [String] = []
            for layer in image.layers {
                let name = Digest.of(try Data(contentsOf: layer)).hex
                let dir = root.appendingPathComponent(name)
                if !FileManager.default.fileExists(atPath: dir.path) {
                    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                    try FileManager.default.copyItem(at: layer, to: dir.appendingPathComponent("layer.tar"))
                }
                layerPaths.append("\(name)/layer.tar")
            }
            manifest.append(["Config": "\(id.hex).json", "RepoTags": image.tags, "Layers": layerPaths])
        }
        try JSONSerialization.data(withJSONObject: manifest).write(to: root.appendingPathComponent("manifest.json"))
        try ImageTestKit.tar(root, to: path)
        return ids
    }

    /// An OCI image layout with gzip-compressed layers and the containerd name annotation; returns the ID.
    func ociArchive(_ image: Image, name: String, to path: String) throws -> String {
        let root = directory.appendingPathComponent("oci-\(UInt32.random(in: 0...UInt32.max))")
        let blobs = root.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        func blob(_ data: Data) throws -> [String: Any] {
            let digest = Digest.of(data)
            try data.write(to: blobs.appendingPathComponent(digest.hex))
            return ["digest": digest.description, "size": data.count]
        }
        var layers: [[String: Any]] = []
        for layer in image.layers {
            let gz = directory.appendingPathComponent("l-\(UInt32.random(in: 0...UInt32.max)).tar")
            try FileManager.default.copyItem(at: layer, to: gz)
            _ = try Command.run("gzip", ["-n", gz.path])
            var descriptor = try blob(try Data(contentsOf: URL(fileURLWithPath: gz.path + ".gz")))
            descriptor["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
            layers.append(descriptor)
        }
        let config = try Self.config(for: image)
        var configDescriptor = try blob(config)
        configDescriptor["mediaType"] = "application/vnd.oci.image.config.v1+json"
        let manifest: [String: Any] = ["schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                                       "config": configDescriptor, "layers": layers]
        var manifestDescriptor = try blob(try JSONSerialization.data(withJSONObject: manifest))
        manifestDescriptor["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
        manifestDescriptor["annotations"] = ["io.containerd.image.name": name, "org.opencontainers.image.ref.name": "latest"]
        let index: [String: Any] = ["schemaVersion": 2, "manifests": [manifestDescriptor]]
        try JSONSerialization.data(withJSONObject: index).write(to: root.appendingPathComponent("index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: root.appendingPathComponent("oci-layout"))
        try ImageTestKit.tar(root, to: path)
        return Digest.of(config).description
    }
}

import TestSupport
