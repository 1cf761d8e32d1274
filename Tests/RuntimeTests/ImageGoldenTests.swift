import Foundation
import Testing
@testable import Runtime

/// Bytes dockerd 20.10 (20.10.24+dfsg1) wrote for `docker import -c 'CMD ["/bin/sh"]' busybox.tar refimg:1` and
/// its `docker save`: the store must produce the same bytes from the same inputs, so images get the same IDs
/// here and there.
@Suite("Image configs match dockerd byte for byte")
struct ImageGoldenTests {
    static let dockerdImportConfig = #"{"architecture":"amd64","comment":"Imported from -","config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["/bin/sh"],"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"container_config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"created":"2026-11-30T06:48:41.390662797Z","docker_version":"20.10.24+dfsg1","history":[{"created":"2026-11-30T06:48:41.390662797Z","comment":"Imported from -"}],"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:96edc4e25a3bd8069482bfbb40a5d4c7f9b6379dc56f2044aa892dec85fe4d36"]}}"#
    static let dockerdLegacyLayerJSON = #"{"id":"b73734d0679df098a000d97b08ea1e26ad08cbb6210294f8c0b5910ab47d16a2","comment":"Imported from -","created":"2026-11-30T06:48:41.390662797Z","container_config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"docker_version":"20.10.24+dfsg1","config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["/bin/sh"],"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"architecture":"amd64","os":"linux"}"#
    static let diffID = Digest("sha256:96edc4e25a3bd8069482bfbb40a5d4c7f9b6379dc56f2044aa892dec85fe4d36")!

    @Test("the import config is dockerd's, so the image ID is too")
    func importConfig() throws {
        var run = ImageRunConfig()
        try ConfigChanges.apply(["CMD [\"/bin/sh\"]"], to: &run)
        let created = try #require(GoTime(rfc3339: "2026-11-30T06:48:41.390662797Z"))
        let raw = ImageStore.importConfig(run: run, message: "Imported from -", diffID: Self.diffID, architecture: "amd64",
                                          dockerVersion: "20.10.24+dfsg1", created: created)
        #expect(String(decoding: raw, as: UTF8.self) == Self.dockerdImportConfig)
        #expect(Digest.of(raw).description == "sha256:87f1d64be5aa0d0dca221bed3538dbc68eef0d5af7cbce7e6293adee35648302")
    }

    @Test("the save tarball's legacy layer IDs and json are dockerd's")
    func legacyLayers() throws {
        let config = try ImageConfig.parse(Data(Self.dockerdImportConfig.utf8))
        let top = LegacyLayerJSON.layers(for: config, diffIDs: [Self.diffID])
        #expect(top.map(\.id) == ["b73734d0679df098a000d97b08ea1e26ad08cbb6210294f8c0b5910ab47d16a2"])
        #expect(String(decoding: top[0].json, as: UTF8.self) == Self.dockerdLegacyLayerJSON)
        // As the lower layer of a two-layer image the same diff ID gets dockerd's stub ID.
        let lower = LegacyLayerJSON.layers(for: config, diffIDs: [Self.diffID, Digest.of(Data("x".utf8))])
        #expect(lower[0].id == "bcf83c85e4c8a4d26ad1e0d53355cf8e5a786ad30e327b8bee201ddac0e01f33")
    }
}
